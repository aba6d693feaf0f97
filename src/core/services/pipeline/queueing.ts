import { joinQueue, leaveQueue, queuePlaces } from '../../capacity/admission';
import type { Submission } from '../../model';
import type { CapacityPool } from '../../ports';
import type { LeagueDeps } from '../context';
import { updateProgress } from '../progress';

/** Waiters whose progress message is edited when the queue moves (the rest see theirs on `status`). */
const SHOWN = 5;

/** Where each waiter now stands: the first few (and `also`) get their place stamped and shown. */
async function showPlaces(deps: LeagueDeps, pool: CapacityPool, also?: string): Promise<void> {
  const places = await queuePlaces(deps, pool);
  for (const [id, place] of places) {
    if (place.position > SHOWN && id !== also) continue;
    await deps.store.patchSubmission(id, { queue: place });
    const sub = await deps.store.getSubmission(id);
    if (sub) await updateProgress(deps, sub);
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
    const admitted = await leaveQueue(deps, pool, submissionId);
    if (admitted.length) await showPlaces(deps, pool);
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
