import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CapacityHolder, CapacityWaiter } from '../../core/capacity/fair-order';
import type { CapacityPool, CapacityStore } from '../../core/ports';
import { call, isConditionFailure, queryAll, strip, type TableContext } from './dynamo-support';

/**
 * Capacity slots and their queue: CAP#pool / SLOT#n (the holder) and CAP#pool / WAIT#submission.
 * Claims are conditional puts and releases conditional deletes, so two admitters never share a slot.
 */
export function createCapacityStore(table: TableContext): CapacityStore {
  const { doc, TableName } = table;
  const pk = (pool: CapacityPool) => `CAP#${pool}`;
  const slotKey = (slot: number) => `SLOT#${String(slot).padStart(4, '0')}`;

  async function conditional(what: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await call(what, send);
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async function read(pool: CapacityPool) {
    const items = await queryAll(table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk(pool) },
      ConsistentRead: true,
    });
    const holders: CapacityHolder[] = [];
    const waiters: CapacityWaiter[] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('SLOT#')) holders.push(strip<CapacityHolder>(item));
      else if (sk.startsWith('WAIT#')) waiters.push(strip<CapacityWaiter>(item));
    }
    return { holders, waiters };
  }

  return {
    capacity: read,
    async addWaiter(pool, waiter) {
      await conditional('addWaiter', () =>
        doc.send(
          new PutCommand({
            TableName,
            Item: { pk: pk(pool), sk: `WAIT#${waiter.submissionId}`, ...waiter },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },
    async removeWaiter(pool, submissionId) {
      await call('removeWaiter', () =>
        doc.send(new DeleteCommand({ TableName, Key: { pk: pk(pool), sk: `WAIT#${submissionId}` } })),
      );
    },
    claimSlot(pool, slot, holder) {
      return conditional('claimSlot', () =>
        doc.send(
          new PutCommand({
            TableName,
            Item: { pk: pk(pool), sk: slotKey(slot), slot, ...holder },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },
    async releaseSlot(pool, submissionId) {
      const { holders } = await read(pool);
      let freed = false;
      for (const h of holders.filter((x) => x.submissionId === submissionId)) {
        const deleted = await conditional('releaseSlot', () =>
          doc.send(
            new DeleteCommand({
              TableName,
              Key: { pk: pk(pool), sk: slotKey(h.slot) },
              ConditionExpression: 'submissionId = :id',
              ExpressionAttributeValues: { ':id': submissionId },
            }),
          ),
        );
        freed ||= deleted;
      }
      return freed;
    },
  };
}
