import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordedResponse, RequestLog } from '../../core/ports';
import { call, isConditionFailure, type TableContext } from './dynamo-support';

/** Past the platforms' signature window (five minutes) with room: then a replay fails its signature anyway. */
const REQUEST_KEPT_MS = 24 * 3600_000;

/** Platform requests: REQ#key / REQ, written once (a conditional put), holding the answer given. */
export function createRequestLog({ doc, TableName }: TableContext): RequestLog {
  const Key = (key: string) => ({ pk: `REQ#${key}`, sk: 'REQ' });
  return {
    async recordRequest(key, now) {
      try {
        await call('recordRequest', () =>
          doc.send(
            new PutCommand({
              TableName,
              Item: { ...Key(key), at: now.toISOString(), ttl: Math.ceil((now.getTime() + REQUEST_KEPT_MS) / 1000) },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        );
        return { first: true };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
      const item = (
        await call('recordRequest', () => doc.send(new GetCommand({ TableName, Key: Key(key), ConsistentRead: true })))
      ).Item;
      return { first: false, response: item?.response as RecordedResponse | undefined };
    },
    async saveResponse(key, response) {
      await call('saveResponse', () =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: Key(key),
            UpdateExpression: 'SET #r = :r',
            ExpressionAttributeNames: { '#r': 'response' },
            ExpressionAttributeValues: { ':r': response },
          }),
        ),
      );
    },
    async forgetRequest(key) {
      await call('forgetRequest', () => doc.send(new DeleteCommand({ TableName, Key: Key(key) })));
    },
  };
}
