import type { QueuePlace } from './capacity/admission';
import type { LengthStats } from './scoring/length-control';
import type { Stage } from './submission-stage';

/** Platform-qualified identity: `slack:T1:U1`, `discord:G1:U1`, `local:demo:alice`. */
export type UserId = string;
export type Platform = 'slack' | 'discord' | 'local';

/** Where a message lives on its platform, so later stages can edit it in place. */
export interface MessageRef {
  platform: Platform;
  channel: string;
  ts: string;
  /** Discord interaction token / Slack response_url, when the platform gives one. */
  token?: string;
}

export interface HyperparameterBounds {
  epochs: [number, number];
  learning_rate: [number, number];
  lora_r: [number, number];
  lora_alpha: [number, number];
  lora_dropout: [number, number];
}

export type Hyperparameters = {
  epochs: number;
  learning_rate: number;
  lora_r: number;
  lora_alpha: number;
  lora_dropout: number;
};

export type RoundStatus = 'open' | 'closed';

export interface Round {
  id: string;
  name: string;
  domain: string;
  description?: string;
  status: RoundStatus;
  /** Channel where announcements and leaderboard updates go. */
  channel: string;
  deadline: string;
  quotaPerDay: number;
  minRows: number;
  maxRows: number;
  maxBytes: number;
  bounds: HyperparameterBounds;
  referenceModel: string;
  judgeModels: string[];
  questionCount: number;
  /**
   * Share of the questions (0–1) drawn into the public split when the question file does not mark
   * them; absent on rounds opened before splits existed (read as the default).
   */
  publicShare?: number;
  /** What a dataset that reproduces the hidden gold answers gets: refused (the default) or a warning. */
  leakage?: 'block' | 'warn';
  /** `try` questions a member may ask per UTC day (absent on older rounds: the default, 20). */
  tryPerDay?: number;
  /** Generator tokens a member may spend per UTC day on drafts (`generate_tokens`); absent: the default. */
  generateTokensPerDay?: number;
  /** Most rows one `generate` may ask for (`generate_max`); absent: the default. */
  generateMaxCount?: number;
  createdBy: UserId;
  createdAt: string;
  announcedAt?: string;
  closedAt?: string;
  /** The last `round results` post: when, and a digest of the standings it showed (posted once each). */
  resultsPosted?: { at: string; key: string };
}

/**
 * Which part of the hidden set a question belongs to: standings while the round is open use the
 * public split, final standings the private one, whose text members never see.
 */
export type QuestionSplit = 'public' | 'private';

/** A hidden evaluation question; `gold` guides the judge. */
export interface Question {
  id: string;
  category: string;
  question: string;
  gold?: string;
  /** Set for every question of a round when the set is loaded (from the file, else drawn with a seed). */
  split?: QuestionSplit;
}

/** Where the member's dataset came from, before it is copied into the blob store. */
export interface Upload {
  name: string;
  size?: number;
  /** Platform URL (Slack url_private, Discord CDN) still to be fetched. */
  url?: string;
  /** Already in the blob store. */
  blobKey?: string;
  /** Lines (1-based) of the blob left out: the rows a member dropped from a generated draft. */
  omitLines?: number[];
  /** The draft this dataset came from. */
  draftId?: string;
}

/**
 * An attachment whose bytes are still in the request (the playground): stored only once the command
 * has accepted it (it takes a file, the type, size and quota are right).
 */
export interface PendingUpload extends Upload {
  /** Stores the bytes, refusing more than `maxBytes` (nothing is left behind then). */
  store(maxBytes: number): Promise<Upload>;
}

export const isPendingUpload = (upload: Upload): upload is PendingUpload =>
  typeof (upload as Partial<PendingUpload>).store === 'function';

export interface ValidationSummary {
  valid: boolean;
  format: string | null;
  rows: number;
  errorCount: number;
  warningCount: number;
  /** First few errors/warnings, already phrased for the member. */
  errors: { line: number; code: string; message: string; hint?: string }[];
  warnings: { line: number; code: string; message: string; hint?: string }[];
  reportKey?: string;
}

export interface ScoreFlags {
  /** Questions whose answer talks to the judge ("ignore the above", a verdict token, a fake end of turn). */
  addressesJudge: string[];
  /** Share of answers nearly identical to the answer to another question. */
  nearIdenticalShare: number;
  /** A constant (or near-constant) answer: the shape of a null-model attack. */
  nearIdentical: boolean;
}

/** The figures of one split of the hidden set (or of the whole set when it is not split). */
export interface SplitScore {
  /** Mean question score in [0,1]: the win rate against the reference. */
  winRate: number;
  /** 95% interval: the bootstrap's, widened to the Wilson interval where that is wider. */
  ciLow: number;
  ciHigh: number;
  /** Questions won in every order by every judge. */
  strictWins: number;
  /** Questions with at least one verdict. */
  questions: number;
  /** Questions in the split, judged or not. */
  total: number;
  /** Judgments that could not be parsed after a retry: excluded, and reported. */
  errors: number;
}

export interface Score extends SplitScore {
  /**
   * The headline fields are the public split's when the round's questions are split (what members
   * see while the round is open), else the whole set's.
   */
  split: 'public' | 'all';
  /** The private split's figures: the final standings'. Never shown to a member while the round is open. */
  private?: SplitScore;
  /** Whether every split judged has the coverage a rank needs (MIN_JUDGED of its questions with a verdict). */
  ranked: boolean;
  /** The judging defences' findings on the candidate's answers, for organizers (all questions). */
  flags?: ScoreFlags;
  /** Share of (question, judge) pairs whose two orders agreed. */
  consistency: number;
  lcWinRate: number;
  /** The score leans on length: raw and length-controlled rates apart, or uniformly padded answers. */
  lengthGapFlag: boolean;
  /** Candidate minus reference characters on the median question (uniform padding shows here). */
  lengthExcessChars?: number;
  /** The headline split's length sums, which the round's later submissions pool for the slope. */
  lengthStats?: LengthStats;
  /** The round's length slope the length-controlled rate was read with. */
  lengthSlope?: number;
  tokens: number;
  /** Model calls and, when the trainer bills instance time, training. */
  costUsd: number;
  /** The training job's billed instance time and its price. */
  training?: TrainingCost;
}

/** What a finished training job was billed for: instance time on one instance type. */
export interface TrainingBilling {
  instanceType: string;
  instanceCount: number;
  /** Billed wall-clock seconds of each instance. */
  billableSeconds: number;
}

/** The training part of a submission's cost. */
export interface TrainingCost {
  instanceType: string;
  /** Instance-seconds billed (billable seconds × instances). */
  seconds: number;
  /** US dollars; null when the instance type has no price in the table (TRAINING_INSTANCE_PRICES). */
  usd: number | null;
}

export interface Failure {
  reason: string;
  /** False when the platform, not the member, failed: the quota is refunded. */
  countsAgainstQuota: boolean;
}

export interface Submission {
  id: string;
  roundId: string;
  userId: UserId;
  /** The member's display name when they submitted (platform ids are not names). */
  userName?: string;
  stage: Stage;
  createdAt: string;
  updatedAt: string;
  /** UTC day the quota was charged to. */
  quotaDay: string;
  /** The member's submissions that day, this one included, when it was charged. */
  quotaCount?: number;
  /** The platform request that made it (`Actor.request`): its replays answer with this submission. */
  request?: string;
  upload: Upload;
  hyperparameters: Hyperparameters;
  progress?: MessageRef;
  datasetKey?: string;
  validation?: ValidationSummary;
  /** Set when the dataset reproduces hidden gold answers but was let through: the member reads it in the result. */
  leakageNote?: string;
  modelUri?: string;
  trainingJobName?: string;
  /** The finished training job's billed instance time (trainers that rent instances). */
  trainingBilling?: TrainingBilling;
  score?: Score;
  failure?: Failure;
  /** Count of judge chunks completed; the chunk that completes the set enqueues `score`. */
  chunksDone?: number;
  chunksTotal?: number;
  attempts?: number;
  /** While it waits for a training slot or an evaluation endpoint: its place in that queue. */
  queue?: QueuePlace;
  /** When a `try` last used (or started) the model's short-lived host: its idle teardown counts from here. */
  tryUsedAt?: string;
}

/** Tokens one model call used, with the model to price them by. */
export interface ModelUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
}

export type JudgeOrder = 'candidate-first' | 'candidate-second';

export interface Judgment {
  submissionId: string;
  questionId: string;
  judge: string;
  order: JudgeOrder;
  /** 1 candidate better, 0.5 tie, 0 worse; null when the judge's answer could not be parsed. */
  score: 0 | 0.5 | 1 | null;
  verdict: string | null;
  rationale: string;
  candidateAnswer: string;
  referenceAnswer: string;
  /** The judge call's tokens. */
  inputTokens: number;
  outputTokens: number;
  /** The answers' generation: the candidate's for this submission, the reference's (cached per round). */
  candidateUsage?: ModelUsage;
  referenceUsage?: ModelUsage;
  overriddenBy?: UserId;
  /** Set when the override applied what people agreed on in calibration. */
  overrideSource?: 'calibration';
  /** The judge's own verdict and score, kept when an organizer override replaces them. */
  judged?: { verdict: string | null; score: 0 | 0.5 | 1 | null };
}

export interface LeaderboardEntry {
  roundId: string;
  userId: UserId;
  userName?: string;
  submissionId: string;
  winRate: number;
  ciLow: number;
  ciHigh: number;
  submittedAt: string;
  /** Judgments of the ranked split the judge could not settle (shown on the row). */
  errors?: number;
  /** The private split's figures, ranked once the round closes. */
  private?: Pick<SplitScore, 'winRate' | 'ciLow' | 'ciHigh' | 'errors'>;
  /** What the judging defences flagged, in words, for organizers. */
  flags?: string[];
}

export interface AuditEntry {
  at: string;
  actor: UserId | 'system';
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

export type AppealStatus = 'open' | 'closed';

/** A member's request that organizers review the judgment of one question. */
export interface Appeal {
  submissionId: string;
  questionId: string;
  roundId: string;
  userId: UserId;
  reason: string;
  status: AppealStatus;
  openedAt: string;
  closedAt?: string;
  closedBy?: UserId;
  /** What the organizer decided, in words (e.g. `verdict A>B`). */
  outcome?: string;
}

/** A finalist of the Grand Finale: a member's scored submission, whose model answers live. */
export interface Finalist {
  /** Position on the stage, from 1. */
  position: number;
  submissionId: string;
  userId: UserId;
  userName?: string;
  modelUri: string;
}

export type FinaleStatus = 'live' | 'ended';

export interface Finale {
  id: string;
  roundId: string;
  /** Where prompts, votes and the scoreboard are posted. */
  channel: string;
  finalists: Finalist[];
  status: FinaleStatus;
  /** Prompts opened so far; the latest is the one accepting votes until the next opens or the finale ends. */
  prompts: number;
  /** The scoreboard message, edited in place. */
  scoreboard?: MessageRef;
  /** Each finalist's system prompt by submission id, as they set it; a prompt takes a copy when it opens. */
  systemPrompts?: Record<string, string>;
  startedBy: UserId;
  startedAt: string;
  endedAt?: string;
}

export interface FinalePrompt {
  finaleId: string;
  number: number;
  text: string;
  openedAt: string;
  /** Set once: votes and expert scores are refused from then on. */
  closedAt?: string;
  /** Audience votes per finalist submission id. */
  votes: Record<string, number>;
  /**
   * Expert scores 1–10, keyed `expert|submissionId|criterion` (the rubric: accuracy, coherence, domain);
   * an expert may change a score until the prompt closes.
   */
  expertScores: Record<string, number>;
  /** The finalists' system prompts as they stood when the prompt opened, by submission id. */
  systemPrompts?: Record<string, string>;
  /** Every finalist's answer is in and judged (or judging failed for good). */
  judged?: boolean;
  judgeFailed?: boolean;
  /** The prompt's message in the channel, edited when the answers arrive. */
  message?: MessageRef;
}

/** One model's answer to a finale prompt; for finalists also the judge's verdicts against the reference. */
export interface FinaleAnswer {
  finaleId: string;
  prompt: number;
  /** A finalist's submission id, or `reference`. */
  submissionId: string;
  text: string;
  /** Mean candidate score over orders and judges in [0,1]; null for the reference or when no verdict could be read. */
  judgeScore: number | null;
  verdicts: {
    judge: string;
    order: JudgeOrder;
    verdict: string | null;
    score: 0 | 0.5 | 1 | null;
    rationale: string;
  }[];
  inputTokens: number;
  outputTokens: number;
}

export type DraftStatus = 'generating' | 'ready' | 'failed';

/** One instruction–response pair of a draft. */
export interface DraftRow {
  instruction: string;
  response: string;
}

/**
 * A generated dataset under review: its rows are a .jsonl in the blob store (one file per version),
 * the member keeps or drops each row, `refine` makes the next version.
 */
export interface Draft {
  id: string;
  roundId: string;
  userId: UserId;
  userName?: string;
  topic: string;
  style?: string;
  /** Rows asked for. */
  count: number;
  status: DraftStatus;
  /** 1 for the first draft, +1 per refine; jobs, buttons and files belong to one version. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Rows of the current version and where they are (set when it is ready). */
  rows?: number;
  blobKey?: string;
  bytes?: number;
  /** Rows (1-based) of the current version the member dropped. */
  dropped: number[];
  /** The page of the preview the DM shows. */
  page?: number;
  /** While a version is generated: pairs so far, and how many it needs. */
  generated?: number;
  needed?: number;
  /** A refine's feedback, and the rows of the previous version it replaces (all when absent). */
  feedback?: string;
  base?: { blobKey: string; replace: number[] };
  /** Generator tokens spent on this draft, all versions. */
  tokens: number;
  /** Rows left out of the current version because they matched the round's hidden questions or answers. */
  leaked?: number;
  /** Stopped early: the daily generation budget ran out. */
  budgetStopped?: boolean;
  validation?: ValidationSummary;
  /** The model the rows came from. */
  model?: string;
  progress?: MessageRef;
  preview?: MessageRef;
  failure?: string;
  /** The latest submission made from this draft. */
  submissionId?: string;
}
