import type { CapacityHolder, CapacityWaiter, MemberWaits } from '../src/core/capacity/fair-order';
import type { CapacityPool, CapacityStore } from '../src/core/ports';

/**
 * CapacityStore in memory, for the scheduling simulation: the same contract as the DynamoDB one
 * (a slot has one holder, a waiter keeps its first place and is removed once), without the table.
 */
export class MemoryCapacityStore implements CapacityStore {
  private readonly slots = new Map<string, CapacityHolder>();
  private readonly waiters = new Map<string, CapacityWaiter>();
  private readonly members = new Map<string, MemberWaits>();

  async capacity(pool: CapacityPool) {
    const of = <T>(map: Map<string, T>) =>
      [...map].filter(([k]) => k.startsWith(`${pool}#`)).map(([, v]) => ({ ...v }));
    return { holders: of(this.slots), waiters: of(this.waiters), members: of(this.members) };
  }

  async addWaiter(pool: CapacityPool, waiter: CapacityWaiter) {
    const key = `${pool}#${waiter.submissionId}`;
    if (!this.waiters.has(key)) this.waiters.set(key, { ...waiter });
  }

  async removeWaiter(pool: CapacityPool, submissionId: string) {
    return this.waiters.delete(`${pool}#${submissionId}`);
  }

  async claimSlot(pool: CapacityPool, slot: number, holder: Omit<CapacityHolder, 'slot'>) {
    const key = `${pool}#${slot}`;
    if (this.slots.has(key)) return false;
    this.slots.set(key, { slot, ...holder });
    return true;
  }

  async releaseSlot(pool: CapacityPool, submissionId: string, slot?: number) {
    let freed = false;
    for (const [key, h] of this.slots) {
      if (key.startsWith(`${pool}#`) && h.submissionId === submissionId && (slot === undefined || h.slot === slot)) {
        this.slots.delete(key);
        freed = true;
      }
    }
    return freed;
  }

  async recordAdmission(pool: CapacityPool, { userId, roundId, waitedMs }: Omit<MemberWaits, 'admitted'>) {
    const key = `${pool}#${userId}`;
    const record = this.members.get(key);
    if (record?.roundId === roundId) {
      record.admitted++;
      record.waitedMs += waitedMs;
    } else this.members.set(key, { userId, roundId, admitted: 1, waitedMs });
  }
}
