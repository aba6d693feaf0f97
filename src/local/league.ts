import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoStore } from '../adapters/aws/dynamo-store';
import { chartAssetsUnder, createPngChartRenderer } from '../adapters/chart/png';
import { createChatRouter } from '../adapters/chat-router';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../adapters/local/embedded-dynamo';
import { createFileBlobStore } from '../adapters/local/file-blobs';
import { LocalQueue, type LocalQueueOptions } from '../adapters/local/local-queue';
import { createOfflineDatasetGenerator } from '../adapters/local/offline-generator';
import { createOfflineJudge } from '../adapters/local/offline-judge';
import { withJudgeLatency, withReadLatency } from '../adapters/local/offline-latency';
import { createOfflineModelHost, createOfflineReference, createOfflineTrainer } from '../adapters/local/offline-models';
import { PlaygroundChat } from '../adapters/local/playground-chat';
import { QueueJournal } from '../adapters/local/queue-journal';
import { createJsonLogger } from '../adapters/log/json-logger';
import { createOpenAiCompatibleGenerator, createOpenAiCompatibleJudge } from '../adapters/openai/openai-compatible';
import { createUploadFetcher } from '../adapters/slack/files';
import { systemClock } from '../adapters/system/clock';
import { createRandomIds } from '../adapters/system/random-ids';
import type { Config } from '../core/config';
import { LeagueError } from '../core/errors';
import type { Logger } from '../core/ports';
import type { LeagueDeps } from '../core/services/context';
import { datasetGeneratorOver } from '../core/services/drafts/model-generator';
import { sweep } from '../core/services/sweeper';
import { settingsFrom } from '../handlers/settings';
import { createDeadLetterHandler, createWorkerHandler } from '../handlers/worker';
import { corpusPath, examplesDir, projectRoot } from './paths';

/** Offline stand-ins by default; models named otherwise go to the configured OpenAI-compatible server. */
function localModels(config: Config): Pick<LeagueDeps, 'reference' | 'judges' | 'generator'> {
  const remote = (model: string) => {
    if (!config.openai)
      throw new LeagueError(
        'CONFIG',
        `Model ${model} needs OPENAI_BASE_URL (an OpenAI-compatible server), or use the offline-* models.`,
      );
    return { baseUrl: config.openai.baseUrl, apiKey: config.openai.apiKey, model };
  };
  return {
    reference:
      config.referenceModel === 'offline-reference'
        ? createOfflineReference(corpusPath())
        : createOpenAiCompatibleGenerator(remote(config.referenceModel)),
    judges: config.judgeModels.map((m) =>
      m === 'offline-judge'
        ? withJudgeLatency(createOfflineJudge(), config.offlineDelayMs)
        : createOpenAiCompatibleJudge(remote(m)),
    ),
    generator:
      config.generatorModel === 'offline-generator'
        ? createOfflineDatasetGenerator(examplesDir())
        : datasetGeneratorOver(createOpenAiCompatibleGenerator(remote(config.generatorModel))),
  };
}

export interface LocalLeague {
  deps: LeagueDeps;
  /** Where the store, blobs, queued jobs and the playground's history live (a temporary folder when ephemeral). */
  dataDir: string;
  queue: LocalQueue;
  chat: PlaygroundChat;
  dynamo: EmbeddedDynamo;
  /** Jobs the last run left queued (unfinished, or due later), delivered again by this one. */
  restoredJobs: number;
  /**
   * Stops taking jobs, lets the jobs being worked on finish (for up to `graceMs`, by default the
   * queue's visibility timeout), then closes the store. Jobs still running then stay queued for the
   * next start, and the store closes once they end.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface LocalLeagueOptions {
  config: Config;
  /** Keep everything in memory and in a temporary folder (tests, the demo). */
  ephemeral?: boolean;
  queue?: Partial<Omit<LocalQueueOptions, 'consumer' | 'onDeadLetter'>>;
  log?: Logger;
  /** Replace parts of the wiring (tests inject faults or clocks here). */
  override?: (deps: LeagueDeps) => LeagueDeps;
  /** Wraps the worker the queue calls (the chaos harness decides each delivery's fate here). */
  wrapWorker?: (worker: LocalQueueOptions['consumer']) => LocalQueueOptions['consumer'];
  /** Runs the sweeper this often (by default as configured, or never when ephemeral; 0: never). */
  sweepEveryMs?: number;
}

/**
 * The local composition root: the same worker handler Lambda runs, fed by the in-process queue,
 * over the DynamoDB adapter on an embedded engine, file blobs and the offline model stand-ins.
 * Unless ephemeral, everything lives under the data folder and survives a restart: the store, the
 * blobs, the queued jobs (delivered again when the process died before finishing them) and the
 * playground's channel and DMs; the sweeper runs as the scheduled one does on AWS.
 */
export async function startLocalLeague(options: LocalLeagueOptions): Promise<LocalLeague> {
  const { config } = options;
  const scratch = options.ephemeral ? mkdtempSync(join(tmpdir(), 'league-')) : undefined;
  const dataDir = scratch ?? config.dataDir;
  const dynamo = await startEmbeddedDynamo({
    path: scratch ? undefined : join(dataDir, 'dynamo'),
    tableName: config.tableName,
  });
  const log = options.log ?? createJsonLogger({ level: 'warn' });
  const chat = scratch
    ? new PlaygroundChat()
    : await PlaygroundChat.open(join(dataDir, 'playground', 'chat.jsonl'), log);
  const blobs = withReadLatency(createFileBlobStore(join(dataDir, 'blobs')), config.offlineDelayMs);

  const queue = new LocalQueue({
    visibilityTimeoutMs: config.queue.visibilityTimeoutMs,
    maxReceiveCount: config.queue.maxReceiveCount,
    journal: scratch ? undefined : new QueueJournal(join(dataDir, 'queue'), log),
    log,
    ...options.queue,
    consumer: (event) => worker(event),
    onDeadLetter: (event) => deadLetter(event),
  });
  const base: LeagueDeps = {
    store: createDynamoStore({ client: dynamo.client, tableName: config.tableName }),
    queue,
    blobs,
    // Slack's url_private needs the bot token, here as on AWS.
    uploads: createUploadFetcher(config.slack),
    trainer: createOfflineTrainer({ blobs, queue, delayMs: config.offlineDelayMs }),
    host: createOfflineModelHost(blobs),
    ...localModels(config),
    chat: createChatRouter({ local: chat }),
    clock: systemClock,
    ids: createRandomIds(),
    log,
    settings: settingsFrom(config),
    charts: createPngChartRenderer({ ...chartAssetsUnder(projectRoot()), log }),
  };
  const deps: LeagueDeps = options.override ? options.override(base) : base;
  const visibilityTimeoutMs = options.queue?.visibilityTimeoutMs ?? config.queue.visibilityTimeoutMs;
  const handler = createWorkerHandler(deps, {
    keepVisible: {
      timeoutMs: visibilityTimeoutMs,
      change: (receiptHandle, ms) => queue.changeVisibility(receiptHandle, ms),
    },
  });
  const worker = options.wrapWorker
    ? options.wrapWorker((e) => handler(e))
    : (e: Parameters<typeof handler>[0]) => handler(e);
  const deadLetter = createDeadLetterHandler(deps);
  const restored = await queue.restore();
  if (restored.messages) log.info('queued jobs restored', restored);
  queue.start();
  const sweeper = startSweeper(deps, options.sweepEveryMs ?? (scratch ? 0 : config.sweepEveryMs));
  return {
    deps,
    dataDir,
    queue,
    chat,
    dynamo,
    restoredJobs: restored.messages,
    async close({ graceMs = visibilityTimeoutMs } = {}) {
      await sweeper.stop();
      queue.stop();
      const unfinished = await queue.settle(graceMs);
      const closeAll = async () => {
        await chat.close();
        await dynamo.close();
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      };
      if (!unfinished) return closeAll();
      log.warn('jobs still running at close; they stay queued for the next start', { unfinished });
      // The store stays open under them until they end: a write to a closed one would crash the process.
      void queue.settle(Number.POSITIVE_INFINITY).then(closeAll);
    },
  };
}

/**
 * The sweeper on a timer, as the scheduled function runs it on AWS. The first sweep waits one
 * interval, so the jobs left queued by the last run are delivered again first.
 */
function startSweeper(deps: LeagueDeps, everyMs: number): { stop(): Promise<void> } {
  if (everyMs <= 0) return { stop: async () => {} };
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return; // a slow sweep is not run twice at once
    running = sweep(deps)
      .then(
        () => undefined,
        (e: unknown) => deps.log.warn('sweep failed; the next one tries again', { error: (e as Error).message }),
      )
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
