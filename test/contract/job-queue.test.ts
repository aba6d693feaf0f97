import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createSqsQueue } from '../../src/adapters/aws/sqs-queue';
import { LocalQueue } from '../../src/adapters/local/local-queue';
import { QueueJournal } from '../../src/adapters/local/queue-journal';
import { parseJob } from '../../src/core/jobs';
import { awsError } from '../aws/fixtures';
import { CREDENTIALS } from '../aws/support';
import { jobQueueContract, type QueueUnderTest } from './job-queue.contract';

/**
 * SQS as its API behaves for SendMessageBatch (the SQS API reference): at most 10 entries with
 * distinct ids, DelaySeconds a whole number in 0..900, a body of at most 256 KiB; a message becomes
 * receivable DelaySeconds after it is sent.
 */
jobQueueContract(
  'SQS (SendMessageBatch through aws-sdk-client-mock)',
  async () => {
    const client = new SQSClient({ region: 'us-west-2', credentials: CREDENTIALS });
    const sqs = mockClient(client);
    const sent: SendMessageBatchRequestEntry[] = [];
    sqs.on(SendMessageBatchCommand).callsFake(async (input: { Entries: SendMessageBatchRequestEntry[] }) => {
      const entries = input.Entries;
      if (entries.length === 0) throw awsError('EmptyBatchRequest', 'There should be at least one entry');
      if (entries.length > 10) throw awsError('TooManyEntriesInBatchRequest', 'Maximum number of entries is 10');
      if (new Set(entries.map((e) => e.Id)).size !== entries.length)
        throw awsError('BatchEntryIdsNotDistinct', 'Two or more entries have the same Id');
      for (const e of entries) {
        const d = e.DelaySeconds;
        if (d !== undefined && (!Number.isInteger(d) || d < 0 || d > 900))
          throw awsError('InvalidParameterValue', 'DelaySeconds must be an integer from 0 to 900');
        if (Buffer.byteLength(e.MessageBody ?? '') > 256 * 1024)
          throw awsError('BatchRequestTooLong', 'Batch requests cannot be longer than 262144 bytes');
      }
      sent.push(...entries);
      return { Successful: entries.map((e) => ({ Id: e.Id, MessageId: `m-${sent.length}`, MD5OfMessageBody: 'x' })) };
    });
    return {
      queue: createSqsQueue({ client, queueUrl: 'https://sqs.us-west-2.amazonaws.com/123456789012/league-jobs' }),
      delivered: async () =>
        sent.map((e) => ({ job: parseJob(e.MessageBody!), delayMs: (e.DelaySeconds ?? 0) * 1000 })),
      outage: () => {
        sqs.on(SendMessageBatchCommand).rejects(awsError('ServiceUnavailable', 'Service Unavailable', 503));
      },
      close: async () => {
        sqs.restore();
      },
    };
  },
  { canBeUnavailable: true },
);

/** The local stand-in, delivering to a worker in this process that acknowledges everything. */
async function localQueueUnderTest(journalDir?: string): Promise<QueueUnderTest> {
  const deliveries: { body: string; at: number }[] = [];
  const sentAt = new Map<string, number>();
  const queue = new LocalQueue({
    visibilityTimeoutMs: 1_000,
    maxReceiveCount: 3,
    consumer: async (event) => {
      for (const r of event.Records) deliveries.push({ body: r.body, at: Date.now() });
      return { batchItemFailures: [] };
    },
    journal: journalDir ? new QueueJournal(journalDir) : undefined,
  });
  await queue.restore();
  queue.start();
  const send = queue.send.bind(queue);
  return {
    queue: {
      send: async (jobs, options) => {
        for (const j of jobs) sentAt.set(JSON.stringify(j), Date.now());
        await send(jobs, options);
      },
    },
    delivered: async () => {
      await queue.drain(5_000);
      return deliveries.map((d) => ({ job: parseJob(d.body), delayMs: d.at - (sentAt.get(d.body) ?? d.at) }));
    },
    outage: () => {
      throw new Error('the local queue has no outage');
    },
    close: async () => {
      queue.stop();
      await queue.settle(5_000);
      if (journalDir) rmSync(journalDir, { recursive: true, force: true });
    },
  };
}

// The stand-in delivers to a worker in this process; it has no outage to simulate.
jobQueueContract('local queue (stand-in, in memory)', () => localQueueUnderTest(), { canBeUnavailable: false });
jobQueueContract(
  'local queue (stand-in, journalled on disk as `npm start` runs it)',
  () => localQueueUnderTest(mkdtempSync(join(tmpdir(), 'queue-contract-'))),
  { canBeUnavailable: false },
);
