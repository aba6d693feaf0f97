import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { loadConfig, type Config } from '../core/config';
import { LeagueError } from '../core/errors';
import { createOfflineJudge } from '../core/judging';
import type { BlobStore, Chat, ChartRenderer, Generator, Judge, JobQueue, ModelHost, Trainer, UploadFetcher } from '../core/ports';
import type { LeagueDeps } from '../core/services/context';
import { createDynamoStore } from '../adapters/aws/dynamo-store';
import type { AwsModelAdapters } from '../adapters/aws/model-adapters';
import { bedrockModelFamily } from '../adapters/aws/model-family';
import { createS3BlobStore } from '../adapters/aws/s3-blobs';
import { createSqsQueue } from '../adapters/aws/sqs-queue';
import { createChatRouter } from '../adapters/chat-router';
import { createHttpUploadFetcher } from '../adapters/http/upload-fetcher';
import { createJsonLogger } from '../adapters/log/json-logger';
import { createRandomIds, systemClock } from '../adapters/local/system';
import { settingsFrom } from './settings';

/** Settings of the AWS models not (yet) in Config, read from the environment here and nowhere else. */
export interface AwsModelEnv {
  trainer: 'offline' | 'sagemaker';
  sagemakerRoleArn?: string;
  /** The JumpStart model fine-tuned; `meta-textgeneration-llama-3-2-3b` when absent. */
  jumpstartModelId?: string;
  jumpstartModelVersion?: string;
  trainingInstanceType?: string;
  trainingMaxRuntimeSeconds: number;
  endpointInstanceType?: string;
}

const opt = z.preprocess((v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined), z.string().optional());
const AwsModelEnvSchema = z.object({
  TRAINER: z.preprocess((v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined), z.enum(['offline', 'sagemaker']).default('offline')),
  SAGEMAKER_ROLE_ARN: opt,
  JUMPSTART_MODEL_ID: opt,
  JUMPSTART_MODEL_VERSION: opt,
  TRAINING_INSTANCE_TYPE: opt,
  TRAINING_MAX_RUNTIME_SECONDS: z.coerce.number().int().min(600).max(28 * 24 * 3600).default(3 * 3600),
  ENDPOINT_INSTANCE_TYPE: opt,
});

export function awsModelEnv(env: Record<string, string | undefined>): AwsModelEnv {
  const parsed = AwsModelEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new LeagueError('CONFIG', `Invalid AWS model configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  if (e.TRAINER === 'sagemaker' && !e.SAGEMAKER_ROLE_ARN) {
    throw new LeagueError('CONFIG', 'TRAINER=sagemaker needs SAGEMAKER_ROLE_ARN (the role training jobs and endpoints run as).');
  }
  return {
    trainer: e.TRAINER, sagemakerRoleArn: e.SAGEMAKER_ROLE_ARN, jumpstartModelId: e.JUMPSTART_MODEL_ID,
    jumpstartModelVersion: e.JUMPSTART_MODEL_VERSION, trainingInstanceType: e.TRAINING_INSTANCE_TYPE,
    trainingMaxRuntimeSeconds: e.TRAINING_MAX_RUNTIME_SECONDS, endpointInstanceType: e.ENDPOINT_INSTANCE_TYPE,
  };
}

/** Builds once on first use; a failed build is retried by the next call. */
function once<T>(build: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= build().catch((e: unknown) => { p = undefined; throw e; }));
}

const lazyTrainer = (get: () => Promise<Trainer>): Trainer => ({
  start: async (req) => (await get()).start(req),
  stop: async (name) => (await get()).stop(name),
});
const lazyHost = (get: () => Promise<ModelHost>): ModelHost => ({
  open: async (id, uri) => (await get()).open(id, uri),
  close: async (id) => (await get()).close(id),
});
const lazyGenerator = (modelId: string, get: () => Promise<Generator>): Generator => ({
  modelId, generate: async (req) => (await get()).generate(req),
});
const lazyJudge = (modelId: string, family: string, get: () => Promise<Judge>): Judge => ({
  modelId, family, judge: async (req) => (await get()).judge(req),
});
const lazyChat = (get: () => Promise<Chat>): Chat => ({
  post: async (channel, m, o) => (await get()).post(channel, m, o),
  dm: async (user, m, o) => (await get()).dm(user, m, o),
  update: async (ref, m) => (await get()).update(ref, m),
});
const lazyCharts = (get: () => Promise<ChartRenderer>): ChartRenderer => ({ png: async (svg) => (await get()).png(svg) });
const lazyUploads = (get: () => Promise<UploadFetcher>): UploadFetcher => ({
  fetch: (url, o) => (async function* () { yield* (await get()).fetch(url, o); })(),
});

const isOffline = (modelId: string) => modelId.startsWith('offline-');

/**
 * Model adapters of the AWS deployment: offline stand-ins for ids starting with `offline-` and for
 * TRAINER=offline, SageMaker and Bedrock otherwise. Every one is built on its first call, so an
 * ingress function that never trains or judges loads no model SDK and reads no corpus.
 */
export function awsModels(config: Config, env: AwsModelEnv, deps: { blobs: BlobStore; queue: JobQueue }) {
  const adapters = once(async (): Promise<AwsModelAdapters> => {
    const { createAwsModelAdapters } = await import('../adapters/aws/model-adapters');
    return createAwsModelAdapters({
      region: config.region, bucket: config.bucket!, roleArn: env.sagemakerRoleArn,
      jumpstart: { modelId: env.jumpstartModelId, version: env.jumpstartModelVersion, trainingInstanceType: env.trainingInstanceType, hostingInstanceType: env.endpointInstanceType },
      trainingMaxRuntimeSeconds: env.trainingMaxRuntimeSeconds,
    }, { blobs: deps.blobs });
  });
  const offline = once(() => import('../adapters/local/offline-models'));
  const sagemaker = env.trainer === 'sagemaker';
  const trainer = sagemaker
    ? lazyTrainer(once(async () => (await adapters()).trainer()))
    : lazyTrainer(once(async () => (await offline()).createOfflineTrainer({ blobs: deps.blobs, queue: deps.queue })));
  const host = sagemaker
    ? lazyHost(once(async () => (await adapters()).host()))
    : lazyHost(once(async () => (await offline()).createOfflineModelHost(deps.blobs)));
  const referenceId = config.referenceModel;
  const reference = isOffline(referenceId)
    ? lazyGenerator('offline-reference', once(async () => {
      const { corpusPath } = await import('../local/paths');
      return (await offline()).createOfflineReference(corpusPath());
    }))
    : lazyGenerator(referenceId, once(async () => (await adapters()).generator(referenceId)));
  const judges = config.judgeModels.map((id) =>
    isOffline(id) ? createOfflineJudge() : lazyJudge(id, bedrockModelFamily(id), once(async () => (await adapters()).judge(id, bedrockModelFamily(id)))),
  );
  return { trainer, host, reference, judges };
}

/**
 * Slack and Discord DMs, posts and edits for the platforms configured (each adapter loaded on first
 * use), and file downloads (Slack's with its bot token, which goes to Slack's hosts only).
 */
function platformAdapters(config: Config, store: LeagueDeps['store']): { chat: Chat; uploads: UploadFetcher } {
  const { slack, discord } = config;
  const chat = once(async () => {
    let routed: Chat = createChatRouter({});
    if (slack) {
      const [{ createSlackChat, withSlackChat }, { createSlackWebClient }] = await Promise.all([import('../adapters/slack/chat'), import('../adapters/slack/client')]);
      routed = withSlackChat(routed, createSlackChat({ client: createSlackWebClient(slack.botToken), claims: store }));
    }
    if (discord?.applicationId && discord.botToken) {
      const [{ createDiscordChat, withDiscordChat }, { REST }] = await Promise.all([import('../adapters/discord/chat'), import('@discordjs/rest')]);
      const rest = new REST({ timeout: 10_000 }).setToken(discord.botToken);
      routed = withDiscordChat(routed, createDiscordChat({ rest, applicationId: discord.applicationId, store }));
    }
    return routed;
  });
  if (!slack) return { chat: lazyChat(chat), uploads: createHttpUploadFetcher() };
  const uploads = once(async () => (await import('../adapters/slack/files')).createSlackUploadFetcher({ botToken: slack.botToken }));
  return { chat: lazyChat(chat), uploads: lazyUploads(uploads) };
}

/** Builds the AWS dependencies from the configuration (clients are cheap; model adapters come on first use). */
export function buildAwsDeps(config: Config, env: AwsModelEnv): LeagueDeps {
  if (!config.queueUrl || !config.bucket) throw new LeagueError('CONFIG', 'The AWS deployment needs QUEUE_URL and BUCKET_NAME.');
  const log = createJsonLogger({ service: 'league' });
  const store = createDynamoStore({ client: new DynamoDBClient({ region: config.region, endpoint: config.dynamoEndpoint }), tableName: config.tableName });
  const queue = createSqsQueue({ client: new SQSClient({ region: config.region }), queueUrl: config.queueUrl });
  const blobs = createS3BlobStore({ client: new S3Client({ region: config.region }), bucket: config.bucket });
  return {
    store, queue, blobs, log,
    ...platformAdapters(config, store),
    ...awsModels(config, env, { blobs, queue }),
    clock: systemClock,
    ids: createRandomIds(),
    settings: settingsFrom(config),
    charts: lazyCharts(once(async () => (await import('../adapters/chart/png')).createPngChartRenderer({ log }))),
  };
}

let cached: LeagueDeps | undefined;
/** Once per cold start. */
export const awsDeps = async (): Promise<LeagueDeps> => (cached ??= buildAwsDeps(loadConfig(process.env), awsModelEnv(process.env)));
