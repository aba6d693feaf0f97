import { joinQueue, leaveQueue, type QueuePlace, queueLine, queuePlaces } from '../../capacity/admission';
import type { Submission } from '../../model';
import type { CapacityPool } from '../../ports';
import type { LeagueDeps } from '../context';
import { updateProgress } from '../progress';

/** Progress messages edited per pass at most, front of the queue first; the rest catch up on the next. */
const EDITS_PER_PASS = 40;
/** Places near the front are shown on every move; further back, on a move of a tenth of the place. */
const FRONT = 10;
const MINUTE = 60_000;

/**
 * True when a member reading `shown` would now be misled: another pool, a new place near the front,
 * a move of at least a tenth of the place further back, or an estimated start that has drifted by
 * ten minutes and a tenth from what the message says.
 */
export function placeMoved(shown: QueuePlace | undefined, next: QueuePlace): boolean {
  if (!shown || shown.pool !== next.pool) return true;
  const moved = Math.abs(next.position - shown.position);
  if (moved && (next.position <= FRONT || moved >= shown.position / 10)) return true;
  const said = Date.parse(shown.startsAt) - Date.parse(shown.at ?? shown.startsAt);
  const now = Date.parse(next.startsAt) - Date.parse(next.at ?? next.startsAt);
  return Math.abs(said - now) >= Math.max(10 * MINUTE, Math.max(said, now) / 10);
}

/**
 * Where each waiter now stands: every waiter whose message no longer tells its place (and `also`)
 * gets the place stamped and its progress message edited, a bounded batch per pass.
 */
export async function showPlaces(deps: LeagueDeps, pool: CapacityPool, also?: string): Promise<void> {
  const line = await queueLine(deps, pool);
  const subs = new Map<string, Submission>();
  for (const roundId of new Set(line.map((l) => l.waiter.roundId))) {
    for (const s of await deps.store.listSubmissionsByRound(roundId)) subs.set(s.id, s);
  }
  let edits = 0;
  for (const { waiter, place } of line) {
    const sub = subs.get(waiter.submissionId);
    if (!sub) continue;
    const due = waiter.submissionId === also || placeMoved(sub.queue, place);
    if (!due || (edits >= EDITS_PER_PASS && waiter.submissionId !== also)) continue;
    edits++;
    await deps.store.patchSubmission(sub.id, { queue: place });
    const fresh = await deps.store.getSubmission(sub.id);
    if (fresh) await updateProgress(deps, fresh);
  }
}

/** Queues a submission for a training slot or an evaluation endpoint, and tells it its place. */
export async function waitForSlot(deps: LeagueDeps, pool: CapacityPool, sub: Submission): Promise<void> {
  await joinQueue(deps, pool, sub);
  await showPlaces(deps, pool, sub.id);
}

/** Frees what the submission holds or waits for in both pools; the next in line are admitted. */
export async function releaseSlots(
  deps: LeagueDeps,
  submissionId: string,
  pools: CapacityPool[] = ['training', 'endpoint'],
) {
  for (const pool of pools) {
    // Everyone behind it moves up, whether it waited or held a slot.
    if ((await leaveQueue(deps, pool, submissionId)).left) await showPlaces(deps, pool);
  }
}

/** The member's waiting submissions with their current place (for `status`). */
export async function withPlaces(deps: LeagueDeps, subs: Submission[]): Promise<Submission[]> {
  const pools = new Set<CapacityPool>();
  for (const s of subs) {
    if (s.stage === 'VALIDATED') pools.add('training');
    if (s.stage === 'TRAINED') pools.add('endpoint');
  }
  if (!pools.size) return subs;
  const places = new Map<string, NonNullable<Submission['queue']>>();
  for (const pool of pools) for (const [id, p] of await queuePlaces(deps, pool)) places.set(id, p);
  return subs.map((s) => (places.has(s.id) ? { ...s, queue: places.get(s.id) } : { ...s, queue: undefined }));
}
