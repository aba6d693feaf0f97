import type { CapacityHolder, CapacityWaiter, MemberWaits } from './capacity/fair-order';
import type { Job } from './jobs';
import type { CalibrationAssignment, CalibrationLabel } from './judging/calibration';
import type { Message } from './messages/message';
import type {
  Appeal,
  AuditEntry,
  Draft,
  DraftRow,
  Finale,
  FinaleAnswer,
  FinalePrompt,
  Judgment,
  LeaderboardEntry,
  MessageRef,
  Question,
  Round,
  Submission,
  TrainingBilling,
  UserId,
} from './model';
import type { OutboxEntry, OutboxOutcome } from './outbox-entry';
import type { PromptFormat } from './prompt-format';
import type { Criterion } from './scoring/finale';
import type { Stage } from './submission-stage';

/**
 * Persistence, one interface per aggregate; the DynamoDB adapter implements them all on one table.
 * Every write that moves a submission is conditional on its current stage.
 */
export type Store = RoundStore &
  SubmissionStore &
  QuotaStore &
  ReferenceAnswerStore &
  JudgmentStore &
  LeaderboardStore &
  ClaimStore &
  AuditStore &
  AppealStore &
  FinaleStore &
  CalibrationStore &
  RequestLog &
  CapacityStore &
  OutboxStore &
  DraftStore;

/** An HTTP answer given to a platform request, kept for the request's replays. */
export interface RecordedResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Platform requests (a Slack view, trigger or event; a Discord interaction), each recorded once. */
export interface RequestLog {
  /** Records the request with one conditional write; a replay learns the answer the first got, once kept. */
  recordRequest(key: string, now: Date): Promise<{ first: boolean; response?: RecordedResponse }>;
  /** Keeps the answer given to a recorded request. */
  saveResponse(key: string, response: RecordedResponse): Promise<void>;
  /** Forgets a request whose handling failed, so the platform's own retry runs. */
  forgetRequest(key: string): Promise<void>;
}

/**
 * Chat messages owed, one entry per idempotency key, with conditional writes only: an attempt is
 * taken by one deliverer at a time (a lease), and what was posted is recorded on the entry.
 */
export interface OutboxStore {
  /** Adds the entry unless its key is taken; returns the entry stored under the key either way. */
  addOutboxEntry(entry: OutboxEntry): Promise<{ created: boolean; entry: OutboxEntry }>;
  /**
   * Gives the entry new content and makes it pending again with no attempts (added when absent).
   * With `onlyIfPending`, only the content changes, its attempts and schedule kept, and only while
   * it is pending (false when it was sent or given up meanwhile).
   */
  replaceOutboxMessage(entry: OutboxEntry, options?: { onlyIfPending?: boolean }): Promise<boolean>;
  getOutboxEntry(key: string): Promise<OutboxEntry | undefined>;
  /** Takes the next attempt of a pending entry until `now + leaseMs` (counted); undefined when not pending or held. */
  claimOutboxAttempt(key: string, token: string, now: Date, leaseMs: number): Promise<OutboxEntry | undefined>;
  /** Records the attempt's outcome and frees it; false when `token` lost it, or for a delivery when the content is no longer `version`. */
  settleOutboxAttempt(key: string, token: string, version: string, outcome: OutboxOutcome): Promise<boolean>;
  /** Pending entries whose next attempt was due by `now`, soonest first. */
  listDueOutbox(now: Date, limit: number): Promise<OutboxEntry[]>;
  /** Undeliverable entries, newest first; with `unnoticed`, only those organizers have not been told of. */
  listUndeliverable(limit: number, options?: { unnoticed?: boolean }): Promise<OutboxEntry[]>;
  /** Sets whether organizers were told of an undeliverable entry; false when it already was so. */
  markOutboxNoticed(entry: Pick<OutboxEntry, 'key' | 'failedAt'>, noticed: boolean): Promise<boolean>;
}

/** Rounds and their hidden question sets. */
export interface RoundStore {
  /** Creates the round; ConflictError if the id exists. */
  createRound(round: Round): Promise<void>;
  /** The round, or undefined when there is none with that id. */
  getRound(id: string): Promise<Round | undefined>;
  /** Every round, newest first (a Query, never a Scan). */
  listRounds(): Promise<Round[]>;
  /** Applies the patch and returns the round as stored; NOT_FOUND when there is no such round. */
  updateRound(id: string, patch: Partial<Omit<Round, 'id'>>): Promise<Round>;
  /** Replaces the round's hidden question set (questions not in the new set are removed). */
  putQuestions(roundId: string, questions: Question[]): Promise<void>;
  /** The round's questions in the order they were put; empty when none are loaded. */
  getQuestions(roundId: string): Promise<Question[]>;
}

/** Submissions and their stage machine. */
export interface SubmissionStore {
  /** Creates a submission; ConflictError if the id exists. */
  createSubmission(sub: Submission): Promise<void>;
  /** The submission, or undefined when there is none with that id. */
  getSubmission(id: string): Promise<Submission | undefined>;
  /** Moves `from` -> `to` and applies `patch` atomically; ConflictError if the stage is no longer `from`. */
  transition(id: string, from: Stage, to: Stage, patch?: Partial<Submission>): Promise<Submission>;
  /** Updates fields other than the stage (progress ref, counters). */
  patchSubmission(id: string, patch: Partial<Omit<Submission, 'id' | 'stage'>>): Promise<void>;
  /** A member's submissions in a round (or all rounds), newest first. */
  listSubmissionsByUser(userId: UserId, roundId?: string): Promise<Submission[]>;
  /** Submissions of a round, for organizers and the sweeper. */
  listSubmissionsByRound(roundId: string): Promise<Submission[]>;
}

/** The daily submission quota, counted per round, member and UTC day. */
export interface QuotaStore {
  /**
   * Charges one submission against the daily quota: the day's count with it, or undefined when used up.
   * Without a limit the charge always counts (each concurrent charge gets a count of its own): the
   * caller holds the count to the quota and gives back a charge over it.
   */
  chargeQuota(roundId: string, userId: UserId, day: string, limit?: number): Promise<number | undefined>;
  /** Gives one charge back (a submission the platform failed); never below zero. */
  refundQuota(roundId: string, userId: UserId, day: string): Promise<void>;
  /** How many submissions are charged for that day. */
  quotaUsed(roundId: string, userId: UserId, day: string): Promise<number>;
}

/** Reference-model answers, generated once per round, question and model. */
export interface ReferenceAnswerStore {
  /** Stores the reference answer unless one exists; returns the stored one. */
  putReferenceAnswer(roundId: string, questionId: string, model: string, answer: CachedAnswer): Promise<CachedAnswer>;
  /** The cached answer, or undefined when none is stored yet. */
  getReferenceAnswer(roundId: string, questionId: string, model: string): Promise<CachedAnswer | undefined>;
}

/** Judgments of a submission, under deterministic keys (question, judge, order). */
export interface JudgmentStore {
  /** Stores a judgment under its deterministic key unless one exists; returns false if it existed. */
  putJudgment(j: Judgment): Promise<boolean>;
  /** Replaces a judgment (organizer override). */
  replaceJudgment(j: Judgment): Promise<void>;
  /** Every judgment of the submission. */
  listJudgments(submissionId: string): Promise<Judgment[]>;
  /** Marks a judge chunk done (once per chunk); returns how many distinct chunks are done. */
  completeChunk(submissionId: string, chunk: number): Promise<number>;
}

/** One entry per member and round: their best scored submission. */
export interface LeaderboardStore {
  /** Keeps the member's best scored submission of the round on the leaderboard. */
  putLeaderboardEntry(entry: LeaderboardEntry): Promise<void>;
  /** The round's entries, unranked. */
  leaderboard(roundId: string): Promise<LeaderboardEntry[]>;
}

/** Guards for side effects that cannot be made conditional: one-off claims and expiring leases. */
export interface ClaimStore {
  /** Claims a one-off side effect (a DM, a post); false if it was already claimed. */
  claimOnce(key: string): Promise<boolean>;
  /**
   * Takes a lease on `key` until `now + ttlMs` unless another holder has a live one.
   * Returns the holder token, or undefined when the lease is held elsewhere.
   */
  acquireLease(key: string, ttlMs: number, now: Date): Promise<string | undefined>;
  /**
   * Moves the holder's lease on to `now + ttlMs`, so work that outlasts one term keeps its claim.
   * False when `token` no longer holds it (it expired and another holder took it).
   */
  renewLease(key: string, token: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives a lease back early (after a failure), so a retry need not wait for it to expire. */
  releaseLease(key: string, token: string): Promise<void>;
}

/** The organizers' audit log. */
export interface AuditStore {
  /** Appends an entry; entries are never changed or removed. */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The newest `limit` entries (1,000 by default), newest first. */
  listAudit(limit?: number): Promise<AuditEntry[]>;
}

/** What admission hands out: training jobs and evaluation endpoints the account runs at once. */
export type CapacityPool = 'training' | 'endpoint';

/**
 * Capacity slots and the queue for them, with conditional writes only (no transactions): a slot
 * has at most one holder, and whoever writes it first holds it; a waiter is removed once, by
 * whoever removes it first (the admitter that does holds the submission's slot; any other gives its
 * claim back).
 */
export interface CapacityStore {
  /** The pool's holders (by slot), waiters and members' waits so far, in one consistent read. */
  capacity(
    pool: CapacityPool,
  ): Promise<{ holders: CapacityHolder[]; waiters: CapacityWaiter[]; members: MemberWaits[] }>;
  /** Puts the submission in the queue; a second call keeps its first place. */
  addWaiter(pool: CapacityPool, waiter: CapacityWaiter): Promise<void>;
  /** Takes the submission out of the queue; true only for the call that removed it. */
  removeWaiter(pool: CapacityPool, submissionId: string): Promise<boolean>;
  /** Takes slot `slot`; false when another holder has it. */
  claimSlot(pool: CapacityPool, slot: number, holder: Omit<CapacityHolder, 'slot'>): Promise<boolean>;
  /** Frees the slots the submission holds (only `slot`, when given); false when it held none. */
  releaseSlot(pool: CapacityPool, submissionId: string, slot?: number): Promise<boolean>;
  /** Adds an admitted submission's wait to its member's waits in its round (a new round starts afresh). */
  recordAdmission(pool: CapacityPool, admission: { userId: string; roundId: string; waitedMs: number }): Promise<void>;
}

/** Appeals: at most one open appeal per (submission, question), kept by a conditional write. */
export interface AppealStore {
  /** Opens the appeal; false when one on the same question is still open. */
  openAppeal(appeal: Appeal): Promise<boolean>;
  /** The latest appeal on that question, open or closed. */
  getAppeal(submissionId: string, questionId: string): Promise<Appeal | undefined>;
  /** Closes the open appeal with the decision; false when none was open. */
  closeAppeal(
    submissionId: string,
    questionId: string,
    decision: Pick<Appeal, 'closedAt' | 'closedBy' | 'outcome'>,
  ): Promise<boolean>;
}

/** Calibration: who labels, the blind pairs handed out, and the verdicts people gave. */
export interface CalibrationStore {
  /** Records a member's opt-in to label pairs; false when they had joined already. */
  joinCalibration(userId: UserId, at: string): Promise<boolean>;
  /** Whether the member opted in. */
  isCalibrator(userId: UserId): Promise<boolean>;
  /** Stores a pair handed to a labeller (the id is new). */
  putCalibrationAssignment(assignment: CalibrationAssignment): Promise<void>;
  /** The assignment, or undefined when there is none with that id. */
  getCalibrationAssignment(id: string): Promise<CalibrationAssignment | undefined>;
  /** Stores a person's verdict on a pair; a later one from the same person replaces it. */
  putCalibrationLabel(roundId: string, label: CalibrationLabel): Promise<void>;
  /** Every verdict people gave on the round's pairs. */
  listCalibrationLabels(roundId: string): Promise<CalibrationLabel[]>;
}

export type VoteOutcome = 'counted' | 'duplicate' | 'closed';

/** The Grand Finale: one live finale at a time; votes and scores are conditional writes on the prompt. */
export interface FinaleStore {
  /** Stores the finale and makes it the live one; ConflictError while another finale is live. */
  createFinale(finale: Finale): Promise<void>;
  /** The finale, or undefined when there is none with that id. */
  getFinale(id: string): Promise<Finale | undefined>;
  /** The finale in progress, if any. */
  liveFinale(): Promise<Finale | undefined>;
  /** Applies the patch and returns the finale as stored. */
  updateFinale(id: string, patch: Partial<Omit<Finale, 'id'>>): Promise<Finale>;
  /** Marks the finale ended and frees the live slot. */
  endFinale(id: string, endedAt: string): Promise<Finale>;
  /** Opens a prompt; ConflictError if that number exists. */
  createFinalePrompt(prompt: FinalePrompt): Promise<void>;
  /** The prompt with its tallies, or undefined. */
  getFinalePrompt(finaleId: string, number: number): Promise<FinalePrompt | undefined>;
  /** Prompts in order. */
  listFinalePrompts(finaleId: string): Promise<FinalePrompt[]>;
  /** Updates the prompt's judging state and message ref. */
  patchFinalePrompt(
    finaleId: string,
    number: number,
    patch: Partial<Pick<FinalePrompt, 'judged' | 'judgeFailed' | 'message'>>,
  ): Promise<void>;
  /** Closes a prompt once; false when it was closed already. */
  closeFinalePrompt(finaleId: string, number: number, at: string): Promise<boolean>;
  /** One vote per voter per prompt, refused once the prompt is closed (a single conditional write). */
  castFinaleVote(finaleId: string, number: number, voter: UserId, submissionId: string): Promise<VoteOutcome>;
  /** Records (or replaces) an expert's 1–10 scores on the rubric criteria given; false when the prompt is closed. */
  putExpertScore(
    finaleId: string,
    number: number,
    expert: UserId,
    submissionId: string,
    scores: Partial<Record<Criterion, number>>,
  ): Promise<boolean>;
  /** Sets (or with '' removes) a finalist's system prompt on a live finale; false when the finale is not live. */
  setFinaleSystemPrompt(finaleId: string, submissionId: string, text: string): Promise<boolean>;
  /** Stores the answer unless one exists; returns the stored one. */
  putFinaleAnswer(answer: FinaleAnswer): Promise<FinaleAnswer>;
  /** Answers of one prompt, or of every prompt. */
  listFinaleAnswers(finaleId: string, number?: number): Promise<FinaleAnswer[]>;
}

/** A generated answer with its token counts (what it cost). */
export interface CachedAnswer {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** Generated datasets under review, and the generator tokens each member spends a day. */
export interface DraftStore {
  /** Creates the draft; ConflictError if the id exists. */
  createDraft(draft: Draft): Promise<void>;
  /** The draft, or undefined when there is none with that id. */
  getDraft(id: string): Promise<Draft | undefined>;
  /**
   * Applies the patch and returns the draft as stored; with `expect`, only while the draft is still at
   * that version and status (ConflictError otherwise), so a stale job or button changes nothing.
   */
  updateDraft(
    id: string,
    patch: Partial<Omit<Draft, 'id'>>,
    expect?: Pick<Draft, 'version'> & Partial<Pick<Draft, 'status'>>,
  ): Promise<Draft>;
  /** Marks rows of that version kept or dropped, atomically (two clicks at once both count); ConflictError on another version. */
  markDraftRows(id: string, version: number, rows: number[], dropped: boolean): Promise<Draft>;
  /**
   * Stores a version's preview, page by page (rows as the review shows them), so the review never
   * reads the blob store.
   */
  putDraftPages(id: string, version: number, pages: DraftRow[][]): Promise<void>;
  /** One page (1-based) of a version's preview; empty when there is no such page. */
  getDraftPage(id: string, version: number, page: number): Promise<DraftRow[]>;
  /** A member's drafts, newest first. */
  listDraftsByUser(userId: UserId): Promise<Draft[]>;
  /** Adds generator tokens to the member's count for the round and UTC day; returns the day's total. */
  chargeGenerationTokens(roundId: string, userId: UserId, day: string, tokens: number): Promise<number>;
  /** Generator tokens the member spent in the round that day. */
  generationTokensUsed(roundId: string, userId: UserId, day: string): Promise<number>;
}

/** At-least-once delivery of jobs to the worker. */
export interface JobQueue {
  /**
   * Each job reaches the worker at least once, unchanged, no sooner than `delaySeconds` after the
   * send; rejects with TransientError when the queue cannot take them (the caller is retried).
   */
  send(jobs: Job[], options?: { delaySeconds?: number }): Promise<void>;
}

/** Object storage for datasets, reports and model artifacts. */
export interface BlobStore {
  /** Stores the bytes (text as UTF-8) under the key, replacing any blob there; a stream is not held whole. */
  put(key: string, body: Uint8Array | string | AsyncIterable<Uint8Array>): Promise<void>;
  /** Streams the bytes as they were put; throws NOT_FOUND as a LeagueError when absent. */
  get(key: string): AsyncIterable<Uint8Array>;
  /** The blob decoded as UTF-8; NOT_FOUND as a LeagueError when absent. */
  getText(key: string): Promise<string>;
  /** Whether a blob is stored under the key. */
  exists(key: string): Promise<boolean>;
}

/** Copies a platform upload (Slack url_private, Discord CDN) as a byte stream. */
export interface UploadFetcher {
  fetch(url: string, options: { maxBytes: number }): AsyncIterable<Uint8Array>;
}

export interface TrainingRequest {
  /** Derived from the submission id, so a duplicate start is harmless. */
  jobName: string;
  submissionId: string;
  datasetKey: string;
  hyperparameters: Record<string, number>;
}

/** Fine-tuning. Completion arrives later as a `training-finished` job. */
export interface Trainer {
  start(req: TrainingRequest): Promise<void>;
  stop(jobName: string): Promise<void>;
  /**
   * A finished job's billed instance time, from trainers that rent instances by the second;
   * undefined when the platform reports none. Trainers that bill nothing leave it out.
   */
  billing?(jobName: string): Promise<TrainingBilling | undefined>;
}

export interface ModelRequest {
  system?: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  maxTokens: number;
  temperature: number;
}

export interface ModelResponse {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** A model that answers a prompt: the reference model, or a fine-tuned one being served. */
export interface Generator {
  /** The model's id, as rounds record it and prices are keyed. */
  readonly modelId: string;
  /**
   * The model's answer with the tokens it cost. A throttle or an outage is a TransientError
   * (`THROTTLED` for a throttle); a refusal no retry fixes (model access, a bad request) is CONFIG.
   */
  generate(req: ModelRequest): Promise<ModelResponse>;
}

/** What a dataset generator is asked; real models read `system` + `messages`, the offline stand-in the parts. */
export interface DraftRequest extends ModelRequest {
  domain: string;
  topic: string;
  style?: string;
  /** Pairs wanted from this call. */
  count: number;
  /** The member's feedback on an earlier version. */
  feedback?: string;
  /** Instructions the draft has already: new pairs must differ. */
  avoid: string[];
}

/** Drafts instruction–response pairs (a foundation model, or the offline stand-in). */
export interface DatasetGenerator {
  /** The model's id, as drafts record it and prices are keyed. */
  readonly modelId: string;
  /** The model's reply: pairs as JSON Lines, with the tokens they cost; failures as in Generator.generate. */
  draft(req: DraftRequest): Promise<ModelResponse>;
}

/** Makes a fine-tuned model answerable for the evaluation, and tears it down after. */
export interface ModelHost {
  /** `format` is the layout the model was trained on, so it is asked the same way (instruction when absent). */
  open(submissionId: string, modelUri: string, format?: PromptFormat): Promise<Generator>;
  close(submissionId: string): Promise<void>;
  /**
   * True when an open host is a billed resource (an endpoint): outside an evaluation it needs a slot
   * of the endpoint pool and is torn down when idle. Absent or false for in-process stand-ins.
   */
  provisioned?: boolean;
}

/** What the judge is asked; real judges read `system` + `prompt`, the offline one the parts. */
export interface JudgeRequest extends ModelRequest {
  question: string;
  gold?: string;
  answerA: string;
  answerB: string;
}

export interface Judge {
  /** The judge model's id, recorded on each judgment. */
  readonly modelId: string;
  /** Model family, so a judge is never from the family it judges. */
  readonly family: string;
  /**
   * The judge's reply, meant to end on a verdict token of the five-level scale. A model behind a
   * service reads `system` and `messages` only; failures are sorted as in Generator.generate.
   */
  judge(req: JudgeRequest): Promise<ModelResponse>;
}

/** Options of a post or DM. */
export interface SendOptions {
  /**
   * Sending twice with the same key delivers once and returns the first message's ref
   * (a redelivered job, or a retry after a crash, never duplicates a message).
   */
  idempotencyKey?: string;
}

/** Posting to a platform. Ephemeral replies go back through the ingress response instead. */
export interface Chat {
  /** Posts to a channel (qualified: `slack:C…`); returns the ref of the message, on that platform. */
  post(channel: string, message: Message, options?: SendOptions): Promise<MessageRef>;
  /** Edits the message in place: its new content replaces the old, and nothing new is posted. */
  update(ref: MessageRef, message: Message): Promise<void>;
  /** Direct message to a member, in their DM with the bot (never in a channel). */
  dm(userId: UserId, message: Message, options?: SendOptions): Promise<MessageRef>;
}

/** Rasterises a chart drawn as SVG, for platforms that show PNG attachments but not SVG. */
export interface ChartRenderer {
  png(svg: string): Promise<Uint8Array>;
}

export interface Clock {
  now(): Date;
}

/** Ids that sort by creation time. */
export interface IdSource {
  next(prefix: string): string;
  /** The same id for the same key, every time (a platform request's identity: its replays find what it made). */
  forKey(prefix: string, key: string): string;
}

/** Structured logging; adapters decide where it goes. Never pass secrets. */
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}
