import { TransientError } from '../../errors';
import type { Message } from '../../messages/message';
import type { MessageRef } from '../../model';
import type { OutboxEntry, OutboxOutcome, OutboxTarget } from '../../outbox-entry';
import type { LeagueDeps } from '../context';
import { noticeUndelivered } from './notice';

/** A message for the outbox to deliver. */
export interface OutboxMessage {
  /** The idempotency key: one message per key, however often it is sent. */
  key: string;
  target: OutboxTarget;
  message: Message;
  /** What it is, for organizers ("result DM of s12"). */
  about: string;
  /** The latest content is what counts (an edit): a second send replaces content not delivered yet. */
  replace?: boolean;
}

/** SQS delays a message by 15 minutes at most. */
const MAX_DELAY_MS = 15 * 60_000;
/** A settled attempt that finds its content replaced meanwhile delivers the new content, a bounded number of times. */
const MAX_RESENDS = 3;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/**
 * Records the message in the outbox and tries it at once. A chat outage never fails the caller: the
 * message stays pending and a `deliver` job retries it on the outbox's schedule. Returns the posted
 * message's ref when it is out (now or by an earlier send of the same key), else undefined.
 */
export async function sendMessage(deps: LeagueDeps, m: OutboxMessage): Promise<MessageRef | undefined> {
  const now = deps.clock.now().toISOString();
  const entry: OutboxEntry = {
    key: m.key,
    target: m.target,
    message: m.message,
    about: m.about,
    version: deps.ids.next('v'),
    status: 'pending',
    attempts: 0,
    createdAt: now,
    nextAttemptAt: now,
  };
  if (m.replace) await deps.store.replaceOutboxMessage(entry);
  else {
    const { created, entry: stored } = await deps.store.addOutboxEntry(entry);
    if (!created && stored.status !== 'pending') return stored.ref;
  }
  return attemptDelivery(deps, m.key, { scheduleFailures: 'log' });
}

/**
 * One attempt at a pending entry, unless another deliverer holds it. A TransientError from chat
 * schedules the next attempt; any other error, or the last scheduled attempt failing, gives the
 * entry up (listed by `/league undelivered`, organizers told).
 */
export async function attemptDelivery(
  deps: LeagueDeps,
  key: string,
  options: { scheduleFailures: 'log' | 'throw' },
  resends = 0,
): Promise<MessageRef | undefined> {
  const now = deps.clock.now();
  const token = deps.ids.next('attempt');
  const entry = await deps.store.claimOutboxAttempt(key, token, now, deps.settings.jobLeaseMs);
  if (!entry) {
    const current = await deps.store.getOutboxEntry(key);
    return current?.status === 'sent' ? current.ref : undefined;
  }
  let ref: MessageRef | undefined;
  try {
    ref = await deliver(deps, entry);
  } catch (e) {
    await recordFailure(deps, entry, token, e, options);
    return undefined;
  }
  const sent: OutboxOutcome = { status: 'sent', sentAt: deps.clock.now().toISOString(), ...(ref ? { ref } : {}) };
  if (!(await deps.store.settleOutboxAttempt(key, token, entry.version, sent))) {
    // New content arrived while this attempt was out (a later progress stage): free the attempt and send that.
    const latest = await deps.store.getOutboxEntry(key);
    if (!latest || resends >= MAX_RESENDS) return ref;
    const again = {
      status: 'pending',
      nextAttemptAt: latest.nextAttemptAt,
      lastError: 'replaced while sending',
    } as const;
    if (await deps.store.settleOutboxAttempt(key, token, latest.version, again))
      return attemptDelivery(deps, key, options, resends + 1);
    return ref;
  }
  // Earlier attempts failed and this one went out: chat works again, so organizers hear of what never did.
  if (entry.attempts > 1) await noticeUndelivered(deps);
  return ref;
}

async function deliver(deps: LeagueDeps, entry: OutboxEntry): Promise<MessageRef | undefined> {
  const options = { idempotencyKey: entry.key };
  switch (entry.target.kind) {
    case 'dm':
      return deps.chat.dm(entry.target.userId, entry.message, options);
    case 'post':
      return deps.chat.post(entry.target.channel, entry.message, options);
    case 'edit':
      await deps.chat.update(entry.target.ref, entry.message);
      return entry.target.ref;
  }
}

async function recordFailure(
  deps: LeagueDeps,
  entry: OutboxEntry,
  token: string,
  error: unknown,
  options: { scheduleFailures: 'log' | 'throw' },
): Promise<void> {
  const now = deps.clock.now();
  const delays = deps.settings.chatRetryDelaysMs;
  const lastError = errorText(error);
  const retry = error instanceof TransientError && entry.attempts <= delays.length;
  if (!retry) {
    deps.log.warn('chat message undeliverable', { key: entry.key, attempts: entry.attempts, error: lastError });
    const gaveUp: OutboxOutcome = { status: 'undeliverable', failedAt: now.toISOString(), lastError };
    if (await deps.store.settleOutboxAttempt(entry.key, token, entry.version, gaveUp)) await noticeUndelivered(deps);
    return;
  }
  const planned = delays[Math.min(entry.attempts, delays.length) - 1] ?? delays.at(-1) ?? 60_000;
  const delayMs = Math.min(MAX_DELAY_MS, Math.max(planned, error.retryAfterMs ?? 0));
  const nextAttemptAt = new Date(now.getTime() + delayMs).toISOString();
  deps.log.info('chat message delayed', {
    key: entry.key,
    attempts: entry.attempts,
    nextInMs: delayMs,
    error: lastError,
  });
  const settled = await deps.store.settleOutboxAttempt(entry.key, token, entry.version, {
    status: 'pending',
    nextAttemptAt,
    lastError,
  });
  if (!settled) return;
  try {
    await scheduleDelivery(deps, entry.key, entry.attempts, delayMs);
  } catch (e) {
    // The sweeper finds the overdue entry and schedules it again.
    if (options.scheduleFailures === 'throw') throw e;
    deps.log.warn('chat retry not scheduled', { key: entry.key, error: errorText(e) });
  }
}

/** A `deliver` job for the attempt after `attempts`, no sooner than `delayMs` from now. */
export const scheduleDelivery = (deps: LeagueDeps, key: string, attempts: number, delayMs: number) =>
  deps.queue.send([{ type: 'deliver', key, after: attempts }], {
    delaySeconds: Math.min(MAX_DELAY_MS, Math.max(0, delayMs)) / 1000,
  });
