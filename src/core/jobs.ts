import { z } from 'zod';

/** A job carries ids only; the store holds the truth. */
const JobKinds = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ingest'), submissionId: z.string().min(1) }),
  z.object({ type: z.literal('train'), submissionId: z.string().min(1) }),
  z.object({
    type: z.literal('training-finished'),
    jobName: z.string().min(1),
    status: z.enum(['Completed', 'Failed', 'Stopped']),
    modelUri: z.string().optional(),
    failureReason: z.string().optional(),
  }),
  z.object({ type: z.literal('evaluate'), submissionId: z.string().min(1) }),
  z.object({ type: z.literal('judge'), submissionId: z.string().min(1), chunk: z.number().int().min(0) }),
  z.object({ type: z.literal('score'), submissionId: z.string().min(1) }),
  z.object({ type: z.literal('notify'), submissionId: z.string().min(1) }),
  z.object({ type: z.literal('post-leaderboard'), roundId: z.string().min(1), reason: z.string() }),
  /** Stops a cancelled or failed submission's training job and tears its endpoint down (worker only: it holds the model permissions). */
  z.object({
    type: z.literal('release'),
    submissionId: z.string().min(1),
    trainingJobName: z.string().min(1).optional(),
    closeHost: z.boolean(),
  }),
  /** Every finalist's model and the reference answer a finale prompt; the judge scores each finalist. */
  z.object({ type: z.literal('finale-prompt'), finaleId: z.string().min(1), prompt: z.number().int().min(1) }),
  /** The next attempt at an outbox message (`after`: the attempts it follows; any other count means a newer job is in charge). */
  z.object({ type: z.literal('deliver'), key: z.string().min(1), after: z.number().int().min(0) }),
  /** Tells organizers of chat messages given up on (sent by the sweeper, which holds no chat credentials). */
  z.object({ type: z.literal('notice-undelivered') }),
  /** One generator call of a draft's version (batch 0, 1, …); the last assembles, checks and DMs the draft. */
  z.object({
    type: z.literal('generate'),
    draftId: z.string().min(1),
    version: z.number().int().min(1),
    batch: z.number().int().min(0),
  }),
  /** Brings the finalists' models up before the first prompt, or tears them down after the finale. */
  z.object({ type: z.literal('finale-hosts'), finaleId: z.string().min(1), action: z.enum(['open', 'close']) }),
  /**
   * A member's `try`. The question is theirs, bounded by the grammar, and travels with the job: nothing
   * else keeps it. `submission` rather than `submissionId`: a try that fails must never fail the submission.
   */
  z.object({
    type: z.literal('try'),
    tryId: z.string().min(1),
    submission: z.string().min(1),
    userId: z.string().min(1),
    question: z.string().min(1).max(4000),
    /** The UTC day the try was counted on (a try that cannot be answered is given back). */
    day: z.string().min(1),
    /** When the try began waiting for a host slot or an endpoint. */
    hostWaitSince: z.iso.datetime().optional(),
  }),
  /** Tears a model's `try` host down if no try used it for TRY_IDLE_MINUTES, freeing its endpoint slot. */
  z.object({ type: z.literal('try-idle'), submission: z.string().min(1) }),
]);

/** Set on a job sent again because what it needs is not ready yet: when the waiting began. */
const WaitFields = z.object({ waitingSince: z.iso.datetime().optional() });

export const JobSchema = z.intersection(JobKinds, WaitFields);

export type Job = z.infer<typeof JobSchema>;
export type JobType = Job['type'];
export type JobOf<T extends JobType> = Extract<Job, { type: T }>;

/** Parses a queue message body; throws a ZodError on anything else. */
export const parseJob = (body: string): Job => JobSchema.parse(JSON.parse(body));
