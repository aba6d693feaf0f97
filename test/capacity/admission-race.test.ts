import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../src/adapters/aws/dynamo-store';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/adapters/local/embedded-dynamo';
import { admit, joinQueue, leaveQueue } from '../../src/core/capacity/admission';
import type { Job } from '../../src/core/jobs';
import type { Store } from '../../src/core/ports';
import type { LeagueDeps } from '../../src/core/services/context';

/**
 * Admissions running at once (two workers, the sweeper) against the DynamoDB store on dynalite,
 * which has conditional writes and no transactions, like the table the league deploys.
 */
let engine: EmbeddedDynamo;
let store: Store;
let table = 0;
beforeEach(async () => {
  const tableName = `capacity-race-${table++}`;
  engine = await startEmbeddedDynamo({ tableName });
  store = createDynamoStore({ client: engine.client, tableName });
});
afterEach(async () => engine.close());

const at = '2026-12-07T09:00:00.000Z';
/** Submissions sent a train job, once per job. */
const sent: string[] = [];
beforeEach(() => {
  sent.length = 0;
});

/** An admitter's dependencies; `store` may pause its reads, to line admitters up in a chosen order. */
function admitter(s: Store = store, slots = 2): LeagueDeps {
  return {
    store: s,
    clock: { now: () => new Date(at) },
    queue: {
      async send(jobs: Job[]) {
        for (const j of jobs) if (j.type === 'train') sent.push(j.submissionId);
      },
    },
    settings: {
      capacity: { training: slots, endpoint: slots },
      runEstimateMs: { training: 1_800_000, endpoint: 1_500_000 },
    },
  } as unknown as LeagueDeps;
}

/** The store, but its next read of the pool waits, after reading, until `resume` is called. */
function pausedAfterRead(): { store: Store; read: Promise<void>; resume: () => void } {
  let resume!: () => void;
  let signalRead!: () => void;
  const gate = new Promise<void>((r) => (resume = r));
  const read = new Promise<void>((r) => (signalRead = r));
  let paused = false;
  const s = Object.create(store) as Store;
  s.capacity = async (pool) => {
    const snapshot = await store.capacity(pool);
    if (!paused) {
      paused = true;
      signalRead();
      await gate;
    }
    return snapshot;
  };
  return { store: s, read, resume };
}

const startsOf = (id: string) => sent.filter((s) => s === id).length;
const holdersOf = async (id: string) =>
  (await store.capacity('training')).holders.filter((h) => h.submissionId === id).map((h) => h.slot);

describe('admissions at once', () => {
  it('give a waiter one slot, even when each admitter read the slots at a different moment', async () => {
    await store.claimSlot('training', 0, { submissionId: 'x', userId: 'ux', since: at });
    await store.addWaiter('training', { submissionId: 'w1', userId: 'u1', roundId: 'r', enqueuedAt: at });
    // A reads while x still holds slot 0: it sees slot 1 free, and w1 waiting.
    const a = pausedAfterRead();
    const admittedByA = admit(admitter(a.store), 'training');
    await a.read;
    // Meanwhile x finishes: B frees slot 0 and gives it to w1.
    expect((await leaveQueue(admitter(), 'training', 'x')).admitted).toEqual(['w1']);
    // A goes on from what it read: w1 on slot 1.
    a.resume();
    expect(await admittedByA).toEqual([]);
    expect(await holdersOf('w1')).toEqual([0]);
    expect(startsOf('w1')).toBe(1);
    expect((await store.capacity('training')).members).toEqual([
      { userId: 'u1', roundId: 'r', admitted: 1, waitedMs: 0 },
    ]);
  });

  it('give no slot to a waiter cancelled after the admitter read the queue', async () => {
    await store.addWaiter('training', { submissionId: 'w1', userId: 'u1', roundId: 'r', enqueuedAt: at });
    await store.claimSlot('training', 0, { submissionId: 'x', userId: 'ux', since: at });
    await store.claimSlot('training', 1, { submissionId: 'y', userId: 'uy', since: at });
    const a = pausedAfterRead();
    // x finishes; an admitter reads the pool (slot 0 free, w1 waiting) and waits there.
    await store.releaseSlot('training', 'x');
    const admittedByA = admit(admitter(a.store), 'training');
    await a.read;
    expect((await leaveQueue(admitter(), 'training', 'w1')).left).toBe(true); // the member cancels
    a.resume();
    expect(await admittedByA).toEqual([]);
    expect(await holdersOf('w1')).toEqual([]);
    expect(startsOf('w1')).toBe(0);
  });

  it('never run more than the slots, nor start a submission twice, whatever the interleaving', async () => {
    const slots = 3;
    const subs = Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, userId: `u${i % 4}`, roundId: 'r' }));
    // Everyone joins at once, each join admitting; the sweeper admits too.
    await Promise.all([
      ...subs.map((s) => joinQueue(admitter(store, slots), 'training', s)),
      admit(admitter(store, slots), 'training'),
      admit(admitter(store, slots), 'training'),
    ]);
    const check = async () => {
      const { holders, waiters } = await store.capacity('training');
      const holding = holders.map((h) => h.submissionId);
      expect(holders.length).toBeLessThanOrEqual(slots);
      expect(new Set(holding).size).toBe(holding.length);
      expect(waiters.filter((w) => holding.includes(w.submissionId))).toEqual([]);
      return holding;
    };
    expect(await check()).toHaveLength(slots);
    // Trainings end two or three at once, until every submission has run.
    for (let i = 0; i < 12; i++) {
      const holding = await check();
      if (!holding.length) break;
      await Promise.all(holding.slice(0, 2 + (i % 2)).map((id) => leaveQueue(admitter(store, slots), 'training', id)));
    }
    expect(await check()).toEqual([]);
    expect((await store.capacity('training')).waiters).toEqual([]);
    const started = [...sent];
    expect(new Set(started).size).toBe(started.length);
    expect(started.sort()).toEqual(subs.map((s) => s.id).sort());
  });
});
