import { describe, expect, it } from 'vitest';
import { expectedStarts, fairOrder } from '../../src/core/capacity/fair-order';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 9, minute)).toISOString();
const waiter = (id: string, userId: string, minute: number) => ({ submissionId: id, userId, enqueuedAt: at(minute) });

describe('the fair order of the training queue', () => {
  it("takes members in turn, oldest first within a member: one member's five do not hold the others back", () => {
    const waiters = [
      ...['a1', 'a2', 'a3', 'a4', 'a5'].map((id, i) => waiter(id, 'ann', i)),
      waiter('b1', 'bob', 10),
      waiter('c1', 'cat', 11),
      waiter('b2', 'bob', 12),
    ];
    expect(fairOrder(waiters, []).map((w) => w.submissionId)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4', 'a5']);
  });

  it('counts the slots a member already holds as turns taken', () => {
    const waiters = [waiter('a2', 'ann', 1), waiter('b1', 'bob', 5)];
    const holders = [{ slot: 0, submissionId: 'a1', userId: 'ann', since: at(0) }];
    expect(fairOrder(waiters, holders).map((w) => w.submissionId)).toEqual(['b1', 'a2']);
  });

  it('expects each waiter to start when a slot frees, never in the past', () => {
    const now = Date.parse(at(30));
    const holders = [
      { slot: 0, submissionId: 'x', userId: 'u', since: at(0) }, // due at 9:30 (now)
      { slot: 1, submissionId: 'y', userId: 'v', since: at(20) }, // due at 9:50
    ];
    const starts = expectedStarts(holders, 2, 3, 30 * 60_000, now).map((t) => (t - now) / 60_000);
    expect(starts).toEqual([0, 20, 30]);
    expect(expectedStarts([], 4, 2, 30 * 60_000, now)).toEqual([now, now]);
  });
});
