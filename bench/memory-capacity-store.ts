import type { CapacityHolder, CapacityWaiter } from '../src/core/capacity/fair-order';
import type { CapacityPool, CapacityStore } from '../src/core/ports';

/**
 * CapacityStore in memory, for the scheduling simulation: the same contract as the DynamoDB one
 * (a slot has one holder, a waiter keeps its first place), without the table.
 */
export class MemoryCapacityStore implements CapacityStore {
  private readonly slots = new Map<string, CapacityHolder>();
  private readonly waiters = new Map<string, CapacityWaiter>();

  async capacity(pool: CapacityPool) {
    const holders = [...this.slots].filter(([k]) => k.startsWith(`${pool}#`)).map(([, h]) => ({ ...h }));
    const waiters = [...this.waiters].filter(([k]) => k.startsWith(`${pool}#`)).map(([, w]) => ({ ...w }));
    return { holders, waiters };
  }

  async addWaiter(pool: CapacityPool, waiter: CapacityWaiter) {
    const key = `${pool}#${waiter.submissionId}`;
    if (!this.waiters.has(key)) this.waiters.set(key, { ...waiter });
  }

  async removeWaiter(pool: CapacityPool, submissionId: string) {
    this.waiters.delete(`${pool}#${submissionId}`);
  }

  async claimSlot(pool: CapacityPool, slot: number, holder: Omit<CapacityHolder, 'slot'>) {
    const key = `${pool}#${slot}`;
    if (this.slots.has(key)) return false;
    this.slots.set(key, { slot, ...holder });
    return true;
  }

  async releaseSlot(pool: CapacityPool, submissionId: string) {
    let freed = false;
    for (const [key, h] of this.slots) {
      if (key.startsWith(`${pool}#`) && h.submissionId === submissionId) {
        this.slots.delete(key);
        freed = true;
      }
    }
    return freed;
  }
}
