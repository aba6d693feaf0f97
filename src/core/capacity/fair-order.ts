/** A submission waiting for a capacity slot. */
export interface CapacityWaiter {
  submissionId: string;
  userId: string;
  /** The round it was submitted to: a member's waits count within a round. */
  roundId: string;
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

/** What a member's admitted submissions waited in a round, added up as each took its slot. */
export interface MemberWaits {
  userId: string;
  roundId: string;
  admitted: number;
  waitedMs: number;
}

/** Everything the order depends on: one consistent read of the pool, its size and the clock. */
export interface QueueState {
  holders: readonly CapacityHolder[];
  waiters: readonly CapacityWaiter[];
  members: readonly MemberWaits[];
  slots: number;
  /** How long a start usually holds its slot, for the expected starts. */
  runMs: number;
  now: number;
}

/** A waiter and when, in the plan, it takes a slot (epoch ms, never before `now`). */
export interface PlannedStart {
  waiter: CapacityWaiter;
  startsAt: number;
}

/** One member's line: its waiters oldest first and what its waits add up to so far (ms from `now`). */
interface Line {
  waiting: CapacityWaiter[];
  enqueued: number[];
  next: number;
  admitted: number;
  waitedMs: number;
  /** Sum of the waiting ones' join times, relative to `now`. */
  enqueuedSum: number;
}

/**
 * The fair order, played forward: who takes each slot as it frees, and when.
 *
 * Round-robin by member, oldest first within a member: a member's turn is the slots it holds, so
 * one member's five submissions take one slot each round, between everyone else's. Among members
 * on the same turn, the one whose next submission has waited longest, plus what the member's
 * submissions in the round have waited on average (those admitted and those still waiting), goes
 * first: a member whose earlier submissions waited long is not made to wait long again.
 *
 * Each slot frees when its holder's expected run ends (never before `now`; a slot held by nobody
 * first), and a start holds its slot for `runMs`. Waiters that already hold a slot (an admission in
 * flight) are left out. The first `limit` starts are planned.
 */
export function planQueue(state: QueueState, limit = state.waiters.length): PlannedStart[] {
  const { now, runMs } = state;
  const holding = new Set(state.holders.map((h) => h.submissionId));
  const held = new Map<string, number>();
  for (const h of state.holders) held.set(h.userId, (held.get(h.userId) ?? 0) + 1);
  const slots: { freeAt: number; userId?: string }[] = state.holders.map((h) => ({
    freeAt: Math.max(now, Date.parse(h.since) + runMs),
    userId: h.userId,
  }));
  while (slots.length < state.slots) slots.push({ freeAt: now });

  const records = new Map(state.members.map((m) => [m.userId, m]));
  const lines = new Map<string, Line>();
  const byAge = state.waiters
    .filter((w) => !holding.has(w.submissionId))
    .sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt) || a.submissionId.localeCompare(b.submissionId));
  for (const w of byAge) {
    let line = lines.get(w.userId);
    if (!line) {
      const record = records.get(w.userId);
      const same = record?.roundId === w.roundId;
      line = { waiting: [], enqueued: [], next: 0, admitted: 0, waitedMs: 0, enqueuedSum: 0 };
      if (same) Object.assign(line, { admitted: record.admitted, waitedMs: record.waitedMs });
      lines.set(w.userId, line);
    }
    const at = Date.parse(w.enqueuedAt) - now;
    line.waiting.push(w);
    line.enqueued.push(at);
    line.enqueuedSum += at;
  }

  const plan: PlannedStart[] = [];
  const count = Math.min(limit, byAge.length);
  while (plan.length < count && slots.length) {
    // The next slot to free: the earliest, one held by nobody before one whose holder is overdue.
    let s = 0;
    for (let i = 1; i < slots.length; i++) {
      const a = slots[i]!;
      const b = slots[s]!;
      if (a.freeAt < b.freeAt || (a.freeAt === b.freeAt && !a.userId && b.userId)) s = i;
    }
    const slot = slots[s]!;
    const t = slot.freeAt - now;
    if (slot.userId) held.set(slot.userId, held.get(slot.userId)! - 1);

    let bestUser: string | undefined;
    let best: { turn: number; score: number; at: number; id: string } | undefined;
    for (const [userId, line] of lines) {
      if (line.next >= line.waiting.length) continue;
      const waitingCount = line.waiting.length - line.next;
      const at = line.enqueued[line.next]!;
      const mean = (line.waitedMs + waitingCount * t - line.enqueuedSum) / (line.admitted + waitingCount);
      const c = { turn: held.get(userId) ?? 0, score: t - at + mean, at, id: line.waiting[line.next]!.submissionId };
      if (
        !best ||
        c.turn < best.turn ||
        (c.turn === best.turn &&
          (c.score > best.score ||
            (c.score === best.score && (c.at < best.at || (c.at === best.at && c.id < best.id)))))
      ) {
        best = c;
        bestUser = userId;
      }
    }
    const line = lines.get(bestUser!)!;
    const waiter = line.waiting[line.next]!;
    const at = line.enqueued[line.next]!;
    line.next++;
    line.admitted++;
    line.waitedMs += t - at;
    line.enqueuedSum -= at;
    held.set(bestUser!, (held.get(bestUser!) ?? 0) + 1);
    slot.freeAt = now + t + runMs;
    slot.userId = bestUser;
    plan.push({ waiter, startsAt: now + t });
  }
  return plan;
}
