import 'aws-sdk-client-mock-vitest/extend';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSqsQueue } from '../../src/adapters/aws/sqs-queue';
import { TransientError } from '../../src/core/errors';
import { type Job, parseJob } from '../../src/core/jobs';
import { awsError } from './fixtures';
import { CREDENTIALS } from './support';

const client = new SQSClient({ region: 'us-west-2', credentials: CREDENTIALS });
const sqs = mockClient(client);
const QUEUE_URL = 'https://sqs.us-west-2.amazonaws.com/123456789012/llm-league-prod-JobQueue';
const queue = createSqsQueue({ client, queueUrl: QUEUE_URL });

const judgeJobs = (n: number): Job[] =>
  Array.from({ length: n }, (_, chunk) => ({ type: 'judge', submissionId: 's7hk2m9q', chunk }));
const batches = () => sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
const ok = (ids: string[]) => ({
  Successful: ids.map((Id) => ({ Id, MessageId: `m-${Id}`, MD5OfMessageBody: 'x' })),
  Failed: [],
});

beforeEach(() => {
  sqs.reset();
  sqs
    .on(SendMessageBatchCommand)
    .callsFake(async (input: { Entries: { Id: string }[] }) => ok(input.Entries.map((e) => e.Id)));
});

describe('SQS queue: SendMessageBatch', () => {
  it('sends each job as its JSON body with its type as a message attribute, no delay, to the queue URL', async () => {
    const jobs: Job[] = [
      { type: 'ingest', submissionId: 's1' },
      {
        type: 'training-finished',
        jobName: 'league-s1',
        status: 'Failed',
        failureReason: 'AlgorithmError: CUDA out of memory',
      },
    ];
    await queue.send(jobs);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(batches()[0]).toEqual({
      QueueUrl: QUEUE_URL,
      Entries: [
        {
          Id: '0',
          MessageBody: '{"type":"ingest","submissionId":"s1"}',
          MessageAttributes: { type: { DataType: 'String', StringValue: 'ingest' } },
        },
        {
          Id: '1',
          MessageBody:
            '{"type":"training-finished","jobName":"league-s1","status":"Failed","failureReason":"AlgorithmError: CUDA out of memory"}',
          MessageAttributes: { type: { DataType: 'String', StringValue: 'training-finished' } },
        },
      ],
    });
    for (const e of batches()[0]!.Entries!) expect(e.DelaySeconds).toBeUndefined();
  });

  it('splits 23 jobs into batches of 10, 10 and 3 with ids unique within each batch, keeping the order', async () => {
    const jobs = judgeJobs(23);
    await queue.send(jobs);
    const sent = batches();
    expect(sent.map((b) => b.Entries!.length)).toEqual([10, 10, 3]);
    for (const b of sent) {
      expect(b.QueueUrl).toBe(QUEUE_URL);
      expect(new Set(b.Entries!.map((e) => e.Id)).size).toBe(b.Entries!.length);
    }
    expect(sent.flatMap((b) => b.Entries!.map((e) => parseJob(e.MessageBody!)))).toEqual(jobs);
  });

  it('sends nothing for no jobs', async () => {
    await queue.send([]);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('delays every message of a retry by the delay asked for', async () => {
    await queue.send(judgeJobs(12), { delaySeconds: 60 });
    const entries = batches().flatMap((b) => b.Entries!);
    expect(entries).toHaveLength(12);
    expect(new Set(entries.map((e) => e.DelaySeconds))).toEqual(new Set([60]));
  });

  it('rounds a delay up to whole seconds and keeps it within the 0..900 s SQS allows', async () => {
    for (const delaySeconds of [1.2, 3600, -5, 0]) await queue.send(judgeJobs(1), { delaySeconds });
    expect(batches().map((b) => b.Entries![0]!.DelaySeconds)).toEqual([2, 900, 0, 0]);
  });
});

describe('SQS queue: failures', () => {
  it('resends only the entries SQS failed, once, unchanged', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: ok(['0', '1', '3']).Successful,
        Failed: [
          { Id: '2', Code: 'InternalError', SenderFault: false },
          { Id: '4', Code: 'ServiceUnavailable', SenderFault: false },
        ],
      })
      .callsFake(async (input: { Entries: { Id: string }[] }) => ok(input.Entries.map((e) => e.Id)));
    await queue.send(judgeJobs(5), { delaySeconds: 30 });
    const [first, retry] = batches();
    expect(batches()).toHaveLength(2);
    expect(retry).toEqual({ QueueUrl: QUEUE_URL, Entries: [first!.Entries![2], first!.Entries![4]] });
    expect(retry!.Entries!.map((e) => parseJob(e.MessageBody!))).toEqual([judgeJobs(5)[2], judgeJobs(5)[4]]);
    expect(retry!.Entries!.map((e) => e.DelaySeconds)).toEqual([30, 30]);
  });

  it('raises a TransientError naming how many were refused when the retry fails too, so the job is redelivered', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [], Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    const e = await queue.send(judgeJobs(3)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('Queue refused 1 messages');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
  });

  it('stops at the first batch that cannot be sent', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .callsFakeOnce(async (input: { Entries: { Id: string }[] }) => ok(input.Entries.map((e) => e.Id)))
      .resolves({ Successful: [], Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    await expect(queue.send(judgeJobs(30))).rejects.toBeInstanceOf(TransientError);
    expect(batches().map((b) => b.Entries!.length)).toEqual([10, 10, 1]);
  });

  it('turns throttling or an unreachable queue into a TransientError that keeps the cause', async () => {
    const throttled = awsError('ThrottlingException', 'Rate exceeded');
    sqs.on(SendMessageBatchCommand).rejects(throttled);
    const e = await queue.send(judgeJobs(1)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as TransientError).cause).toBe(throttled);
  });
});
