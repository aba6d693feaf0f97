import type { JobOf } from '../../jobs';
import type { LeagueDeps } from '../context';
import { attemptDelivery, scheduleDelivery } from './send';

/** deliver: the next attempt at a pending outbox message, when it is due and no newer job took over. */
export async function handleDeliver(deps: LeagueDeps, job: JobOf<'deliver'>): Promise<void> {
  const entry = await deps.store.getOutboxEntry(job.key);
  if (entry?.status !== 'pending' || entry.attempts !== job.after) return;
  const wait = new Date(entry.nextAttemptAt).getTime() - deps.clock.now().getTime();
  // Not due yet (a retry after more than the queue's longest delay): wait again.
  if (wait > 1_000) return scheduleDelivery(deps, entry.key, entry.attempts, wait);
  await attemptDelivery(deps, entry.key, { scheduleFailures: 'throw' });
}

/** How late a pending entry may be before the sweeper assumes its `deliver` job was lost. */
const OVERDUE_MS = 5 * 60_000;

/** The sweeper's part: pending messages whose next attempt is long overdue get a `deliver` job again. */
export async function sweepOutbox(deps: LeagueDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.listDueOutbox(new Date(now.getTime() - OVERDUE_MS), limit);
  for (const entry of due) await scheduleDelivery(deps, entry.key, entry.attempts, 0);
  return due.length;
}
