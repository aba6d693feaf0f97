import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CapacityHolder, CapacityWaiter, MemberWaits } from '../../core/capacity/fair-order';
import type { CapacityPool, CapacityStore } from '../../core/ports';
import { call, isConditionFailure, queryAll, strip, type TableContext } from './dynamo-support';

/**
 * Capacity slots and their queue: CAP#pool / SLOT#n (the holder), CAP#pool / WAIT#submission and
 * CAP#pool / MEMBER#user (a member's waits in its latest round). Claims are conditional puts, and
 * releases and a waiter's removal conditional deletes, so two admitters never share a slot and a
 * waiter is admitted once.
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
    const members: MemberWaits[] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('SLOT#')) holders.push(strip<CapacityHolder>(item));
      else if (sk.startsWith('WAIT#')) waiters.push(strip<CapacityWaiter>(item));
      else if (sk.startsWith('MEMBER#')) members.push(strip<MemberWaits>(item));
    }
    return { holders, waiters, members };
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
    removeWaiter(pool, submissionId) {
      return conditional('removeWaiter', () =>
        doc.send(
          new DeleteCommand({
            TableName,
            Key: { pk: pk(pool), sk: `WAIT#${submissionId}` },
            ConditionExpression: 'attribute_exists(pk)',
          }),
        ),
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
    async releaseSlot(pool, submissionId, slot) {
      const { holders } = await read(pool);
      let freed = false;
      for (const h of holders.filter(
        (x) => x.submissionId === submissionId && (slot === undefined || x.slot === slot),
      )) {
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
    async recordAdmission(pool, { userId, roundId, waitedMs }) {
      const Key = { pk: pk(pool), sk: `MEMBER#${userId}` };
      // Add to this round's record, or start it afresh (first admission, or a record of an older round).
      for (let attempt = 0; attempt < 3; attempt++) {
        const added = await conditional('recordAdmission', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'ADD admitted :one, waitedMs :w',
              ConditionExpression: 'roundId = :r',
              ExpressionAttributeValues: { ':one': 1, ':w': waitedMs, ':r': roundId },
            }),
          ),
        );
        if (added) return;
        const started = await conditional('recordAdmission', () =>
          doc.send(
            new PutCommand({
              TableName,
              Item: { ...Key, userId, roundId, admitted: 1, waitedMs },
              ConditionExpression: 'attribute_not_exists(pk) OR roundId <> :r',
              ExpressionAttributeValues: { ':r': roundId },
            }),
          ),
        );
        if (started) return;
      }
    },
  };
}
