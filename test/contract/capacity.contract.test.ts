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

    it('keeps a waiter at its first place, and removes it', async () => {
      await store.addWaiter('endpoint', { submissionId: 'w1', userId: 'u1', enqueuedAt: at });
      await store.addWaiter('endpoint', { submissionId: 'w1', userId: 'u1', enqueuedAt: '2026-12-07T10:00:00.000Z' });
      expect((await store.capacity('endpoint')).waiters).toEqual([
        { submissionId: 'w1', userId: 'u1', enqueuedAt: at },
      ]);
      await store.removeWaiter('endpoint', 'w1');
      await store.removeWaiter('endpoint', 'w1');
      expect((await store.capacity('endpoint')).waiters).toEqual([]);
    });
  });
}

capacityContract('DynamoDB store on dynalite', async () => {
  const engine = await startEmbeddedDynamo({ tableName: 'capacity-contract' });
  return { store: createDynamoStore({ client: engine.client, tableName: 'capacity-contract' }), close: engine.close };
});
capacityContract('in memory (bench)', async () => ({ store: new MemoryCapacityStore(), close: async () => {} }));
