import { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsQueue } from '../adapters/aws/sqs-queue';
import { parseTrainingEvent } from '../adapters/aws/training-event';
import { createJsonLogger } from '../adapters/log/json-logger';
import { loadConfig } from '../core/config';
import { LeagueError } from '../core/errors';
import type { JobQueue, Logger } from '../core/ports';

/**
 * EventBridge "SageMaker Training Job State Change" -> a `training-finished` job on the queue, where
 * the worker records the outcome. Non-final states are ignored; an unreadable event is logged, not
 * retried (it would never read better). A failed send throws, so Lambda retries the event.
 */
export function createTrainingEventsHandler(deps: { queue: JobQueue; log: Logger }): (event: unknown) => Promise<void> {
  return async (event) => {
    const result = parseTrainingEvent(event);
    if (result.kind === 'invalid') return deps.log.error('unreadable training event', { problems: result.problems });
    if (result.kind === 'ignored') return;
    await deps.queue.send([result.job]);
    deps.log.info('training finished', { jobName: result.job.jobName, status: result.job.status });
  };
}

let built: ReturnType<typeof createTrainingEventsHandler> | undefined;

function build() {
  const config = loadConfig(process.env);
  if (!config.queueUrl) throw new LeagueError('CONFIG', 'The training events handler needs QUEUE_URL.');
  const queue = createSqsQueue({ client: new SQSClient({ region: config.region }), queueUrl: config.queueUrl });
  return createTrainingEventsHandler({ queue, log: createJsonLogger({ service: 'league-training-events' }) });
}

export const handler = async (event: unknown): Promise<void> => (built ??= build())(event);
