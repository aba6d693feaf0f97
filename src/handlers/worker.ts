import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createSqsChangeVisibility } from '../adapters/aws/sqs-queue';
import { loadConfig } from '../core/config';
import { ConflictError, isUserError, TransientError } from '../core/errors';
import { type Job, parseJob } from '../core/jobs';
import type { LeagueDeps } from '../core/services/context';
import { handleDeadLetter } from '../core/services/dead-letter';
import { runJob } from '../core/services/run-job';
import { type KeepVisible, keepBatchVisible, type VisibilityHeartbeat } from './visibility-heartbeat';
import { workerDeps } from './worker-deps';

/**
 * The job worker: an SQS batch in, partial batch failures out. A record fails (and is redelivered)
 * only on an outage or a bug; a lost race or a member's mistake is handled, not retried.
 */
export interface WorkerOptions {
  /** Brings a failed record back after the delay its error asked for (SQS ChangeMessageVisibility). */
  retryLater?: (receiptHandle: string, delayMs: number) => Promise<void>;
  /** Keeps the records of a batch invisible while the batch is worked on, so a slow job is not handed to a second worker. */
  keepVisible?: KeepVisible;
}

export function createWorkerHandler(
  deps: LeagueDeps,
  options: WorkerOptions = {},
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  const handleRecord = async (record: SQSRecord, heartbeat?: VisibilityHeartbeat) => {
    const job = parseJob(record.body);
    try {
      await runJob(deps, job);
    } catch (e) {
      if (e instanceof ConflictError) return; // another delivery already made this step
      if (isUserError(e)) {
        deps.log.warn('job ended with a user error', { job, error: e.message });
        return;
      }
      deps.log.warn('job failed; it will be retried', { job, error: e instanceof Error ? e.message : String(e) });
      heartbeat?.release(record.receiptHandle);
      if (e instanceof TransientError && e.retryAfterMs !== undefined && options.retryLater) {
        // Best effort: without it the record simply waits out the queue's visibility timeout.
        await options
          .retryLater(record.receiptHandle, e.retryAfterMs)
          .catch((err: unknown) =>
            deps.log.warn('retry delay not set', { job, error: err instanceof Error ? err.message : String(err) }),
          );
      }
      throw e;
    }
  };
  // A processor per batch: it keeps the batch's results, and the local queue runs batches concurrently.
  return async (event, context) => {
    const heartbeat = options.keepVisible && keepBatchVisible(event.Records, options.keepVisible, deps.log);
    try {
      return await processPartialResponse(
        event,
        (record: SQSRecord) => handleRecord(record, heartbeat),
        new BatchProcessor(EventType.SQS),
        { context: context as Context, throwOnFullBatchFailure: false },
      );
    } finally {
      heartbeat?.stop();
    }
  };
}

/** Consumer of the dead-letter queue: fails the submission behind each dead job, with a DM. */
export function createDeadLetterHandler(deps: LeagueDeps): (event: SQSEvent) => Promise<void> {
  return async (event) => {
    for (const record of event.Records) {
      let job: Job;
      try {
        job = parseJob(record.body);
      } catch {
        deps.log.error('unreadable dead letter', { messageId: record.messageId });
        continue;
      }
      await handleDeadLetter(deps, job, `received ${record.attributes.ApproximateReceiveCount} times`);
    }
  };
}

/** Lambda entry points: dependencies are built once per cold start. */
let worker: ReturnType<typeof createWorkerHandler> | undefined;
export const handler = async (event: SQSEvent, context: Context) => {
  if (!worker) {
    const config = loadConfig(process.env);
    const changeVisibility = config.queueUrl
      ? createSqsChangeVisibility({ client: new SQSClient({ region: config.region }), queueUrl: config.queueUrl })
      : undefined;
    worker = createWorkerHandler(await workerDeps(), {
      retryLater: changeVisibility,
      keepVisible: changeVisibility && { timeoutMs: config.queue.visibilityTimeoutMs, change: changeVisibility },
    });
  }
  return worker(event, context);
};
export const deadLetterHandler = async (event: SQSEvent) => createDeadLetterHandler(await workerDeps())(event);
