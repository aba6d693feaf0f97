import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, LeagueError } from '../../core/errors';
import type { Draft, DraftRow } from '../../core/model';
import type { DraftStore } from '../../core/ports';
import {
  call,
  getItem,
  isConditionFailure,
  putNew,
  queryAll,
  strip,
  type TableContext,
  updateParts,
} from './dynamo-support';

/** A draft's dropped rows are a number set (atomic ADD and DELETE per click); DynamoDB has no empty sets. */
const droppedValue = (rows: number[] | undefined) => (rows?.length ? new Set(rows) : undefined);

function draftOf(item: Record<string, unknown>): Draft {
  const draft = strip<Draft & { dropped?: Set<number> | number[] }>(item);
  const dropped = draft.dropped ? [...draft.dropped].map(Number).sort((a, b) => a - b) : [];
  return { ...draft, dropped };
}

/**
 * Drafts: DRAFT#id / META (gsi1: USERDRAFT#user / createdAt#id) · DRAFT#id / PAGE#version#n. Generator tokens:
 * GENTOK#round#user / DAY#day, a counter like the submission quota's.
 */
export function createDraftStore(ctx: TableContext): DraftStore {
  const { doc, TableName } = ctx;
  const key = (id: string) => ({ pk: `DRAFT#${id}`, sk: 'META' });
  const tokenKey = (roundId: string, userId: string, day: string) => ({
    pk: `GENTOK#${roundId}#${userId}`,
    sk: `DAY#${day}`,
  });
  return {
    async createDraft(draft) {
      const { dropped, ...rest } = draft;
      const item = {
        ...key(draft.id),
        ...rest,
        ...(dropped.length ? { dropped: droppedValue(dropped) } : {}),
        gsi1pk: `USERDRAFT#${draft.userId}`,
        gsi1sk: `${draft.createdAt}#${draft.id}`,
      };
      if (!(await putNew(ctx, item, 'createDraft'))) throw new ConflictError(`Draft ${draft.id} already exists.`);
    },
    async getDraft(id) {
      const item = await getItem(ctx, key(id).pk, key(id).sk);
      return item ? draftOf(item) : undefined;
    },
    async updateDraft(id, patch, expect) {
      const { id: _id, dropped, ...rest } = patch as Partial<Draft>;
      const { expr, names, values } = updateParts({
        ...rest,
        ...('dropped' in patch ? { dropped: droppedValue(dropped) } : {}),
      });
      const conditions = ['attribute_exists(pk)'];
      if (expect) {
        names['#expectVersion'] = 'version';
        values[':expectVersion'] = expect.version;
        conditions.push('#expectVersion = :expectVersion');
        if (expect.status) {
          names['#expectStatus'] = 'status';
          values[':expectStatus'] = expect.status;
          conditions.push('#expectStatus = :expectStatus');
        }
      }
      try {
        const r = await call('updateDraft', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: key(id),
              UpdateExpression: expr,
              ConditionExpression: conditions.join(' AND '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        return draftOf(r.Attributes!);
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        if (!(await getItem(ctx, key(id).pk, key(id).sk))) throw new LeagueError('NOT_FOUND', `No draft ${id}.`);
        throw new ConflictError(`Draft ${id} moved on from version ${expect?.version} (${expect?.status ?? 'any'}).`);
      }
    },
    async markDraftRows(id, version, rows, dropped) {
      try {
        const r = await call('markDraftRows', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: key(id),
              UpdateExpression: `${dropped ? 'ADD' : 'DELETE'} dropped :rows SET updatedAt = :now`,
              ConditionExpression: '#version = :version AND #status = :ready',
              ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
              ExpressionAttributeValues: {
                ':rows': new Set(rows),
                ':version': version,
                ':ready': 'ready',
                ':now': new Date().toISOString(),
              },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        return draftOf(r.Attributes!);
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        throw new ConflictError(`Draft ${id} is no longer at version ${version}.`);
      }
    },
    async putDraftPages(id, version, pages) {
      const puts = pages.map(
        (rows, i) => () =>
          call('putDraftPages', () =>
            doc.send(new PutCommand({ TableName, Item: { pk: `DRAFT#${id}`, sk: `PAGE#${version}#${i + 1}`, rows } })),
          ),
      );
      for (let i = 0; i < puts.length; i += 10) await Promise.all(puts.slice(i, i + 10).map((put) => put()));
    },
    async getDraftPage(id, version, page) {
      const item = await getItem(ctx, `DRAFT#${id}`, `PAGE#${version}#${page}`);
      return (item?.rows as DraftRow[] | undefined) ?? [];
    },
    async listDraftsByUser(userId) {
      const items = await queryAll(ctx, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `USERDRAFT#${userId}` },
        ScanIndexForward: false,
      });
      return items.map(draftOf);
    },
    async chargeGenerationTokens(roundId, userId, day, tokens) {
      const r = await call('chargeGenerationTokens', () =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: tokenKey(roundId, userId, day),
            UpdateExpression: 'ADD used :tokens',
            ExpressionAttributeValues: { ':tokens': Math.max(0, Math.round(tokens)) },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      return Number(r.Attributes?.used ?? 0);
    },
    async generationTokensUsed(roundId, userId, day) {
      const k = tokenKey(roundId, userId, day);
      const item = await getItem(ctx, k.pk, k.sk);
      return Number(item?.used ?? 0);
    },
  };
}
