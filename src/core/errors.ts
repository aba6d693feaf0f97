/** Machine-readable error codes; the message says what a person can do about it. */
export type ErrorCode =
  | 'BAD_COMMAND'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'ROUND_CLOSED'
  | 'QUOTA_EXCEEDED'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'ILLEGAL_TRANSITION'
  | 'UPSTREAM_UNAVAILABLE'
  | 'THROTTLED'
  | 'NOT_READY'
  | 'CONFIG';

export class LeagueError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A user's mistake: shown to them (ephemerally), never retried. */
export class UserError extends LeagueError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(code, message);
  }
}

/** An outage or throttle: the job goes back to the queue and is retried. */
export class TransientError extends LeagueError {
  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number; code?: ErrorCode }) {
    super(options?.code ?? 'UPSTREAM_UNAVAILABLE', message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly retryAfterMs?: number;
}

/** What a job waits for: an endpoint coming up, or SageMaker's training instance quota. */
export type WaitReason = 'endpoint' | 'training-quota';

/**
 * Not a failure: what the job needs is not ready yet. The job is sent again after `retryAfterMs`
 * as a new message, so waiting never spends the queue's failure budget; a separate bound on the
 * total wait fails the submission with a clear message.
 */
export class NotReadyError extends LeagueError {
  constructor(
    message: string,
    readonly waitingFor: WaitReason,
    readonly retryAfterMs: number,
  ) {
    super('NOT_READY', message);
  }
}

/** A conditional write lost the race: another delivery already did this step. */
export class ConflictError extends LeagueError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;
