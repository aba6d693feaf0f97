import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimStore } from '../../core/ports';
import { call, epochSeconds, isConditionFailure, putNew as putNewIn, type TableContext } from './dynamo-support';

/**
 * How long DynamoDB keeps a claim (the table's TTL deletes it after): past any redelivery of the
 * message it guards (SQS keeps messages at most 14 days).
 */
const CLAIM_KEPT_MS = 30 * 24 * 3600_000;
/** An expired lease is only a lock nobody holds: kept a day for the record, then deleted. */
const LEASE_KEPT_MS = 24 * 3600_000;

/** Claims are CLAIM#key / CLAIM, leases LEASE#key / LEASE; both expire through the table's TTL. */
export function createClaimStore(ctx: TableContext): ClaimStore {
  const { doc, TableName } = ctx;
  const putNew = (item: Record<string, unknown>, what: string) => putNewIn(ctx, item, what);
  return {
    claimOnce: (key) =>
      putNew(
        {
          pk: `CLAIM#${key}`,
          sk: 'CLAIM',
          at: new Date().toISOString(),
          ttl: epochSeconds(Date.now() + CLAIM_KEPT_MS),
        },
        'claimOnce',
      ),
    async acquireLease(key, ttlMs, now) {
      const token = `${now.getTime()}-${Math.random().toString(36).slice(2, 10)}`;
      try {
        await call('acquireLease', () =>
          doc.send(
            new PutCommand({
              TableName,
              Item: {
                pk: `LEASE#${key}`,
                sk: 'LEASE',
                token,
                expiresAt: now.getTime() + ttlMs,
                ttl: epochSeconds(now.getTime() + ttlMs + LEASE_KEPT_MS),
              },
              ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
              ExpressionAttributeValues: { ':now': now.getTime() },
            }),
          ),
        );
        return token;
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
    async renewLease(key, token, ttlMs, now) {
      try {
        await call('renewLease', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: { pk: `LEASE#${key}`, sk: 'LEASE' },
              UpdateExpression: 'SET expiresAt = :e, #ttl = :ttl',
              ConditionExpression: '#t = :t',
              ExpressionAttributeNames: { '#t': 'token', '#ttl': 'ttl' },
              ExpressionAttributeValues: {
                ':t': token,
                ':e': now.getTime() + ttlMs,
                ':ttl': epochSeconds(now.getTime() + ttlMs + LEASE_KEPT_MS),
              },
            }),
          ),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async releaseLease(key, token) {
      try {
        await call('releaseLease', () =>
          doc.send(
            new DeleteCommand({
              TableName,
              Key: { pk: `LEASE#${key}`, sk: 'LEASE' },
              ConditionExpression: '#t = :t',
              ExpressionAttributeNames: { '#t': 'token' },
              ExpressionAttributeValues: { ':t': token },
            }),
          ),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
  };
}
