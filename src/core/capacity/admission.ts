import type { Job } from '../jobs';
import type { CapacityPool } from '../ports';
import type { LeagueDeps } from '../services/context';
import { type CapacityWaiter, planQueue, type QueueState } from './fair-order';
import { triedSubmission } from './try-holder';

/** The job a submission runs once it holds a slot of the pool (a waiting `try` looks for its slot itself). */
const START: Record<CapacityPool, (submissionId: string) => Job | undefined> = {
  training: (submissionId) => ({ type: 'train', submissionId }),
  endpoint: (submissionId) => (triedSubmission(submissionId) ? undefined : { type: 'evaluate', submissionId }),
};

type Deps = Pick<LeagueDeps, 'store' | 'queue' | 'clock' | 'settings'>;

/** A waiting submission's place: 1-based position and when it is expected to start. */
export interface QueuePlace {
  pool: CapacityPool;
  position: number;
  startsAt: string;
  /** When the place was worked out (ISO): "starts in about 40 min" counts from then. */
  at?: string;
}

/** One read of the pool, with its size, its run estimate and the time: what the order needs. */
async function readState(deps: Deps, pool: CapacityPool): Promise<QueueState> {
  return {
    ...(await deps.store.capacity(pool)),
    slots: deps.settings.capacity[pool],
    runMs: deps.settings.runEstimateMs[pool],
    now: deps.clock.now().getTime(),
  };
}

/**
 * Gives `slot` to the waiter. The slot is a conditional put and the waiter's removal a conditional
 * delete: of two admitters that picked the same waiter (each from its own read), only the one that
 * removes it keeps its slot, and a waiter cancelled meanwhile gets none.
 */
async function take(deps: Deps, pool: CapacityPool, slot: number, waiter: CapacityWaiter): Promise<boolean> {
  const now = deps.clock.now();
  const holder = { submissionId: waiter.submissionId, userId: waiter.userId, since: now.toISOString() };
  if (!(await deps.store.claimSlot(pool, slot, holder))) return false;
  if (!(await deps.store.removeWaiter(pool, waiter.submissionId))) {
    await deps.store.releaseSlot(pool, waiter.submissionId, slot);
    return false;
  }
  const waitedMs = Math.max(0, now.getTime() - Date.parse(waiter.enqueuedAt));
  await deps.store.recordAdmission(pool, { userId: waiter.userId, roundId: waiter.roundId, waitedMs });
  const start = START[pool](waiter.submissionId);
  if (start) await deps.queue.send([start]);
  return true;
}

/**
 * Gives free slots of the pool to waiters in fair order and sends each admitted submission its job.
 * Safe to run anywhere and at any time, at once with others: a lost race re-reads and goes on.
 * Returns the submissions admitted.
 */
export async function admit(deps: Deps, pool: CapacityPool): Promise<string[]> {
  const admitted: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await readState(deps, pool);
    const taken = new Set(state.holders.map((h) => h.slot));
    const free = Array.from({ length: state.slots }, (_, i) => i).filter((i) => !taken.has(i));
    if (!free.length) break;
    let lost = false;
    for (const [i, { waiter }] of planQueue(state, free.length).entries()) {
      if (!(await take(deps, pool, free[i]!, waiter))) {
        lost = true;
        break;
      }
      admitted.push(waiter.submissionId);
    }
    if (!lost) break;
  }
  return admitted;
}

/** Puts a submission in the pool's queue (again: harmless) and admits whoever the free slots go to. */
export async function joinQueue(
  deps: Deps,
  pool: CapacityPool,
  sub: { id: string; userId: string; roundId: string },
): Promise<string[]> {
  const { holders } = await deps.store.capacity(pool);
  if (!holders.some((h) => h.submissionId === sub.id)) {
    await deps.store.addWaiter(pool, {
      submissionId: sub.id,
      userId: sub.userId,
      roundId: sub.roundId,
      enqueuedAt: deps.clock.now().toISOString(),
    });
  }
  return admit(deps, pool);
}

/**
 * Takes a submission out of the pool, waiting or holding, and gives a freed slot to the next.
 * `left` is false when it was in neither; `admitted` are the submissions the freed slot went to.
 */
export async function leaveQueue(
  deps: Deps,
  pool: CapacityPool,
  submissionId: string,
): Promise<{ left: boolean; admitted: string[] }> {
  const waited = await deps.store.removeWaiter(pool, submissionId);
  const freed = await deps.store.releaseSlot(pool, submissionId);
  return { left: waited || freed, admitted: freed ? await admit(deps, pool) : [] };
}

/** True when the submission holds a slot of the pool. */
export async function holdsSlot(deps: Deps, pool: CapacityPool, submissionId: string): Promise<boolean> {
  const { holders } = await deps.store.capacity(pool);
  return holders.some((h) => h.submissionId === submissionId);
}

/** Every waiter in the pool's queue, in the order they are expected to start, with its place. */
export async function queueLine(
  deps: Deps,
  pool: CapacityPool,
): Promise<{ waiter: CapacityWaiter; place: QueuePlace }[]> {
  const state = await readState(deps, pool);
  const at = new Date(state.now).toISOString();
  return planQueue(state).map(({ waiter, startsAt }, i) => ({
    waiter,
    place: { pool, position: i + 1, startsAt: new Date(startsAt).toISOString(), at },
  }));
}

/** Every waiter's place in the pool's queue. */
export async function queuePlaces(deps: Deps, pool: CapacityPool): Promise<Map<string, QueuePlace>> {
  return new Map((await queueLine(deps, pool)).map(({ waiter, place }) => [waiter.submissionId, place]));
}
