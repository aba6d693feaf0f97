import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoStore } from '../adapters/aws/dynamo-store';
import { chartAssetsUnder, createPngChartRenderer } from '../adapters/chart/png';
import { createChatRouter } from '../adapters/chat-router';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../adapters/local/embedded-dynamo';
import { createFileBlobStore } from '../adapters/local/file-blobs';
import { LocalQueue, type LocalQueueOptions } from '../adapters/local/local-queue';
import { createOfflineJudge } from '../adapters/local/offline-judge';
import { createOfflineModelHost, createOfflineReference, createOfflineTrainer } from '../adapters/local/offline-models';
import { PlaygroundChat } from '../adapters/local/playground-chat';
import { createJsonLogger } from '../adapters/log/json-logger';
import { createOpenAiCompatibleGenerator, createOpenAiCompatibleJudge } from '../adapters/openai/openai-compatible';
import { createUploadFetcher } from '../adapters/slack/files';
import { systemClock } from '../adapters/system/clock';
import { createRandomIds } from '../adapters/system/random-ids';
import type { Config } from '../core/config';
import { LeagueError } from '../core/errors';
import type { Logger } from '../core/ports';
import type { LeagueDeps } from '../core/services/context';
import { settingsFrom } from '../handlers/settings';
import { createDeadLetterHandler, createWorkerHandler } from '../handlers/worker';
import { corpusPath, projectRoot } from './paths';

/** Offline stand-ins by default; models named otherwise go to the configured OpenAI-compatible server. */
function localModels(config: Config): Pick<LeagueDeps, 'reference' | 'judges'> {
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
      m === 'offline-judge' ? createOfflineJudge() : createOpenAiCompatibleJudge(remote(m)),
    ),
  };
}

export interface LocalLeague {
  deps: LeagueDeps;
  /** Where the store and blobs live (a temporary folder when ephemeral). */
  dataDir: string;
  queue: LocalQueue;
  chat: PlaygroundChat;
  dynamo: EmbeddedDynamo;
  close(): Promise<void>;
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
}

/**
 * The local composition root: the same worker handler Lambda runs, fed by the in-process queue,
 * over the DynamoDB adapter on an embedded engine, file blobs and the offline model stand-ins.
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
  const chat = new PlaygroundChat();
  const blobs = createFileBlobStore(join(dataDir, 'blobs'));

  const queue = new LocalQueue({
    visibilityTimeoutMs: config.queue.visibilityTimeoutMs,
    maxReceiveCount: config.queue.maxReceiveCount,
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
    trainer: createOfflineTrainer({ blobs, queue }),
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
  const handler = createWorkerHandler(deps, {
    keepVisible: {
      timeoutMs: options.queue?.visibilityTimeoutMs ?? config.queue.visibilityTimeoutMs,
      change: (receiptHandle, ms) => queue.changeVisibility(receiptHandle, ms),
    },
  });
  const worker = options.wrapWorker
    ? options.wrapWorker((e) => handler(e))
    : (e: Parameters<typeof handler>[0]) => handler(e);
  const deadLetter = createDeadLetterHandler(deps);
  queue.start();
  return {
    deps,
    dataDir,
    queue,
    chat,
    dynamo,
    async close() {
      queue.stop();
      await dynamo.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}
