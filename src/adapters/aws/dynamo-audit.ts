import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../core/model';
import type { AuditStore } from '../../core/ports';
import { call, strip, type TableContext } from './dynamo-support';

/** The audit log is one partition, AUDIT, sorted by time. */
export function createAuditStore({ doc, TableName }: TableContext): AuditStore {
  return {
    async appendAudit(entry) {
      const sk = `${entry.at}#${Math.random().toString(36).slice(2, 10)}`;
      await call('appendAudit', () => doc.send(new PutCommand({ TableName, Item: { pk: 'AUDIT', sk, ...entry } })));
    },
    async listAudit(limit = 1000) {
      // A page stops at 1 MB: keep reading until `limit` entries or the log's start.
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await call('listAudit', () =>
          doc.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': 'AUDIT' },
              ScanIndexForward: false,
              Limit: limit - items.length,
              ExclusiveStartKey: start,
            }),
          ),
        );
        items.push(...(r.Items ?? []));
        start = r.LastEvaluatedKey;
      } while (start && items.length < limit);
      return items.map((i) => strip<AuditEntry>(i));
    },
  };
}
