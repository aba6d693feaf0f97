import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../core/errors';
import type { Judgment, LeaderboardEntry, Submission, UserId } from '../../core/model';
import type { CachedAnswer, Store } from '../../core/ports';
import { assertTransition, type Stage } from '../../core/submission-stage';
import { createAppealStore } from './dynamo-appeals';
import { createAuditStore } from './dynamo-audit';
import { createCalibrationStore } from './dynamo-calibration';
import { createCapacityStore } from './dynamo-capacity';
import { createClaimStore } from './dynamo-claims';
import { createDraftStore } from './dynamo-drafts';
import { createFinaleStore } from './dynamo-finale';
import { createOutboxStore } from './dynamo-outbox';
import { createRequestLog } from './dynamo-requests';
import { createRoundStore } from './dynamo-rounds';
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

export interface DynamoStoreDeps {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * The Store on DynamoDB: one table, conditional writes, Queries only (no Scan, transactions or TTL
 * calls). Each aggregate has its own part; submissions, quotas, reference answers, judgments and the
 * leaderboard are here.
 */
export function createDynamoStore({ client, tableName }: DynamoStoreDeps): Store {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const ctx: TableContext = { doc, TableName: tableName };
  const { TableName } = ctx;
  const get = (pk: string, sk: string) => getItem(ctx, pk, sk);
  const queryAll = (input: Omit<QueryCommandInput, 'TableName'>) => queryAllOf(ctx, input);
  const putNew = (item: Record<string, unknown>, what: string) => putNewIn(ctx, item, what);

  const judgmentKey = (j: Pick<Judgment, 'questionId' | 'judge' | 'order'>) =>
    `J#${j.questionId}#${j.judge}#${j.order}`;

  const store: Store = {
    ...createRoundStore(ctx),
    ...createClaimStore(ctx),
    ...createAuditStore(ctx),
    ...createAppealStore(ctx),
    ...createFinaleStore(ctx),
    ...createCalibrationStore(ctx),
    ...createRequestLog(ctx),
    ...createCapacityStore(ctx),
    ...createOutboxStore(ctx),
    ...createDraftStore(ctx),
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
        const r = await call('chargeQuota', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: { pk: `QUOTA#${roundId}#${userId}`, sk: `DAY#${day}` },
              UpdateExpression: 'ADD used :one',
              ...(limit === undefined
                ? { ExpressionAttributeValues: { ':one': 1 } }
                : {
                    ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
                    ExpressionAttributeValues: { ':one': 1, ':limit': limit },
                  }),
              ReturnValues: 'UPDATED_NEW',
            }),
          ),
        );
        return r.Attributes?.used as number;
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
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
