import type { Job } from '../jobs';
import type { CapacityPool } from '../ports';
import type { LeagueDeps } from '../services/context';
import { type CapacityWaiter, expectedStarts, fairOrder } from './fair-order';

/** The job a submission runs once it holds a slot of the pool. */
const START: Record<CapacityPool, (submissionId: string) => Job> = {
  training: (submissionId) => ({ type: 'train', submissionId }),
  endpoint: (submissionId) => ({ type: 'evaluate', submissionId }),
};

type Deps = Pick<LeagueDeps, 'store' | 'queue' | 'clock' | 'settings'>;

/** A waiting submission's place: 1-based position and when it is expected to start. */
export interface QueuePlace {
  pool: CapacityPool;
  position: number;
  startsAt: string;
}

/**
 * Gives free slots of the pool to waiters in fair order, each slot a conditional write (one holder
 * per slot, whoever writes first), and sends each admitted submission its job. Safe to run anywhere
 * and at any time: a lost race re-reads and goes on. Returns the submissions admitted.
 */
export async function admit(deps: Deps, pool: CapacityPool): Promise<string[]> {
  const slots = deps.settings.capacity[pool];
  const admitted: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const { holders, waiters } = await deps.store.capacity(pool);
    const taken = new Set(holders.map((h) => h.slot));
    const free = Array.from({ length: slots }, (_, i) => i).filter((i) => !taken.has(i));
    const holding = new Set(holders.map((h) => h.submissionId));
    const order = fairOrder(waiters, holders);
    let lost = false;
    for (const slot of free) {
      const next = order.shift();
      if (!next) break;
      if (holding.has(next.submissionId)) {
        await deps.store.removeWaiter(pool, next.submissionId);
        continue;
      }
      const since = deps.clock.now().toISOString();
      if (!(await deps.store.claimSlot(pool, slot, { submissionId: next.submissionId, userId: next.userId, since }))) {
        lost = true;
        break;
      }
      await deps.store.removeWaiter(pool, next.submissionId);
      await deps.queue.send([START[pool](next.submissionId)]);
      admitted.push(next.submissionId);
    }
    if (!lost) break;
  }
  return admitted;
}

/** Puts a submission in the pool's queue (again: harmless) and admits whoever the free slots go to. */
export async function joinQueue(
  deps: Deps,
  pool: CapacityPool,
  sub: { id: string; userId: string },
): Promise<string[]> {
  const { holders } = await deps.store.capacity(pool);
  if (!holders.some((h) => h.submissionId === sub.id)) {
    await deps.store.addWaiter(pool, {
      submissionId: sub.id,
      userId: sub.userId,
      enqueuedAt: deps.clock.now().toISOString(),
    });
  }
  return admit(deps, pool);
}

/** Takes a submission out of the pool, waiting or holding, and gives a freed slot to the next. */
export async function leaveQueue(deps: Deps, pool: CapacityPool, submissionId: string): Promise<string[]> {
  await deps.store.removeWaiter(pool, submissionId);
  const freed = await deps.store.releaseSlot(pool, submissionId);
  return freed ? admit(deps, pool) : [];
}

/** True when the submission holds a slot of the pool. */
export async function holdsSlot(deps: Deps, pool: CapacityPool, submissionId: string): Promise<boolean> {
  const { holders } = await deps.store.capacity(pool);
  return holders.some((h) => h.submissionId === submissionId);
}

/** Every waiter's place in the pool's queue, in order. */
export async function queuePlaces(deps: Deps, pool: CapacityPool): Promise<Map<string, QueuePlace>> {
  const { holders, waiters } = await deps.store.capacity(pool);
  const order: CapacityWaiter[] = fairOrder(waiters, holders);
  const now = deps.clock.now().getTime();
  const starts = expectedStarts(
    holders,
    deps.settings.capacity[pool],
    order.length,
    deps.settings.runEstimateMs[pool],
    now,
  );
  return new Map(
    order.map((w, i) => [w.submissionId, { pool, position: i + 1, startsAt: new Date(starts[i]!).toISOString() }]),
  );
}
