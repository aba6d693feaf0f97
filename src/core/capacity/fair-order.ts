/** A submission waiting for a capacity slot. */
export interface CapacityWaiter {
  submissionId: string;
  userId: string;
  /** When it joined the queue (ISO); oldest first within a member. */
  enqueuedAt: string;
}

/** A submission holding a slot (a training job or an endpoint running). */
export interface CapacityHolder {
  slot: number;
  submissionId: string;
  userId: string;
  /** When it took the slot (ISO). */
  since: string;
}

/**
 * The order in which waiters get the next free slots: round-robin by member, oldest first within a
 * member. A waiter's turn is how many slots its member already holds plus how many of the member's
 * own submissions wait ahead of it; lower turns go first, ties by arrival. So one member's five
 * submissions take one slot each round, between everyone else's.
 */
export function fairOrder(waiters: readonly CapacityWaiter[], holders: readonly CapacityHolder[]): CapacityWaiter[] {
  const held = new Map<string, number>();
  for (const h of holders) held.set(h.userId, (held.get(h.userId) ?? 0) + 1);
  const seen = new Map<string, number>();
  const byAge = [...waiters].sort(
    (a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt) || a.submissionId.localeCompare(b.submissionId),
  );
  const turns = byAge.map((w, age) => {
    const ahead = seen.get(w.userId) ?? 0;
    seen.set(w.userId, ahead + 1);
    return { w, age, turn: (held.get(w.userId) ?? 0) + ahead };
  });
  return turns.sort((a, b) => a.turn - b.turn || a.age - b.age).map((t) => t.w);
}

/**
 * When each of the first `count` waiters in order can expect to start: every slot frees when its
 * holder's expected run ends (never before `now`), and each start occupies a slot for `runMs`.
 */
export function expectedStarts(
  holders: readonly CapacityHolder[],
  slots: number,
  count: number,
  runMs: number,
  now: number,
): number[] {
  const free = holders.map((h) => Math.max(now, new Date(h.since).getTime() + runMs));
  while (free.length < slots) free.push(now);
  free.sort((a, b) => a - b);
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = free.shift()!;
    starts.push(t);
    // Keep the list sorted: insert the slot's next free time.
    const next = t + runMs;
    let at = free.findIndex((x) => x > next);
    if (at < 0) at = free.length;
    free.splice(at, 0, next);
  }
  return starts;
}
