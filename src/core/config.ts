import { z } from 'zod';
import { LeagueError } from './errors';

/** Per-model prices in US dollars per million tokens. */
export type PriceTable = Record<string, { inputPerMTok: number; outputPerMTok: number }>;

export interface Config {
  /** `local` runs every stand-in in one process; `aws` uses the AWS adapters. */
  mode: 'local' | 'aws';
  /** Log level when set; each composition root has its own default. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  port: number;
  /** Interface the local server binds (loopback unless set). */
  host: string;
  /** The local playground and its API; off serves only the signed chat endpoints, health and leaderboards. */
  playground: { enabled: boolean; token?: string };
  /** Base URL of the web pages (leaderboard links in messages). */
  publicUrl: string;
  dataDir: string;
  /** Local stand-ins only: how long each offline step takes (an upload read, a training run, a judgment). */
  offlineDelayMs: number;
  /** `npm start`: how often the sweeper looks for stuck submissions (on AWS, the schedule in serverless.yml). */
  sweepEveryMs: number;
  tableName: string;
  region: string;
  dynamoEndpoint?: string;
  queueUrl?: string;
  bucket?: string;
  /** Organizer identities (`slack:T1:U1`, …). */
  organizers: string[];
  /** A private channel for organizers (appeals go there); without it they go to each organizer's DMs. */
  organizerChannel?: string;
  /** The Grand Finale's expert panel: identities allowed to score finalists 1–10. */
  finaleExperts: string[];
  referenceModel: string;
  judgeModels: string[];
  /** The model `generate` drafts datasets with (Bedrock on AWS, the OpenAI-compatible server locally, or the offline stand-in). */
  generatorModel: string;
  /** Questions per `judge` job. */
  judgeChunkSize: number;
  /** Longest answer (characters) given to the judge, for both sides. */
  answerMaxChars: number;
  maxAnswerTokens: number;
  prices: PriceTable;
  /** US dollars per instance-hour of SageMaker training, by instance type. */
  trainingPrices: Record<string, number>;
  /** Seed of the scoring bootstrap, so a score is reproducible. */
  scoringSeed: number;
  /** Share (0–1) of a split's questions that must get a verdict for a submission to rank. */
  minJudged: number;
  queue: { visibilityTimeoutMs: number; maxReceiveCount: number };
  /** Pauses between attempts at a chat message that failed for an outage; after the last, it is given up. */
  chatRetryDelaysMs: number[];
  /** The longest waits for the platform before a submission fails (endpoint start, training quota). */
  waitLimitsMs: { endpoint: number; 'training-quota': number };
  /** Training jobs and evaluation endpoints at once, and how long each usually runs. */
  capacity: { training: number; endpoint: number };
  runEstimateMs: { training: number; endpoint: number };
  /** How long a model's `try` host stays up without a try before it is torn down. */
  tryIdleMs: number;
  /** An OpenAI-compatible server (Ollama, vLLM, llama.cpp) for non-offline reference/judge models. */
  openai?: { baseUrl: string; apiKey?: string };
  /** Fine-tuning and serving in the AWS worker; local mode always uses the offline stand-ins. */
  training: TrainingConfig;
  /** `apiUrl`: another Slack Web API base (GovSlack's `https://slack-gov.com/api/`); its host also serves files. */
  slack?: { signingSecret: string; botToken: string; organizerGroup?: string; apiUrl?: string };
  discord?: {
    publicKey: string;
    applicationId?: string;
    botToken?: string;
    organizerRoleId?: string;
    guildIds: string[];
    /** The REST API's base URL when it is not https://discord.com/api (a recording stand-in). */
    apiUrl?: string;
  };
  /** What `npm run discord:register` needs; each part may be missing until that command checks. */
  discordRegistration: { applicationId?: string; botToken?: string; guildId?: string };
}

export interface TrainingConfig {
  /** `offline` trains the retrieval stand-in; `sagemaker` fine-tunes with JumpStart. */
  trainer: 'offline' | 'sagemaker';
  /** The role SageMaker training jobs and endpoints run as (required with `sagemaker`). */
  sagemakerRoleArn?: string;
  /** The JumpStart model fine-tuned; `meta-textgeneration-llama-3-2-3b` when absent. */
  jumpstartModelId?: string;
  /** Its version; the latest when absent. */
  jumpstartModelVersion?: string;
  /** JumpStart's default training instance when absent. */
  trainingInstanceType?: string;
  /** Training time limit. */
  trainingMaxRuntimeSeconds: number;
  /** JumpStart's default hosting instance when absent. */
  endpointInstanceType?: string;
  /** Accept a judge of the fine-tuned model's family (refused at the worker's start otherwise). */
  allowSameFamilyJudge: boolean;
}

const DEFAULT_PRICES: PriceTable = {
  'us.meta.llama3-2-90b-instruct-v1:0': { inputPerMTok: 0.72, outputPerMTok: 0.72 },
  'us.meta.llama3-2-3b-instruct-v1:0': { inputPerMTok: 0.15, outputPerMTok: 0.15 },
  'mistral.mistral-large-2407-v1:0': { inputPerMTok: 2, outputPerMTok: 6 },
  'offline-reference': { inputPerMTok: 0, outputPerMTok: 0 },
  'offline-judge': { inputPerMTok: 0, outputPerMTok: 0 },
  'us.meta.llama3-3-70b-instruct-v1:0': { inputPerMTok: 0.72, outputPerMTok: 0.72 },
  'offline-generator': { inputPerMTok: 0, outputPerMTok: 0 },
};

/**
 * SageMaker training, on-demand US dollars per instance-hour in us-east-1 and us-west-2 (the g5 family
 * JumpStart trains Llama 3.2 on); TRAINING_INSTANCE_PRICES adds or replaces entries.
 */
const DEFAULT_TRAINING_PRICES: Record<string, number> = {
  'ml.g5.xlarge': 1.408,
  'ml.g5.2xlarge': 1.515,
  'ml.g5.4xlarge': 2.03,
  'ml.g5.8xlarge': 3.06,
  'ml.g5.12xlarge': 7.09,
  'ml.g5.24xlarge': 10.18,
  'ml.g5.48xlarge': 20.36,
};

/** `ml.g5.2xlarge=1.515,ml.p4d.24xlarge=37.69`: instance type = dollars per hour, comma-separated. */
const instancePrices = z.preprocess(
  (v) => (typeof v === 'string' ? v : ''),
  z.string().transform((v, ctx) => {
    const prices: Record<string, number> = {};
    for (const entry of v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const m = /^(ml\.[a-z0-9.-]+)\s*=\s*(\d+(?:\.\d+)?)$/.exec(entry);
      if (!m) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry.slice(0, 40)}" is not instance-type=dollars-per-hour (e.g. ml.g5.2xlarge=1.515)`,
        });
        return z.NEVER;
      }
      prices[m[1]!] = Number(m[2]);
    }
    return prices;
  }),
);

const text = (fallback?: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    fallback === undefined ? z.string().optional() : z.string().default(fallback),
  );
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const list = (fallback: string) =>
  text(fallback).transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** Seconds between retries of a chat message: each above 0 and at most 900 (the queue's longest delay). */
const secondsList = (fallback: string) =>
  list(fallback).pipe(
    z
      .array(z.string().transform(Number).pipe(z.number().gt(0).max(900)))
      .min(1)
      .transform((xs) => xs.map((x) => Math.round(x * 1000))),
  );

/** A Discord id: a snowflake, digits only. */
const snowflake = text().refine((v) => v === undefined || /^\d{1,20}$/.test(v), 'must be a numeric Discord id');

/** Every variable the league reads, and nothing else reads the environment. */
const EnvSchema = z.object({
  LEAGUE_MODE: z.enum(['local', 'aws']).default('local'),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : undefined),
    z.enum(['debug', 'info', 'warn', 'error']).optional(),
  ),
  SLACK_ORGANIZER_GROUP: text(),
  PORT: int(3000, 1),
  HOST: text('127.0.0.1'),
  LEAGUE_PLAYGROUND: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : undefined),
    z.enum(['on', 'off']).default('on'),
  ),
  LEAGUE_PLAYGROUND_TOKEN: text(),
  PUBLIC_URL: text(),
  LEAGUE_DATA_DIR: text('.league'),
  LEAGUE_OFFLINE_DELAY_MS: int(0, 0, 60_000),
  LEAGUE_SWEEP_EVERY_SECONDS: int(60, 1),
  TABLE_NAME: text('league'),
  AWS_REGION: text('us-east-1'),
  DYNAMODB_ENDPOINT: text(),
  QUEUE_URL: text(),
  BUCKET_NAME: text(),
  LEAGUE_ORGANIZERS: list('local:demo:organizer'),
  LEAGUE_ORGANIZER_CHANNEL: text(),
  LEAGUE_FINALE_EXPERTS: list(''),
  REFERENCE_MODEL: text('offline-reference'),
  JUDGE_MODELS: list('offline-judge'),
  GENERATOR_MODEL: text('offline-generator'),
  JUDGE_CHUNK_SIZE: int(10, 1),
  ANSWER_MAX_CHARS: int(1500, 100),
  MAX_ANSWER_TOKENS: int(512, 16),
  SCORING_SEED: int(20241),
  // A percentage: 90 means 90% of a split's questions must get a verdict.
  MIN_JUDGED: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace(/%$/, '') || undefined : v),
    z.coerce.number().min(1).max(100).default(90),
  ),
  QUEUE_VISIBILITY_TIMEOUT_MS: int(30_000, 1),
  QUEUE_MAX_RECEIVE_COUNT: int(5, 1),
  CHAT_RETRY_SECONDS: secondsList('10,30,60,120,300,600,900,900,900,900,900,900'),
  ENDPOINT_WAIT_MAX_MINUTES: int(60, 1),
  TRAINING_QUOTA_WAIT_MAX_MINUTES: int(240, 1),
  TRAINING_CONCURRENCY: int(2, 1),
  ENDPOINT_CONCURRENCY: int(2, 1),
  TRAINING_ESTIMATE_MINUTES: int(30, 1),
  EVALUATION_ESTIMATE_MINUTES: int(25, 1),
  TRY_IDLE_MINUTES: int(15, 1, 240),
  OPENAI_BASE_URL: text(),
  OPENAI_API_KEY: text(),
  SLACK_SIGNING_SECRET: text(),
  SLACK_BOT_TOKEN: text(),
  SLACK_API_URL: text().pipe(z.url().optional()),
  DISCORD_PUBLIC_KEY: text(),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_BOT_TOKEN: text(),
  DISCORD_ORGANIZER_ROLE_ID: snowflake,
  DISCORD_GUILD_IDS: list(''),
  DISCORD_API_URL: text(),
  DISCORD_GUILD_ID: snowflake,
  TRAINER: text('offline').pipe(z.enum(['offline', 'sagemaker'])),
  SAGEMAKER_ROLE_ARN: text(),
  JUMPSTART_MODEL_ID: text(),
  JUMPSTART_MODEL_VERSION: text(),
  TRAINING_INSTANCE_TYPE: text(),
  TRAINING_MAX_RUNTIME_SECONDS: int(3 * 3600, 600, 28 * 24 * 3600),
  ENDPOINT_INSTANCE_TYPE: text(),
  ALLOW_SAME_FAMILY_JUDGE: text('0').pipe(z.enum(['0', '1'])),
  TRAINING_INSTANCE_PRICES: instancePrices,
});

/** The names of every variable the configuration reads (the README's table lists each). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

/**
 * Builds the configuration from an environment map (passed in by the composition root).
 * Fails fast with every problem listed, never with a secret's value.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new LeagueError('CONFIG', `Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.LEAGUE_MODE === 'aws') {
    const missing = (['QUEUE_URL', 'BUCKET_NAME'] as const).filter((k) => !e[k]);
    if (missing.length) throw new LeagueError('CONFIG', `Missing configuration for AWS mode: ${missing.join(', ')}`);
    // Without a server list, one person in several servers would hold several identities (votes, quotas).
    if (e.DISCORD_PUBLIC_KEY && !e.DISCORD_GUILD_IDS.length)
      throw new LeagueError(
        'CONFIG',
        "Missing configuration for AWS mode with Discord: DISCORD_GUILD_IDS (the league's Discord servers, comma-separated).",
      );
  }
  if (e.LEAGUE_PLAYGROUND_TOKEN !== undefined && e.LEAGUE_PLAYGROUND_TOKEN.length < 16)
    throw new LeagueError(
      'CONFIG',
      'LEAGUE_PLAYGROUND_TOKEN must be at least 16 characters (or unset for a random one).',
    );
  if (Boolean(e.SLACK_SIGNING_SECRET) !== Boolean(e.SLACK_BOT_TOKEN)) {
    throw new LeagueError('CONFIG', 'Set both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, or neither.');
  }
  if (e.TRAINER === 'sagemaker' && !e.SAGEMAKER_ROLE_ARN) {
    throw new LeagueError(
      'CONFIG',
      'TRAINER=sagemaker needs SAGEMAKER_ROLE_ARN (the role training jobs and endpoints run as).',
    );
  }
  return {
    mode: e.LEAGUE_MODE,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    host: e.HOST!,
    playground: { enabled: e.LEAGUE_PLAYGROUND === 'on', token: e.LEAGUE_PLAYGROUND_TOKEN },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir: e.LEAGUE_DATA_DIR!,
    offlineDelayMs: e.LEAGUE_OFFLINE_DELAY_MS,
    sweepEveryMs: e.LEAGUE_SWEEP_EVERY_SECONDS * 1000,
    tableName: e.TABLE_NAME!,
    region: e.AWS_REGION!,
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    queueUrl: e.QUEUE_URL,
    bucket: e.BUCKET_NAME,
    organizers: e.LEAGUE_ORGANIZERS,
    organizerChannel: e.LEAGUE_ORGANIZER_CHANNEL,
    finaleExperts: e.LEAGUE_FINALE_EXPERTS,
    referenceModel: e.REFERENCE_MODEL!,
    judgeModels: e.JUDGE_MODELS.length ? e.JUDGE_MODELS : ['offline-judge'],
    generatorModel: e.GENERATOR_MODEL!,
    judgeChunkSize: e.JUDGE_CHUNK_SIZE,
    answerMaxChars: e.ANSWER_MAX_CHARS,
    maxAnswerTokens: e.MAX_ANSWER_TOKENS,
    prices: DEFAULT_PRICES,
    trainingPrices: { ...DEFAULT_TRAINING_PRICES, ...e.TRAINING_INSTANCE_PRICES },
    scoringSeed: e.SCORING_SEED,
    minJudged: e.MIN_JUDGED / 100,
    queue: { visibilityTimeoutMs: e.QUEUE_VISIBILITY_TIMEOUT_MS, maxReceiveCount: e.QUEUE_MAX_RECEIVE_COUNT },
    chatRetryDelaysMs: e.CHAT_RETRY_SECONDS,
    training: {
      trainer: e.TRAINER,
      sagemakerRoleArn: e.SAGEMAKER_ROLE_ARN,
      jumpstartModelId: e.JUMPSTART_MODEL_ID,
      jumpstartModelVersion: e.JUMPSTART_MODEL_VERSION,
      trainingInstanceType: e.TRAINING_INSTANCE_TYPE,
      trainingMaxRuntimeSeconds: e.TRAINING_MAX_RUNTIME_SECONDS,
      endpointInstanceType: e.ENDPOINT_INSTANCE_TYPE,
      allowSameFamilyJudge: e.ALLOW_SAME_FAMILY_JUDGE === '1',
    },
    waitLimitsMs: {
      endpoint: e.ENDPOINT_WAIT_MAX_MINUTES * 60_000,
      'training-quota': e.TRAINING_QUOTA_WAIT_MAX_MINUTES * 60_000,
    },
    capacity: { training: e.TRAINING_CONCURRENCY, endpoint: e.ENDPOINT_CONCURRENCY },
    runEstimateMs: {
      training: e.TRAINING_ESTIMATE_MINUTES * 60_000,
      endpoint: e.EVALUATION_ESTIMATE_MINUTES * 60_000,
    },
    tryIdleMs: e.TRY_IDLE_MINUTES * 60_000,
    openai: e.OPENAI_BASE_URL ? { baseUrl: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY } : undefined,
    slack:
      e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN
        ? {
            signingSecret: e.SLACK_SIGNING_SECRET,
            botToken: e.SLACK_BOT_TOKEN,
            organizerGroup: e.SLACK_ORGANIZER_GROUP,
            apiUrl: e.SLACK_API_URL && (e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`),
          }
        : undefined,
    discord: e.DISCORD_PUBLIC_KEY
      ? {
          publicKey: e.DISCORD_PUBLIC_KEY,
          applicationId: e.DISCORD_APPLICATION_ID,
          botToken: e.DISCORD_BOT_TOKEN,
          organizerRoleId: e.DISCORD_ORGANIZER_ROLE_ID,
          guildIds: e.DISCORD_GUILD_IDS,
          apiUrl: e.DISCORD_API_URL,
        }
      : undefined,
    discordRegistration: {
      applicationId: e.DISCORD_APPLICATION_ID,
      botToken: e.DISCORD_BOT_TOKEN,
      guildId: e.DISCORD_GUILD_ID,
    },
  };
}
