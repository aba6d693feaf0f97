import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../../core/errors';

/** What the parts of the DynamoDB store share: the document client and the table. */
export interface TableContext {
  doc: DynamoDBDocumentClient;
  TableName: string;
}

const KEY_FIELDS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

/** An item without its key attributes. */
export const strip = <T>(item: Record<string, unknown>): T => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_FIELDS.includes(k)) out[k] = v;
  return out as T;
};

export const isConditionFailure = (e: unknown) => (e as { name?: string }).name === 'ConditionalCheckFailedException';

/** Outages become TransientError (retried by the queue); everything else passes through. */
export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const name = (e as { name?: string }).name ?? '';
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
    if (TRANSIENT.has(name) || status >= 500 || (e as { code?: string }).code === 'ECONNREFUSED') {
      throw new TransientError(`Store unavailable during ${what}`, { cause: e });
    }
    throw e;
  }
}

/** Builds SET clauses for a flat patch; undefined values are removed. */
export function updateParts(patch: Record<string, unknown>) {
  const sets: string[] = [];
  const removes: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  Object.entries(patch).forEach(([k, v], i) => {
    names[`#f${i}`] = k;
    if (v === undefined) removes.push(`#f${i}`);
    else {
      sets.push(`#f${i} = :f${i}`);
      values[`:f${i}`] = v;
    }
  });
  const expr = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return { expr, names, values };
}

/** Every page of a Query. */
export async function queryAll(
  { doc, TableName }: TableContext,
  input: Omit<QueryCommandInput, 'TableName'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await call('query', () => doc.send(new QueryCommand({ TableName, ...input, ExclusiveStartKey })));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** The item under the key, read consistently, or undefined. */
export const getItem = ({ doc, TableName }: TableContext, pk: string, sk: string) =>
  call('get', () => doc.send(new GetCommand({ TableName, Key: { pk, sk }, ConsistentRead: true }))).then((r) => r.Item);

/** Puts the item unless an item with its key exists; false when one did. */
export async function putNew({ doc, TableName }: TableContext, item: Record<string, unknown>, what: string) {
  try {
    await call(what, () =>
      doc.send(new PutCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** Seconds since the epoch, rounded up: DynamoDB's TTL attribute. */
export const epochSeconds = (ms: number) => Math.ceil(ms / 1000);
