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
import { workerDeps } from './worker-deps';

/**
 * The job worker: an SQS batch in, partial batch failures out. A record fails (and is redelivered)
 * only on an outage or a bug; a lost race or a member's mistake is handled, not retried.
 */
export interface WorkerOptions {
  /** Brings a failed record back after the delay its error asked for (SQS ChangeMessageVisibility). */
  retryLater?: (receiptHandle: string, delayMs: number) => Promise<void>;
  /**
   * Keeps a record that is still being worked on invisible: every third of `timeoutMs` its visibility
   * is set to `timeoutMs` again, so a slow job is not handed to a second worker.
   */
  keepVisible?: { timeoutMs: number; change: (receiptHandle: string, timeoutMs: number) => Promise<void> };
}

/** Extends the record's visibility while `work` runs (best effort: a refusal is logged, the work goes on). */
async function whileVisible<T>(
  deps: LeagueDeps,
  record: SQSRecord,
  keepVisible: WorkerOptions['keepVisible'],
  work: () => Promise<T>,
): Promise<T> {
  if (!keepVisible) return work();
  const timer = setInterval(() => {
    keepVisible.change(record.receiptHandle, keepVisible.timeoutMs).catch((err: unknown) =>
      deps.log.warn('visibility not extended', {
        messageId: record.messageId,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
  }, keepVisible.timeoutMs / 3);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export function createWorkerHandler(
  deps: LeagueDeps,
  options: WorkerOptions = {},
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  const handleRecord = async (record: SQSRecord) => {
    const job = parseJob(record.body);
    try {
      await whileVisible(deps, record, options.keepVisible, () => runJob(deps, job));
    } catch (e) {
      if (e instanceof ConflictError) return; // another delivery already made this step
      if (isUserError(e)) {
        deps.log.warn('job ended with a user error', { job, error: e.message });
        return;
      }
      deps.log.warn('job failed; it will be retried', { job, error: e instanceof Error ? e.message : String(e) });
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
  return (event, context) =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
      context: context as Context,
      throwOnFullBatchFailure: false,
    });
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
