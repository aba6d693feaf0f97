import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, LeagueError, TransientError } from '../../core/errors';
import type { AuditEntry, Judgment, LeaderboardEntry, Question, Round, Submission, UserId } from '../../core/model';
import type { CachedAnswer, Store } from '../../core/ports';
import { assertTransition, type Stage } from '../../core/submission-stage';
import { createAppealStore } from './dynamo-appeals';
import { createFinaleStore } from './dynamo-finale';
import { call, isConditionFailure, queryAll as queryAllOf, strip, updateParts } from './dynamo-support';

export interface DynamoStoreDeps {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * How long DynamoDB keeps a claim (the table's TTL deletes it after): past any redelivery of the
 * message it guards (SQS keeps messages at most 14 days).
 */
const CLAIM_KEPT_MS = 30 * 24 * 3600_000;
/** An expired lease is only a lock nobody holds: kept a day for the record, then deleted. */
const LEASE_KEPT_MS = 24 * 3600_000;
const epochSeconds = (ms: number) => Math.ceil(ms / 1000);

/** The Store on DynamoDB: one table, conditional writes, Queries only (no Scan, transactions or TTL calls). */
export function createDynamoStore({ client, tableName }: DynamoStoreDeps): Store {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const TableName = tableName;

  const get = (pk: string, sk: string) =>
    call('get', () => doc.send(new GetCommand({ TableName, Key: { pk, sk }, ConsistentRead: true }))).then(
      (r) => r.Item,
    );

  const queryAll = (input: Omit<QueryCommandInput, 'TableName'>) => queryAllOf({ doc, TableName }, input);

  async function putNew(item: Record<string, unknown>, what: string): Promise<boolean> {
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

  const judgmentKey = (j: Pick<Judgment, 'questionId' | 'judge' | 'order'>) =>
    `J#${j.questionId}#${j.judge}#${j.order}`;

  const store: Store = {
    ...createAppealStore({ doc, TableName }),
    ...createFinaleStore({ doc, TableName }),
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

    async createSubmission(sub) {
      const ok = await putNew(subItem(sub), 'createSubmission');
      if (!ok) throw new ConflictError(`Submission ${sub.id} already exists.`);
    },
    async getSubmission(id) {
      const item = await get(`SUB#${id}`, 'META');
      return item ? strip<Submission>(item) : undefined;
    },
    async transition(id, from: Stage, to: Stage, patch = {}) {
      assertTransition(from, to);
      const { id: _i, stage: _s, ...rest } = patch;
      const { expr, names, values } = updateParts({
        ...rest,
        stage: to,
        updatedAt: patch.updatedAt ?? new Date().toISOString(),
      });
      try {
        const r = await call('transition', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: { pk: `SUB#${id}`, sk: 'META' },
              UpdateExpression: expr,
              ConditionExpression: '#stageNow = :from',
              ExpressionAttributeNames: { ...names, '#stageNow': 'stage' },
              ExpressionAttributeValues: { ...values, ':from': from },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        return strip<Submission>(r.Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) throw new ConflictError(`Submission ${id} is no longer ${from}.`);
        throw e;
      }
    },
    async patchSubmission(id, patch) {
      const { expr, names, values } = updateParts(patch);
      if (!expr) return;
      await call('patchSubmission', () =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: { pk: `SUB#${id}`, sk: 'META' },
            UpdateExpression: expr,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
            ConditionExpression: 'attribute_exists(pk)',
          }),
        ),
      );
    },
    async listSubmissionsByUser(userId, roundId) {
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `USER#${userId}` },
        ScanIndexForward: false,
      });
      return items.map((i) => strip<Submission>(i)).filter((s) => !roundId || s.roundId === roundId);
    },
    async listSubmissionsByRound(roundId) {
      const items = await queryAll({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `ROUNDSUB#${roundId}` },
      });
      return items.map((i) => strip<Submission>(i));
    },

    async chargeQuota(roundId, userId, day, limit) {
      try {
        await call('chargeQuota', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: { pk: `QUOTA#${roundId}#${userId}`, sk: `DAY#${day}` },
              UpdateExpression: 'ADD used :one',
              ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
              ExpressionAttributeValues: { ':one': 1, ':limit': limit },
            }),
          ),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async refundQuota(roundId, userId, day) {
      try {
        await call('refundQuota', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: { pk: `QUOTA#${roundId}#${userId}`, sk: `DAY#${day}` },
              UpdateExpression: 'ADD used :minus',
              ConditionExpression: 'used > :zero',
              ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
            }),
          ),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
    async quotaUsed(roundId, userId, day) {
      const item = await get(`QUOTA#${roundId}#${userId}`, `DAY#${day}`);
      return (item?.used as number | undefined) ?? 0;
    },

    async putReferenceAnswer(roundId, questionId, model, answer) {
      const key = { pk: `ROUND#${roundId}`, sk: `REF#${model}#${questionId}` };
      if (await putNew({ ...key, ...answer }, 'putReferenceAnswer')) return answer;
      return strip<CachedAnswer>((await get(key.pk, key.sk))!);
    },
    async getReferenceAnswer(roundId, questionId, model) {
      const item = await get(`ROUND#${roundId}`, `REF#${model}#${questionId}`);
      return item ? strip<CachedAnswer>(item) : undefined;
    },

    putJudgment: (j) => putNew({ pk: `SUB#${j.submissionId}`, sk: judgmentKey(j), ...j }, 'putJudgment'),
    async replaceJudgment(j) {
      await call('replaceJudgment', () =>
        doc.send(new PutCommand({ TableName, Item: { pk: `SUB#${j.submissionId}`, sk: judgmentKey(j), ...j } })),
      );
    },
    async listJudgments(submissionId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :j)',
        ExpressionAttributeValues: { ':p': `SUB#${submissionId}`, ':j': 'J#' },
        ConsistentRead: true,
      });
      return items.map((i) => strip<Judgment>(i));
    },
    async completeChunk(submissionId, chunk) {
      // Adding to a number set is idempotent, so a redelivered chunk never counts twice.
      const r = await call('completeChunk', () =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: { pk: `SUB#${submissionId}`, sk: 'CHUNKS' },
            UpdateExpression: 'ADD done :c',
            ExpressionAttributeValues: { ':c': new Set([chunk]) },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return (r.Attributes?.done as Set<number> | undefined)?.size ?? 0;
    },

    async putLeaderboardEntry(entry) {
      try {
        await call('putLeaderboardEntry', () =>
          doc.send(
            new PutCommand({
              TableName,
              Item: { pk: `LB#${entry.roundId}`, sk: `USER#${entry.userId}`, ...entry },
              // Keep the member's best; the same submission may always replace itself (overrides).
              ConditionExpression:
                'attribute_not_exists(pk) OR submissionId = :sid OR winRate < :w OR (winRate = :w AND ciLow < :l)',
              ExpressionAttributeValues: { ':sid': entry.submissionId, ':w': entry.winRate, ':l': entry.ciLow },
            }),
          ),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
    async leaderboard(roundId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `LB#${roundId}` },
        ConsistentRead: true,
      });
      return items.map((i) => strip<LeaderboardEntry>(i));
    },

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
  return store;
}

function subItem(sub: Submission): Record<string, unknown> {
  return {
    pk: `SUB#${sub.id}`,
    sk: 'META',
    gsi1pk: `USER#${sub.userId satisfies UserId}`,
    gsi1sk: `${sub.createdAt}#${sub.id}`,
    gsi2pk: `ROUNDSUB#${sub.roundId}`,
    gsi2sk: `${sub.createdAt}#${sub.id}`,
    ...sub,
  };
}
