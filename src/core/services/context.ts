import type { PriceTable } from '../config';
import type { WaitReason } from '../errors';
import type {
  BlobStore,
  CapacityPool,
  ChartRenderer,
  Chat,
  Clock,
  DatasetGenerator,
  Generator,
  IdSource,
  JobQueue,
  Judge,
  Logger,
  ModelHost,
  Store,
  Trainer,
  UploadFetcher,
} from '../ports';

/** Settings the league's use cases need (a slice of Config, so core never sees the environment). */
export interface LeagueSettings {
  organizers: string[];
  /** Where appeals go; each configured organizer's DMs when absent. */
  organizerChannel?: string;
  /** Who may score finalists in the Grand Finale. */
  finaleExperts: string[];
  publicUrl: string;
  judgeChunkSize: number;
  answerMaxChars: number;
  maxAnswerTokens: number;
  prices: PriceTable;
  /** US dollars per instance-hour of training, by instance type. */
  trainingPrices: Record<string, number>;
  scoringSeed: number;
  /** Share (0–1) of a split's questions that must get a verdict for a submission to rank. */
  minJudged: number;
  /** How long a job may hold a lease (the queue's visibility timeout): a crashed holder frees it by then. */
  jobLeaseMs: number;
  /** Pauses between attempts at a chat message that failed for an outage; past the last, it is given up. */
  chatRetryDelaysMs: number[];
  /** Output cap of one judge call. */
  judgeMaxTokens: number;
  /** The longest a submission waits for an endpoint, or for the training quota, before it fails. */
  waitLimitsMs: Record<WaitReason, number>;
  /** Training jobs and evaluation endpoints run at once (the fair queue admits up to these). */
  capacity: Record<CapacityPool, number>;
  /** How long a training job, or an evaluation, usually holds its slot: for "starts in about …". */
  runEstimateMs: Record<CapacityPool, number>;
  /** How long a model's `try` host stays up without a try before it is torn down. */
  tryIdleMs: number;
}

/** Everything a use case may touch, built once per process by a composition root. */
export interface LeagueDeps {
  store: Store;
  queue: JobQueue;
  blobs: BlobStore;
  uploads: UploadFetcher;
  trainer: Trainer;
  host: ModelHost;
  reference: Generator;
  judges: Judge[];
  /** Drafts datasets for `generate` and `refine`. */
  generator: DatasetGenerator;
  chat: Chat;
  clock: Clock;
  ids: IdSource;
  log: Logger;
  settings: LeagueSettings;
  /** Draws the results chart; without it results are posted as text only. */
  charts?: ChartRenderer;
}

/** Who is asking, as the platform adapter established it. */
export interface Actor {
  userId: string;
  /** Display name, for messages to others. */
  name?: string;
  /** Channel the command was typed in: new rounds announce there. */
  channel: string;
  isOrganizer: boolean;
  /**
   * The platform request's identity, the same in its replays: a submission it creates is recorded
   * under it, so a replay finds that submission instead of making another.
   */
  request?: string;
}

export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);
export const trainingJobName = (submissionId: string): string => `league-${submissionId}`;
export const submissionIdFromJobName = (jobName: string): string | undefined =>
  jobName.startsWith('league-') ? jobName.slice('league-'.length) : undefined;
