import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqsQueue } from '../../src/adapters/aws/sqs-queue';
import type { TrainingRequest } from '../../src/core/ports';
import { createTrainingEventsHandler } from '../../src/handlers/training-events';
import { createWorkerHandler } from '../../src/handlers/worker';
import { resultDms, startTestLeague, type TestLeague } from '../support/league';
import { trainingEvent } from './fixtures';
import { CREDENTIALS } from './support';

const client = new SQSClient({ region: 'us-west-2', credentials: CREDENTIALS });
const sqs = mockClient(client);
const QUEUE_ARN = 'arn:aws:sqs:us-west-2:123456789012:llm-league-prod-JobQueue';
const REASON =
  'AlgorithmError: ExecuteUserScriptError: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});
beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(async (input: { Entries: { Id: string }[] }) => ({
    Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: '' })),
    Failed: [],
  }));
});

/** The messages the handler put on SQS, as the worker Lambda receives them. */
function deliveries(from = 0): SQSEvent {
  const entries = sqs
    .commandCalls(SendMessageBatchCommand)
    .slice(from)
    .flatMap((c) => c.args[0].input.Entries as SendMessageBatchRequestEntry[]);
  return {
    Records: entries.map((e, i) => ({
      messageId: `m-${from}-${i}`,
      receiptHandle: 'r',
      body: e.MessageBody!,
      md5OfBody: '',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'AIDA',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: Object.fromEntries(
        Object.entries(e.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          { dataType: v.DataType!, stringValue: v.StringValue },
        ]),
      ),
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: 'us-west-2',
    })),
  };
}

/** A league whose trainer, like SageMaker, only starts jobs: completion comes back as an EventBridge event. */
async function leagueTraining(member: string) {
  const started: TrainingRequest[] = [];
  league = await startTestLeague({
    override: (deps) => ({
      ...deps,
      trainer: {
        start: async (req) => {
          started.push(req);
        },
        stop: async () => {},
      },
    }),
  });
  await league.submit(member, 'medium.jsonl');
  await league.queue.drain(20_000);
  const [sub] = await league.deps.store.listSubmissionsByUser(`local:demo:${member}`);
  expect(sub!.stage).toBe('TRAINING');
  expect(started.map((s) => s.jobName)).toEqual([sub!.trainingJobName]);
  return { league, sub: sub!, jobName: sub!.trainingJobName! };
}

describe('SageMaker "Training Job State Change" events', () => {
  it("puts a failed job's FailureReason in the member's DM, once, however often the event arrives", async () => {
    const { league: l, sub, jobName } = await leagueTraining('hana');
    const handler = createTrainingEventsHandler({
      queue: createSqsQueue({
        client,
        queueUrl: 'https://sqs.us-west-2.amazonaws.com/123456789012/llm-league-prod-JobQueue',
      }),
      log: l.deps.log,
    });
    const worker = createWorkerHandler(l.deps);

    await handler(trainingEvent.failed(jobName, REASON));
    const first = deliveries();
    expect(first.Records.map((r) => [JSON.parse(r.body), r.messageAttributes.type?.stringValue])).toEqual([
      [{ type: 'training-finished', jobName, status: 'Failed', failureReason: REASON }, 'training-finished'],
    ]);
    expect((await worker(first)).batchItemFailures).toEqual([]);
    await l.queue.drain(20_000);

    const failed = (await l.deps.store.getSubmission(sub.id))!;
    expect(failed.stage).toBe('TRAINING_FAILED');
    expect(failed.failure).toEqual({ reason: `Fine-tuning failed: ${REASON}`, countsAgainstQuota: false });
    const dms = resultDms(l.chat.conversation('dm:local:demo:hana'));
    expect(dms).toHaveLength(1);
    expect(dms[0]!.message.text).toContain(REASON);
    expect(dms[0]!.message.text).toMatch(/does not count against your daily quota/);
    expect(await l.deps.store.quotaUsed(sub.roundId, sub.userId, sub.quotaDay)).toBe(0);

    // EventBridge delivers at least once: the same event again, and a redelivery of the same message.
    const sentBefore = sqs.commandCalls(SendMessageBatchCommand).length;
    await handler(trainingEvent.failed(jobName, REASON));
    expect((await worker(deliveries(sentBefore))).batchItemFailures).toEqual([]);
    expect((await worker(first)).batchItemFailures).toEqual([]);
    await l.queue.drain(20_000);

    expect(await l.deps.store.getSubmission(sub.id)).toEqual(failed);
    expect(resultDms(l.chat.conversation('dm:local:demo:hana'))).toHaveLength(1);
    const changes = (await l.deps.store.listAudit()).filter(
      (a) => a.target === sub.id && a.action === 'submission.TRAINING_FAILED',
    );
    expect(changes).toHaveLength(1);
    expect(l.queue.deadLetters).toEqual([]);
  });

  it('queues nothing for a job still in progress, and nothing for an unreadable event', async () => {
    const log: string[] = [];
    const handler = createTrainingEventsHandler({
      queue: createSqsQueue({ client, queueUrl: 'https://sqs.us-west-2.amazonaws.com/123456789012/q' }),
      log: {
        info: () => {},
        warn: () => {},
        error: (m) => {
          log.push(m);
        },
      },
    });
    await handler(trainingEvent.inProgress('league-s1'));
    await handler({
      source: 'aws.sagemaker',
      'detail-type': 'SageMaker Training Job State Change',
      detail: { TrainingJobName: 'league-s1' },
    });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(log).toEqual(['unreadable training event']);
  });
});
