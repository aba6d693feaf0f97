import type { Message } from './messages/message';
import type { MessageRef, UserId } from './model';

/** Where an outbox message goes: a member's DM, a channel, or an edit of a message already posted. */
export type OutboxTarget =
  | { kind: 'dm'; userId: UserId }
  | { kind: 'post'; channel: string }
  | { kind: 'edit'; ref: MessageRef };

export type OutboxStatus = 'pending' | 'sent' | 'undeliverable';

/**
 * A chat message the league owes someone, kept until it is delivered. Its key is its idempotency key:
 * one entry, so one message, per key.
 */
export interface OutboxEntry {
  key: string;
  target: OutboxTarget;
  message: Message;
  /** What it is, in the words organizers read in `/league undelivered` ("result DM of s12"). */
  about: string;
  /** Changes with each new content of an entry whose latest content is what counts (a progress edit). */
  version: string;
  status: OutboxStatus;
  /** Attempts made so far. */
  attempts: number;
  createdAt: string;
  /** When the next attempt is due (pending entries). */
  nextAttemptAt: string;
  /** The platform's message, once posted: a retry returns it instead of posting again. */
  ref?: MessageRef;
  sentAt?: string;
  lastError?: string;
  /** When it was given up on (undeliverable entries). */
  failedAt?: string;
  /** Undeliverable entries: whether organizers have been told. */
  noticed?: boolean;
}

/** How an attempt ended, as the outbox records it. */
export type OutboxOutcome =
  | { status: 'sent'; ref?: MessageRef; sentAt: string }
  | { status: 'pending'; nextAttemptAt: string; lastError: string }
  | { status: 'undeliverable'; failedAt: string; lastError: string };
