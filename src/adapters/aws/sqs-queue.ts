import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { TransientError } from '../../core/errors';
import type { JobQueue } from '../../core/ports';

const MAX_BATCH = 10; // SQS SendMessageBatch limit
const MAX_DELAY_SECONDS = 900;

/** SQS refuses the whole batch for a delay that is not a whole number of seconds in 0..900. */
const delay = (seconds: number | undefined) =>
  seconds === undefined ? undefined : Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(seconds)));

/** JobQueue on SQS: batches of 10, failed entries retried once, then reported as an outage. */
export function createSqsQueue({ client, queueUrl }: { client: SQSClient; queueUrl: string }): JobQueue {
  return {
    async send(jobs, options = {}) {
      for (let i = 0; i < jobs.length; i += MAX_BATCH) {
        let entries = jobs.slice(i, i + MAX_BATCH).map((job, n) => ({
          Id: String(n),
          MessageBody: JSON.stringify(job),
          DelaySeconds: delay(options.delaySeconds),
          MessageAttributes: { type: { DataType: 'String', StringValue: job.type } },
        }));
        for (let attempt = 0; entries.length; attempt++) {
          const r = await client
            .send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
            .catch((e: unknown) => {
              throw new TransientError('Queue unavailable', { cause: e });
            });
          const failed = new Set((r.Failed ?? []).map((f) => f.Id));
          entries = entries.filter((e) => failed.has(e.Id));
          if (entries.length && attempt >= 1) throw new TransientError(`Queue refused ${entries.length} messages`);
        }
      }
    },
  };
}

/** SQS keeps a message invisible for at most 12 hours. */
const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * Sets how long a received message stays invisible from now (ChangeMessageVisibility): a failed
 * message comes back after the delay its error asked for (an endpoint still starting, a throttle)
 * instead of the queue's whole visibility timeout, and a message still being worked on keeps its claim.
 */
export function createSqsChangeVisibility({ client, queueUrl }: { client: SQSClient; queueUrl: string }) {
  return async (receiptHandle: string, delayMs: number): Promise<void> => {
    const seconds = Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  };
}
