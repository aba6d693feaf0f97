import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxEntry, OutboxOutcome } from '../../core/outbox-entry';
import type { OutboxStore } from '../../core/ports';
import { call, epochSeconds, getItem, isConditionFailure, strip, type TableContext } from './dynamo-support';

/** A delivered message's entry answers retries of its key for this long, then the table's TTL deletes it. */
const SENT_KEPT_MS = 30 * 24 * 3600_000;
/** Work to do (gsi1): pending entries by due time, and undeliverable ones organizers have not been told of. */
const DUE = 'OUTBOX#DUE';
const NOTICE = 'OUTBOX#NOTICE';
/** The record of undeliverable entries (gsi2), newest first. */
const UNDELIVERABLE = 'OUTBOX#UNDELIVERABLE';
const LEASE_FIELDS = ['leaseToken', 'leaseUntil', 'ttl'];

const entryOf = (item: Record<string, unknown>): OutboxEntry => {
  const entry = strip<Record<string, unknown>>(item);
  for (const f of LEASE_FIELDS) delete entry[f];
  return entry as unknown as OutboxEntry;
};

/** Outbox entries: OUTBOX#key / OUTBOX, indexed while there is work (gsi1) or once given up (gsi2). */
export function createOutboxStore(table: TableContext): OutboxStore {
  const { doc, TableName } = table;
  const Key = (key: string) => ({ pk: `OUTBOX#${key}`, sk: 'OUTBOX' });

  async function conditional(what: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await call(what, send);
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  const get = async (key: string) => {
    const item = await getItem(table, `OUTBOX#${key}`, 'OUTBOX');
    return item ? entryOf(item) : undefined;
  };

  /** SET and REMOVE clauses from a flat record (undefined removes). */
  function update(fields: Record<string, unknown>) {
    const sets: string[] = [];
    const removes: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [i, [k, v]] of Object.entries(fields).entries()) {
      names[`#u${i}`] = k;
      if (v === undefined) removes.push(`#u${i}`);
      else {
        sets.push(`#u${i} = :u${i}`);
        values[`:u${i}`] = v;
      }
    }
    const expr = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
      .filter(Boolean)
      .join(' ');
    return { expr, names, values };
  }

  const outcomeFields = (key: string, outcome: OutboxOutcome): Record<string, unknown> => {
    const free = { leaseToken: undefined, leaseUntil: undefined };
    switch (outcome.status) {
      case 'sent':
        return {
          ...free,
          status: 'sent',
          ref: outcome.ref,
          sentAt: outcome.sentAt,
          ttl: epochSeconds(new Date(outcome.sentAt).getTime() + SENT_KEPT_MS),
          gsi1pk: undefined,
          gsi1sk: undefined,
        };
      case 'pending':
        return {
          ...free,
          status: 'pending',
          nextAttemptAt: outcome.nextAttemptAt,
          lastError: outcome.lastError,
          gsi1pk: DUE,
          gsi1sk: `${outcome.nextAttemptAt}#${key}`,
        };
      case 'undeliverable':
        return {
          ...free,
          status: 'undeliverable',
          failedAt: outcome.failedAt,
          lastError: outcome.lastError,
          noticed: false,
          gsi1pk: NOTICE,
          gsi1sk: `${outcome.failedAt}#${key}`,
          gsi2pk: UNDELIVERABLE,
          gsi2sk: `${outcome.failedAt}#${key}`,
        };
    }
  };

  /** Up to `limit` entries of an index partition, page by page (gsi1 oldest first, gsi2 newest first). */
  async function listIndex(index: 'gsi1' | 'gsi2', partition: string, limit: number, upTo?: string) {
    const items: OutboxEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await call('listOutbox', () =>
        doc.send(
          new QueryCommand({
            TableName,
            IndexName: index,
            KeyConditionExpression: upTo ? `${index}pk = :p AND ${index}sk <= :upTo` : `${index}pk = :p`,
            ExpressionAttributeValues: { ':p': partition, ...(upTo ? { ':upTo': upTo } : {}) },
            ScanIndexForward: index === 'gsi1',
            Limit: limit - items.length,
            ExclusiveStartKey,
          }),
        ),
      );
      items.push(...(page.Items ?? []).map(entryOf));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length < limit);
    return items;
  }

  return {
    async addOutboxEntry(entry) {
      const created = await conditional('addOutboxEntry', () =>
        doc.send(
          new PutCommand({
            TableName,
            Item: { ...Key(entry.key), ...entry, gsi1pk: DUE, gsi1sk: `${entry.nextAttemptAt}#${entry.key}` },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      if (created) return { created, entry };
      return { created, entry: (await get(entry.key)) ?? entry };
    },
    replaceOutboxMessage(entry, options = {}) {
      if (options.onlyIfPending)
        return conditional('replaceOutboxMessage', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: Key(entry.key),
              UpdateExpression: 'SET #m = :m, #v = :v',
              ConditionExpression: '#st = :pending',
              ExpressionAttributeNames: { '#st': 'status', '#m': 'message', '#v': 'version' },
              ExpressionAttributeValues: { ':m': entry.message, ':v': entry.version, ':pending': 'pending' },
            }),
          ),
        );
      const { key, createdAt, ...content } = entry;
      const { expr, names, values } = update({
        key,
        ...content,
        status: 'pending',
        attempts: 0,
        gsi1pk: DUE,
        gsi1sk: `${entry.nextAttemptAt}#${key}`,
        ref: undefined,
        sentAt: undefined,
        lastError: undefined,
        failedAt: undefined,
        noticed: undefined,
        ttl: undefined,
        gsi2pk: undefined,
        gsi2sk: undefined,
      });
      return conditional('replaceOutboxMessage', () =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: Key(key),
            // Kept from the first content: when the message was first owed.
            UpdateExpression: expr.replace(/^SET /, 'SET #created = if_not_exists(#created, :created), '),
            ExpressionAttributeNames: { ...names, '#created': 'createdAt' },
            ExpressionAttributeValues: { ...values, ':created': createdAt },
          }),
        ),
      );
    },
    getOutboxEntry: get,
    async claimOutboxAttempt(key, token, now, leaseMs) {
      try {
        const r = await call('claimOutboxAttempt', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: Key(key),
              UpdateExpression: 'SET #lt = :t, #lu = :until, #n = #n + :one',
              ConditionExpression: '#st = :pending AND (attribute_not_exists(#lu) OR #lu < :now)',
              ExpressionAttributeNames: { '#st': 'status', '#lt': 'leaseToken', '#lu': 'leaseUntil', '#n': 'attempts' },
              ExpressionAttributeValues: {
                ':t': token,
                ':until': now.getTime() + leaseMs,
                ':now': now.getTime(),
                ':one': 1,
                ':pending': 'pending',
              },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        return entryOf(r.Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
    settleOutboxAttempt(key, token, version, outcome) {
      const { expr, names, values } = update(outcomeFields(key, outcome));
      return conditional('settleOutboxAttempt', () =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: Key(key),
            UpdateExpression: expr,
            // A failure is recorded whatever the content now is; a delivery only for the content sent.
            ConditionExpression: outcome.status === 'sent' ? '#lt = :token AND #v = :version' : '#lt = :token',
            ExpressionAttributeNames: {
              ...names,
              '#lt': 'leaseToken',
              ...(outcome.status === 'sent' ? { '#v': 'version' } : {}),
            },
            ExpressionAttributeValues: {
              ...values,
              ':token': token,
              ...(outcome.status === 'sent' ? { ':version': version } : {}),
            },
          }),
        ),
      );
    },
    listDueOutbox: (now, limit) => listIndex('gsi1', DUE, limit, `${now.toISOString()}#\uffff`),
    listUndeliverable: (limit, options = {}) =>
      options.unnoticed ? listIndex('gsi1', NOTICE, limit) : listIndex('gsi2', UNDELIVERABLE, limit),
    markOutboxNoticed({ key, failedAt }, noticed) {
      const { expr, names, values } = update(
        noticed
          ? { noticed: true, gsi1pk: undefined, gsi1sk: undefined }
          : { noticed: false, gsi1pk: NOTICE, gsi1sk: `${failedAt}#${key}` },
      );
      return conditional('markOutboxNoticed', () =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: Key(key),
            UpdateExpression: expr,
            ConditionExpression: '#st = :undeliverable AND #seen = :was',
            ExpressionAttributeNames: { ...names, '#st': 'status', '#seen': 'noticed' },
            ExpressionAttributeValues: { ...values, ':undeliverable': 'undeliverable', ':was': !noticed },
          }),
        ),
      );
    },
  };
}
