import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDynamoStore } from '../adapters/aws/dynamo-store';
import { bedrockModelFamily } from '../adapters/aws/model-family';
import { createSqsQueue } from '../adapters/aws/sqs-queue';
import { createChatRouter } from '../adapters/chat-router';
import { createHttpUploadFetcher } from '../adapters/http/upload-fetcher';
import { createJsonLogger } from '../adapters/log/json-logger';
import { systemClock } from '../adapters/system/clock';
import { createRandomIds } from '../adapters/system/random-ids';
import { type Config, loadConfig } from '../core/config';
import { LeagueError } from '../core/errors';
import type { BlobStore, ChartRenderer, Chat, JobQueue, UploadFetcher } from '../core/ports';
import type { LeagueDeps } from '../core/services/context';
import { settingsFrom } from './settings';

/** Builds once on first use; a failed build is retried by the next call. */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () =>
    (p ??= build().catch((e: unknown) => {
      p = undefined;
      throw e;
    }));
}

const lazyChat = (get: () => Promise<Chat>): Chat => ({
  post: async (channel, m, o) => (await get()).post(channel, m, o),
  dm: async (user, m, o) => (await get()).dm(user, m, o),
  update: async (ref, m) => (await get()).update(ref, m),
});
const lazyCharts = (get: () => Promise<ChartRenderer>): ChartRenderer => ({
  png: async (svg) => (await get()).png(svg),
});
const lazyBlobs = (get: () => Promise<BlobStore>): BlobStore => ({
  put: async (key, body) => (await get()).put(key, body),
  get: (key) =>
    (async function* () {
      yield* (await get()).get(key);
    })(),
  getText: async (key) => (await get()).getText(key),
  exists: async (key) => (await get()).exists(key),
});
const lazyUploads = (get: () => Promise<UploadFetcher>): UploadFetcher => ({
  fetch: (url, o) =>
    (async function* () {
      yield* (await get()).fetch(url, o);
    })(),
});

/**
 * Slack and Discord DMs, posts and edits for the platforms configured (each adapter loaded on first
 * use), and file downloads (Slack's with its bot token, which goes to Slack's hosts only).
 */
function platformAdapters(config: Config, store: LeagueDeps['store']): { chat: Chat; uploads: UploadFetcher } {
  const { slack, discord } = config;
  const chat = once(async () => {
    let routed: Chat = createChatRouter({});
    if (slack) {
      const [{ createSlackChat, withSlackChat }, { createSlackWebClient }] = await Promise.all([
        import('../adapters/slack/chat'),
        import('../adapters/slack/client'),
      ]);
      const client = createSlackWebClient(slack.botToken, { apiUrl: slack.apiUrl });
      routed = withSlackChat(routed, createSlackChat({ client, claims: store }));
    }
    if (discord?.applicationId && discord.botToken) {
      const [{ createDiscordChat, withDiscordChat }, { REST }] = await Promise.all([
        import('../adapters/discord/chat'),
        import('@discordjs/rest'),
      ]);
      const rest = new REST({ timeout: 10_000 }).setToken(discord.botToken);
      routed = withDiscordChat(routed, createDiscordChat({ rest, applicationId: discord.applicationId, store }));
    }
    return routed;
  });
  if (!slack) return { chat: lazyChat(chat), uploads: createHttpUploadFetcher() };
  const uploads = once(async () => (await import('../adapters/slack/files')).createUploadFetcher(slack));
  return { chat: lazyChat(chat), uploads: lazyUploads(uploads) };
}

/** The model ports of a function: the worker's real ones, or the chat functions' names only. */
export type ModelPorts = Pick<LeagueDeps, 'trainer' | 'host' | 'reference' | 'judges' | 'generator'>;

/**
 * Builds the AWS dependencies from the configuration: the DynamoDB and SQS clients at once (every ack
 * uses them); S3, the platforms' adapters and the chart renderer on first use.
 */
export function buildAwsDeps(
  config: Config,
  models: (core: { blobs: BlobStore; queue: JobQueue }) => ModelPorts,
): LeagueDeps {
  if (!config.queueUrl || !config.bucket)
    throw new LeagueError('CONFIG', 'The AWS deployment needs QUEUE_URL and BUCKET_NAME.');
  const log = createJsonLogger({ service: 'league' });
  const store = createDynamoStore({
    client: new DynamoDBClient({ region: config.region, endpoint: config.dynamoEndpoint }),
    tableName: config.tableName,
  });
  const queue = createSqsQueue({ client: new SQSClient({ region: config.region }), queueUrl: config.queueUrl });
  // S3 on first use: an ack never touches a blob, and the S3 client is a large part of a bundle's import.
  const bucket = config.bucket;
  const blobs = lazyBlobs(
    once(async () => {
      const [{ S3Client }, { createS3BlobStore }] = await Promise.all([
        import('@aws-sdk/client-s3'),
        import('../adapters/aws/s3-blobs'),
      ]);
      return createS3BlobStore({ client: new S3Client({ region: config.region }), bucket });
    }),
  );
  return {
    store,
    queue,
    blobs,
    log,
    ...platformAdapters(config, store),
    ...models({ blobs, queue }),
    clock: systemClock,
    ids: createRandomIds(),
    settings: settingsFrom(config),
    // The renderer's WebAssembly and fonts ship in the package next to the handler (serverless.yml).
    charts: lazyCharts(
      once(async () => {
        const [{ chartAssetsUnder, createPngChartRenderer }, { projectRoot }] = await Promise.all([
          import('../adapters/chart/png'),
          import('../local/paths'),
        ]);
        return createPngChartRenderer({ ...chartAssetsUnder(projectRoot()), log });
      }),
    ),
  };
}

/**
 * Models as the chat-facing functions see them: their names (a round records them), no calls. Those
 * functions only queue model work, and hold no SageMaker or Bedrock permissions; keeping the SDKs
 * out of their bundles keeps their cold start inside the platforms' three seconds.
 */
export function modelNamesOnly(config: Config): ModelPorts {
  const refuse = (what: string) => async (): Promise<never> => {
    throw new LeagueError('CONFIG', `${what} runs in the worker function, not in a chat function.`);
  };
  return {
    trainer: { start: refuse('Training'), stop: refuse('Training') },
    host: { open: refuse('Model hosting'), close: refuse('Model hosting') },
    reference: { modelId: config.referenceModel, generate: refuse('Generation') },
    generator: { modelId: config.generatorModel, draft: refuse('Dataset generation') },
    judges: config.judgeModels.map((modelId) => ({
      modelId,
      family: bedrockModelFamily(modelId),
      judge: refuse('Judging'),
    })),
  };
}

let cached: LeagueDeps | undefined;
/** The chat functions' dependencies (Slack, Discord), once per cold start. */
export const chatFunctionDeps = async (): Promise<LeagueDeps> => {
  if (cached) return cached;
  const config = loadConfig(process.env);
  return (cached = buildAwsDeps(config, () => modelNamesOnly(config)));
};
