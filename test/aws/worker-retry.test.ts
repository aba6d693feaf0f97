import 'aws-sdk-client-mock-vitest/extend';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqsChangeVisibility } from '../../src/adapters/aws/sqs-queue';
import { TransientError } from '../../src/core/errors';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { createWorkerHandler } from '../../src/handlers/worker';
import { startTestLeague, type TestLeague } from '../support/league';
import { CREDENTIALS } from './support';

const QUEUE_URL = 'https://sqs.us-west-2.amazonaws.com/123456789012/league-jobs';
const client = new SQSClient({ region: 'us-west-2', credentials: CREDENTIALS });
const sqs = mockClient(client);

let league: TestLeague | undefined;
beforeEach(() => sqs.reset());
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const record = (messageId: string, body: unknown) => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body: JSON.stringify(body),
  attributes: { ApproximateReceiveCount: '1' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-west-2:123456789012:league-jobs',
  awsRegion: 'us-west-2',
});

/** A submission being judged, whose judge job needs its endpoint. */
async function evaluating(l: TestLeague, id: string) {
  const at = new Date().toISOString();
  await l.deps.store.createSubmission({
    id,
    roundId: 'demo',
    userId: 'local:demo:fay',
    stage: 'EVALUATING',
    createdAt: at,
    updatedAt: at,
    quotaDay: at.slice(0, 10),
    upload: { name: 'd.jsonl' },
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    modelUri: `test://${id}`,
    chunksTotal: 1,
  });
}

describe('the worker on SQS', () => {
  it('brings a record back after the delay its error asked for, not the whole visibility timeout', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        host: {
          open: () => Promise.reject(new TransientError('Endpoint league-s1 is Creating', { retryAfterMs: 60_500 })),
          close: async () => {},
        },
      }),
    });
    league.queue.stop();
    const worker = createWorkerHandler(league.deps, {
      retryLater: createSqsChangeVisibility({ client, queueUrl: QUEUE_URL }),
    });
    // A judge job whose submission is being evaluated: it needs the endpoint, which is still starting.
    await evaluating(league, 's1');
    const event = {
      Records: [
        record('m1', { type: 'judge', submissionId: 's1', chunk: 0 }),
        record('m2', { type: 'notify', submissionId: 'nope' }),
      ],
    } as unknown as SQSEvent;
    const result = await worker(event);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(sqs).toHaveReceivedCommandTimes(ChangeMessageVisibilityCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      QueueUrl: QUEUE_URL,
      ReceiptHandle: 'rh-m1',
      VisibilityTimeout: 61,
    });
  });

  it('keeps every record of a batch invisible until the batch is answered, and stops then', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        // The endpoint takes 350 ms to answer: longer than a third of the 300 ms visibility timeout, twice over.
        host: {
          open: () => new Promise((_, reject) => setTimeout(() => reject(new TransientError('endpoint down')), 350)),
          close: async () => {},
        },
      }),
    });
    league.queue.stop();
    const worker = createWorkerHandler(league.deps, {
      keepVisible: { timeoutMs: 300, change: createSqsChangeVisibility({ client, queueUrl: QUEUE_URL }) },
    });
    await evaluating(league, 's3');
    const result = await worker({
      Records: [
        record('m4', { type: 'judge', submissionId: 's3', chunk: 0 }),
        // Done at once, but SQS deletes it only when the batch is answered: it must stay covered until then.
        record('m5', { type: 'notify', submissionId: 'nope' }),
      ],
    } as unknown as SQSEvent);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm4' }]);
    const extensions = sqs.commandCalls(ChangeMessageVisibilityCommand).length;
    const of = (handle: string) =>
      sqs.commandCalls(ChangeMessageVisibilityCommand).filter((c) => c.args[0].input.ReceiptHandle === handle).length;
    expect(of('rh-m4')).toBeGreaterThanOrEqual(2);
    expect(of('rh-m5')).toBeGreaterThanOrEqual(of('rh-m4'));
    // SQS counts visibility in whole seconds: 300 ms is asked for as 1 s, from the time of the call.
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      QueueUrl: QUEUE_URL,
      ReceiptHandle: 'rh-m4',
      VisibilityTimeout: 1,
    });
    await new Promise((r) => setTimeout(r, 250));
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(extensions);
  });

  it("keeps the queue's own timeout when the delay cannot be set", async () => {
    sqs.on(ChangeMessageVisibilityCommand).rejects(new Error('AccessDenied'));
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        host: {
          open: () => Promise.reject(new TransientError('starting', { retryAfterMs: 1_000 })),
          close: async () => {},
        },
      }),
    });
    league.queue.stop();
    const worker = createWorkerHandler(league.deps, {
      retryLater: createSqsChangeVisibility({ client, queueUrl: QUEUE_URL }),
    });
    await evaluating(league, 's2');
    const result = await worker({
      Records: [record('m3', { type: 'judge', submissionId: 's2', chunk: 0 })],
    } as unknown as SQSEvent);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
    expect(league.logs.some((l) => l.includes('retry delay not set'))).toBe(true);
  });
});
