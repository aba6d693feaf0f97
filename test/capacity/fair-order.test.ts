import { describe, expect, it } from 'vitest';
import { MemoryCapacityStore } from '../../bench/memory-capacity-store';
import { admit, leaveQueue } from '../../src/core/capacity/admission';
import {
  type CapacityHolder,
  type CapacityWaiter,
  type MemberWaits,
  planQueue,
  type QueueState,
} from '../../src/core/capacity/fair-order';
import type { Job } from '../../src/core/jobs';
import type { Store } from '../../src/core/ports';
import { seededRandom } from '../../src/core/scoring';
import type { LeagueDeps } from '../../src/core/services/context';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 9, 0);
const at = (minute: number) => new Date(T0 + minute * MIN).toISOString();
const waiter = (id: string, userId: string, minute: number, roundId = 'r1'): CapacityWaiter => ({
  submissionId: id,
  userId,
  roundId,
  enqueuedAt: at(minute),
});
const state = (s: Partial<QueueState> & { now: number }): QueueState => ({
  holders: [],
  waiters: [],
  members: [],
  slots: 1,
  runMs: 30 * MIN,
  ...s,
});
const order = (s: QueueState) => planQueue(s).map((p) => p.waiter.submissionId);

describe('the fair order of the training queue', () => {
  it("takes members in turn, oldest first within a member: one member's five do not hold the others back", () => {
    // Two slots. Ann sent five at 9:00-9:04 (two are training), Bob and Cat came ten minutes later.
    const holders = [
      { slot: 0, submissionId: 'a1', userId: 'ann', since: at(0) },
      { slot: 1, submissionId: 'a2', userId: 'ann', since: at(1) },
    ];
    const waiters = [
      ...['a3', 'a4', 'a5'].map((id, i) => waiter(id, 'ann', i + 2)),
      waiter('b1', 'bob', 10),
      waiter('c1', 'cat', 11),
      waiter('b2', 'bob', 12),
    ];
    const members = [{ userId: 'ann', roundId: 'r1', admitted: 2, waitedMs: 0 }];
    const plan = planQueue(state({ holders, waiters, members, slots: 2, now: T0 + 12 * MIN }));
    // First come, first served would run a3, a4, a5 before anyone else.
    expect(plan.map((p) => [p.waiter.submissionId, (p.startsAt - T0) / MIN])).toEqual([
      ['b1', 30], // Ann holds two slots, Bob none
      ['a3', 31], // each holds one: Ann's has waited longer
      ['c1', 60],
      ['a4', 61],
      ['b2', 90],
      ['a5', 91],
    ]);
  });

  it('counts the slots a member already holds as turns taken', () => {
    const waiters = [waiter('a2', 'ann', 1), waiter('b1', 'bob', 5)];
    const holders = [{ slot: 0, submissionId: 'a1', userId: 'ann', since: at(0) }];
    expect(order(state({ waiters, holders, slots: 2, now: T0 + 6 * MIN }))).toEqual(['b1', 'a2']);
  });

  it('puts first, on the same turn, the member whose submissions in the round have waited longest', () => {
    // Bob's only submission has waited 20 minutes, Ann's 10; but Ann's first one waited five hours.
    const waiters = [waiter('b1', 'bob', 0), waiter('a2', 'ann', 10)];
    const now = T0 + 20 * MIN;
    const annWaited: MemberWaits = { userId: 'ann', roundId: 'r1', admitted: 1, waitedMs: 300 * MIN };
    expect(order(state({ waiters, members: [annWaited], now }))).toEqual(['a2', 'b1']);
    // Without that history, or with history from another round, the longer wait goes first.
    expect(order(state({ waiters, now }))).toEqual(['b1', 'a2']);
    expect(order(state({ waiters, members: [{ ...annWaited, roundId: 'r0' }], now }))).toEqual(['b1', 'a2']);
  });

  it('leaves out a waiter that already holds a slot (its admission is in flight)', () => {
    const waiters = [waiter('a1', 'ann', 0), waiter('b1', 'bob', 1)];
    const holders = [{ slot: 0, submissionId: 'a1', userId: 'ann', since: at(2) }];
    expect(order(state({ waiters, holders, slots: 2, now: T0 + 2 * MIN }))).toEqual(['b1']);
  });

  it('expects each waiter to start when a slot frees, never in the past', () => {
    const now = T0 + 30 * MIN;
    const holders = [
      { slot: 0, submissionId: 'x', userId: 'u', since: at(0) }, // due at 9:30 (now)
      { slot: 1, submissionId: 'y', userId: 'v', since: at(20) }, // due at 9:50
    ];
    const waiters = [waiter('a', 'p', 1), waiter('b', 'q', 2), waiter('c', 'r', 3)];
    const starts = planQueue(state({ holders, waiters, slots: 2, now })).map((p) => (p.startsAt - now) / MIN);
    expect(starts).toEqual([0, 20, 30]);
    expect(planQueue(state({ waiters, slots: 4, now }), 2).map((p) => p.startsAt)).toEqual([now, now]);
  });

  it('plans what admission then does: when every run takes the estimate, starts happen as planned', async () => {
    const random = seededRandom(19);
    for (let trial = 0; trial < 25; trial++) {
      const slots = 1 + Math.floor(random() * 3);
      const runMs = (20 + Math.floor(random() * 20)) * MIN;
      const now = T0 + 120 * MIN;
      const users = ['ann', 'bob', 'cat', 'dan'];
      const pick = () => users[Math.floor(random() * users.length)]!;
      // Holders end after now, at distinct times; waiters joined over the last two hours.
      const holders: CapacityHolder[] = Array.from({ length: Math.floor(random() * (slots + 1)) }, (_, slot) => ({
        slot,
        submissionId: `h${slot}`,
        userId: pick(),
        since: new Date(now - runMs + 1 + Math.floor(random() * runMs)).toISOString(),
      }));
      const waiters = Array.from({ length: 3 + Math.floor(random() * 10) }, (_, i) => ({
        submissionId: `w${i}`,
        userId: pick(),
        roundId: 'r1',
        enqueuedAt: new Date(now - Math.floor(random() * 120 * MIN)).toISOString(),
      }));
      const members = users
        .filter(() => random() < 0.5)
        .map((userId) => ({ userId, roundId: 'r1', admitted: 1, waitedMs: Math.floor(random() * 600 * MIN) }));
      const plan = planQueue({ holders, waiters, members, slots, runMs, now });

      const store = new MemoryCapacityStore();
      for (const h of holders) await store.claimSlot('training', h.slot, h);
      for (const w of waiters) await store.addWaiter('training', w);
      for (const m of members) {
        await store.recordAdmission('training', m);
      }
      let clock = now;
      const ends: { at: number; id: string }[] = holders.map((h) => ({
        at: Date.parse(h.since) + runMs,
        id: h.submissionId,
      }));
      const started: { id: string; at: number }[] = [];
      const deps = {
        store: store as unknown as Store,
        clock: { now: () => new Date(clock) },
        queue: {
          async send(jobs: Job[]) {
            for (const j of jobs) {
              if (j.type !== 'train') throw new Error(`unexpected job ${j.type}`);
              started.push({ id: j.submissionId, at: clock });
              ends.push({ at: clock + runMs, id: j.submissionId });
            }
          },
        },
        settings: {
          capacity: { training: slots, endpoint: slots },
          runEstimateMs: { training: runMs, endpoint: runMs },
        },
      } as unknown as LeagueDeps;
      await admit(deps, 'training');
      while (ends.length) {
        ends.sort((a, b) => a.at - b.at);
        const end = ends.shift()!;
        clock = end.at;
        await leaveQueue(deps, 'training', end.id);
      }
      expect(started, `trial ${trial}`).toEqual(plan.map((p) => ({ id: p.waiter.submissionId, at: p.startsAt })));
    }
  });
});
