import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Appeal } from '../../core/model';
import type { AppealStore } from '../../core/ports';
import { call, isConditionFailure, strip, type TableContext } from './dynamo-support';

/** Appeals live beside their submission: SUB#id / APPEAL#question (one item per question, reopened after it closes). */
export function createAppealStore({ doc, TableName }: TableContext): AppealStore {
  const key = (submissionId: string, questionId: string) => ({ pk: `SUB#${submissionId}`, sk: `APPEAL#${questionId}` });
  return {
    async openAppeal(appeal) {
      try {
        await call('openAppeal', () =>
          doc.send(
            new PutCommand({
              TableName,
              Item: { ...key(appeal.submissionId, appeal.questionId), ...appeal },
              // A closed appeal may be replaced by a new one; an open one may not.
              ConditionExpression: 'attribute_not_exists(pk) OR #status <> :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'open' },
            }),
          ),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async getAppeal(submissionId, questionId) {
      const r = await call('getAppeal', () =>
        doc.send(new GetCommand({ TableName, Key: key(submissionId, questionId), ConsistentRead: true })),
      );
      return r.Item ? strip<Appeal>(r.Item) : undefined;
    },
    async closeAppeal(submissionId, questionId, decision) {
      try {
        await call('closeAppeal', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: key(submissionId, questionId),
              UpdateExpression: 'SET #status = :closed, closedAt = :at, closedBy = :by, outcome = :outcome',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':closed': 'closed',
                ':open': 'open',
                ':at': decision.closedAt,
                ':by': decision.closedBy,
                ':outcome': decision.outcome ?? '',
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
  };
}
