import { BatchWriteCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, LeagueError, TransientError } from '../../core/errors';
import type { Question, Round } from '../../core/model';
import type { RoundStore } from '../../core/ports';
import {
  call,
  getItem,
  isConditionFailure,
  putNew as putNewIn,
  queryAll as queryAllOf,
  strip,
  type TableContext,
  updateParts,
} from './dynamo-support';

/** Rounds are ROUND#id / META, listed newest first through gsi1; their questions are ROUND#id / Q#question. */
export function createRoundStore(ctx: TableContext): RoundStore {
  const { doc, TableName } = ctx;
  const get = (pk: string, sk: string) => getItem(ctx, pk, sk);
  const putNew = (item: Record<string, unknown>, what: string) => putNewIn(ctx, item, what);
  const queryAll = (input: Omit<QueryCommandInput, 'TableName'>) => queryAllOf(ctx, input);
  return {
    async createRound(round) {
      const ok = await putNew(
        { pk: `ROUND#${round.id}`, sk: 'META', gsi1pk: 'ROUNDS', gsi1sk: `${round.createdAt}#${round.id}`, ...round },
        'createRound',
      );
      if (!ok) throw new ConflictError(`A round with id ${round.id} already exists.`);
    },
    async getRound(id) {
      const item = await get(`ROUND#${id}`, 'META');
      return item ? strip<Round>(item) : undefined;
    },
    async listRounds() {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'ROUNDS' },
        ScanIndexForward: false,
      });
      return items.map((i) => strip<Round>(i));
    },
    async updateRound(id, patch) {
      const { expr, names, values } = updateParts(patch);
      try {
        const r = await call('updateRound', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: { pk: `ROUND#${id}`, sk: 'META' },
              UpdateExpression: expr,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
              ConditionExpression: 'attribute_exists(pk)',
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        return strip<Round>(r.Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) throw new LeagueError('NOT_FOUND', `No round ${id}.`);
        throw e;
      }
    },
    async putQuestions(roundId, questions) {
      const old = await queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :q)',
        ExpressionAttributeValues: { ':p': `ROUND#${roundId}`, ':q': 'Q#' },
        ProjectionExpression: 'pk, sk',
      });
      const keep = new Set(questions.map((q) => `Q#${q.id}`));
      const requests = [
        ...old
          .filter((o) => !keep.has(o.sk as string))
          .map((o) => ({ DeleteRequest: { Key: { pk: o.pk, sk: o.sk } } })),
        ...questions.map((q, i) => ({
          PutRequest: { Item: { pk: `ROUND#${roundId}`, sk: `Q#${q.id}`, order: i, ...q } },
        })),
      ];
      for (let i = 0; i < requests.length; i += 25) {
        let pending: Record<string, unknown[]> | undefined = { [TableName]: requests.slice(i, i + 25) };
        for (let attempt = 0; pending && Object.keys(pending).length; attempt++) {
          if (attempt > 8) throw new TransientError('Store kept returning unprocessed items');
          const r = await call('putQuestions', () =>
            doc.send(new BatchWriteCommand({ RequestItems: pending as never })),
          );
          pending = r.UnprocessedItems as Record<string, unknown[]> | undefined;
          if (pending && Object.keys(pending).length) await new Promise((res) => setTimeout(res, 20 * 2 ** attempt));
        }
      }
    },
    async getQuestions(roundId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :q)',
        ExpressionAttributeValues: { ':p': `ROUND#${roundId}`, ':q': 'Q#' },
        ConsistentRead: true,
      });
      return items
        .sort((a, b) => (a.order as number) - (b.order as number))
        .map((i) => {
          const { order: _order, ...q } = strip<Question & { order: number }>(i);
          return q;
        });
    },
  };
}
