import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCapacityStore } from '../../bench/memory-capacity-store';
import { createDynamoStore } from '../../src/adapters/aws/dynamo-store';
import { startEmbeddedDynamo } from '../../src/adapters/local/embedded-dynamo';
import type { CapacityStore } from '../../src/core/ports';

const at = '2026-12-07T09:00:00.000Z';

/** The CapacityStore contract, for the DynamoDB store (on dynalite: conditional writes, no transactions) and the bench's in-memory one. */
function capacityContract(name: string, open: () => Promise<{ store: CapacityStore; close(): Promise<void> }>) {
  describe(`CapacityStore contract: ${name}`, () => {
    let store: CapacityStore;
    let close: () => Promise<void>;
    beforeAll(async () => ({ store, close } = await open()));
    afterAll(async () => close());

    it('gives a slot to one holder only, and frees it only for that holder', async () => {
      expect(await store.claimSlot('training', 0, { submissionId: 's1', userId: 'u1', since: at })).toBe(true);
      expect(await store.claimSlot('training', 0, { submissionId: 's2', userId: 'u2', since: at })).toBe(false);
      const [a, b] = await Promise.all([
        store.claimSlot('training', 1, { submissionId: 's3', userId: 'u3', since: at }),
        store.claimSlot('training', 1, { submissionId: 's4', userId: 'u4', since: at }),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(await store.releaseSlot('training', 's2')).toBe(false);
      expect(await store.releaseSlot('training', 's1')).toBe(true);
      expect(await store.releaseSlot('training', 's1')).toBe(false);
      const { holders } = await store.capacity('training');
      expect(holders.map((h) => h.slot)).toEqual([1]);
      // Pools are apart.
      expect((await store.capacity('endpoint')).holders).toEqual([]);
    });

    it('keeps a waiter at its first place, and removes it once: only the first removal says so', async () => {
      await store.addWaiter('endpoint', { submissionId: 'w1', userId: 'u1', roundId: 'r1', enqueuedAt: at });
      await store.addWaiter('endpoint', {
        submissionId: 'w1',
        userId: 'u1',
        roundId: 'r1',
        enqueuedAt: '2026-12-07T10:00:00.000Z',
      });
      expect((await store.capacity('endpoint')).waiters).toEqual([
        { submissionId: 'w1', userId: 'u1', roundId: 'r1', enqueuedAt: at },
      ]);
      const removals = await Promise.all([store.removeWaiter('endpoint', 'w1'), store.removeWaiter('endpoint', 'w1')]);
      expect(removals.filter(Boolean)).toHaveLength(1);
      expect(await store.removeWaiter('endpoint', 'w1')).toBe(false);
      expect((await store.capacity('endpoint')).waiters).toEqual([]);
    });

    it('frees one named slot of a holder, leaving its others', async () => {
      await store.claimSlot('endpoint', 0, { submissionId: 'd1', userId: 'u1', since: at });
      await store.claimSlot('endpoint', 1, { submissionId: 'd1', userId: 'u1', since: at });
      expect(await store.releaseSlot('endpoint', 'd1', 1)).toBe(true);
      expect(await store.releaseSlot('endpoint', 'd1', 1)).toBe(false);
      expect((await store.capacity('endpoint')).holders.map((h) => [h.slot, h.submissionId])).toEqual([[0, 'd1']]);
      expect(await store.releaseSlot('endpoint', 'd1')).toBe(true);
    });

    it("adds up a member's waits within a round, afresh in a new round", async () => {
      const record = (roundId: string, waitedMs: number) =>
        store.recordAdmission('training', { userId: 'm1', roundId, waitedMs });
      await Promise.all([record('r1', 1_000), record('r1', 2_000), record('r1', 4_000)]);
      const members = async () => (await store.capacity('training')).members;
      expect(await members()).toEqual([{ userId: 'm1', roundId: 'r1', admitted: 3, waitedMs: 7_000 }]);
      await record('r2', 500);
      expect(await members()).toEqual([{ userId: 'm1', roundId: 'r2', admitted: 1, waitedMs: 500 }]);
      expect((await store.capacity('endpoint')).members).toEqual([]);
    });
  });
}

capacityContract('DynamoDB store on dynalite', async () => {
  const engine = await startEmbeddedDynamo({ tableName: 'capacity-contract' });
  return { store: createDynamoStore({ client: engine.client, tableName: 'capacity-contract' }), close: engine.close };
});
capacityContract('in memory (bench)', async () => ({ store: new MemoryCapacityStore(), close: async () => {} }));
