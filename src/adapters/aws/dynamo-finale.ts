import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, LeagueError } from '../../core/errors';
import type { Finale, FinaleAnswer, FinalePrompt } from '../../core/model';
import type { FinaleStore } from '../../core/ports';
import {
  call,
  getItem,
  isConditionFailure,
  putNew as putNewIn,
  queryAll,
  strip,
  type TableContext,
  updateParts,
} from './dynamo-support';

const LIVE = { pk: 'FINALE', sk: 'LIVE' };
const meta = (id: string) => ({ pk: `FINALE#${id}`, sk: 'META' });
const seq = (n: number) => String(n).padStart(4, '0');
const promptKey = (id: string, n: number) => ({ pk: `FINALE#${id}`, sk: `P#${seq(n)}` });
const answerKey = (a: Pick<FinaleAnswer, 'finaleId' | 'prompt' | 'submissionId'>) => ({
  pk: `FINALE#${a.finaleId}`,
  sk: `A#${seq(a.prompt)}#${a.submissionId}`,
});

/** A prompt as core sees it: the voter set stays in the table (it only guards against double votes). */
const toPrompt = (item: Record<string, unknown>): FinalePrompt => {
  const { voters: _voters, ...prompt } = strip<FinalePrompt & { voters?: unknown }>(item);
  return prompt;
};

/**
 * The finale on DynamoDB. Keys: FINALE#id / META, FINALE#id / P#n (votes, voters, expert scores),
 * FINALE#id / A#n#submission, and FINALE / LIVE pointing at the finale in progress.
 */
export function createFinaleStore(ctx: TableContext): FinaleStore {
  const { doc, TableName } = ctx;
  const get = (key: { pk: string; sk: string }) => getItem(ctx, key.pk, key.sk);
  const putNew = (item: Record<string, unknown>, what: string) => putNewIn(ctx, item, what);

  /** Conditional update; false when the condition fails. */
  async function update(
    what: string,
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<boolean> {
    try {
      await call(what, () => doc.send(new UpdateCommand({ TableName, ...input })));
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  const getFinale = async (id: string) => {
    const item = await get(meta(id));
    return item ? strip<Finale>(item) : undefined;
  };

  async function updateFinale(id: string, patch: Partial<Omit<Finale, 'id'>>): Promise<Finale> {
    const { expr, names, values } = updateParts(patch);
    try {
      const r = await call('updateFinale', () =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: meta(id),
            UpdateExpression: expr,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
            ConditionExpression: 'attribute_exists(pk)',
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return strip<Finale>(r.Attributes!);
    } catch (e) {
      if (isConditionFailure(e)) throw new LeagueError('NOT_FOUND', `No finale ${id}.`);
      throw e;
    }
  }

  /** Takes the live slot; a slot left by an ended (or never stored) finale is taken over. */
  async function claimLive(id: string): Promise<boolean> {
    if (await putNew({ ...LIVE, finaleId: id }, 'claimLiveFinale')) return true;
    const holder = (await get(LIVE))?.finaleId as string | undefined;
    const held = holder ? await getFinale(holder) : undefined;
    if (held?.status === 'live') return false;
    return update('claimLiveFinale', {
      Key: LIVE,
      UpdateExpression: 'SET finaleId = :id',
      ConditionExpression: 'finaleId = :stale',
      ExpressionAttributeValues: { ':id': id, ':stale': holder ?? '' },
    });
  }

  return {
    async createFinale(finale) {
      if (!(await putNew({ ...meta(finale.id), ...finale }, 'createFinale')))
        throw new ConflictError(`Finale ${finale.id} exists already.`);
      if (await claimLive(finale.id)) return;
      await call('createFinale', () => doc.send(new DeleteCommand({ TableName, Key: meta(finale.id) })));
      throw new ConflictError('Another finale is live.');
    },
    getFinale,
    async liveFinale() {
      const holder = (await get(LIVE))?.finaleId as string | undefined;
      const finale = holder ? await getFinale(holder) : undefined;
      return finale?.status === 'live' ? finale : undefined;
    },
    updateFinale,
    async endFinale(id, endedAt) {
      // Only a live finale ends: of two organizers ending it at once, one announces the winner.
      let ended: Finale;
      try {
        const r = await call('endFinale', () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: meta(id),
              UpdateExpression: 'SET #s = :ended, #e = :at',
              ConditionExpression: '#s = :live',
              ExpressionAttributeNames: { '#s': 'status', '#e': 'endedAt' },
              ExpressionAttributeValues: { ':ended': 'ended', ':at': endedAt, ':live': 'live' },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        ended = strip<Finale>(r.Attributes!);
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        if (!(await getFinale(id))) throw new LeagueError('NOT_FOUND', `No finale ${id}.`);
        throw new ConflictError(`Finale ${id} has already ended.`);
      }
      try {
        await call('endFinale', () =>
          doc.send(
            new DeleteCommand({
              TableName,
              Key: LIVE,
              ConditionExpression: 'finaleId = :id',
              ExpressionAttributeValues: { ':id': id },
            }),
          ),
        );
      } catch (e) {
        // Someone else's finale holds the slot (or nobody does): nothing to free.
        if (!isConditionFailure(e)) throw e;
      }
      return ended;
    },

    async createFinalePrompt(prompt) {
      if (!(await putNew({ ...promptKey(prompt.finaleId, prompt.number), ...prompt }, 'createFinalePrompt'))) {
        throw new ConflictError(`Prompt ${prompt.number} of finale ${prompt.finaleId} exists already.`);
      }
    },
    async getFinalePrompt(finaleId, number) {
      const item = await get(promptKey(finaleId, number));
      return item ? toPrompt(item) : undefined;
    },
    async listFinalePrompts(finaleId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `FINALE#${finaleId}`, ':s': 'P#' },
        ConsistentRead: true,
      });
      return items.map(toPrompt);
    },
    async patchFinalePrompt(finaleId, number, patch) {
      const { expr, names, values } = updateParts(patch);
      if (!expr) return;
      await update('patchFinalePrompt', {
        Key: promptKey(finaleId, number),
        UpdateExpression: expr,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
        ConditionExpression: 'attribute_exists(pk)',
      });
    },
    closeFinalePrompt: (finaleId, number, at) =>
      update('closeFinalePrompt', {
        Key: promptKey(finaleId, number),
        UpdateExpression: 'SET closedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
        ExpressionAttributeValues: { ':at': at },
      }),
    async castFinaleVote(finaleId, number, voter, submissionId) {
      // Open prompt and first vote of this voter, checked and counted in one write.
      const counted = await update('castFinaleVote', {
        Key: promptKey(finaleId, number),
        UpdateExpression: 'SET votes.#s = if_not_exists(votes.#s, :zero) + :one ADD voters :voter',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(closedAt) AND NOT contains(voters, :voterId)',
        ExpressionAttributeNames: { '#s': submissionId },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':voter': new Set([voter]), ':voterId': voter },
      });
      if (counted) return 'counted';
      const now = await get(promptKey(finaleId, number));
      return !now || now.closedAt ? 'closed' : 'duplicate';
    },
    putExpertScore(finaleId, number, expert, submissionId, scores) {
      const criteria = Object.entries(scores);
      // Every criterion given lands in one conditional write, so a card's shorthand is all or nothing.
      return update('putExpertScore', {
        Key: promptKey(finaleId, number),
        UpdateExpression: `SET ${criteria.map((_, i) => `expertScores.#k${i} = :s${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
        ExpressionAttributeNames: Object.fromEntries(
          criteria.map(([c], i) => [`#k${i}`, `${expert}|${submissionId}|${c}`]),
        ),
        ExpressionAttributeValues: Object.fromEntries(criteria.map(([, v], i) => [`:s${i}`, v])),
      });
    },
    setFinaleSystemPrompt: (finaleId, submissionId, text) =>
      update('setFinaleSystemPrompt', {
        Key: meta(finaleId),
        // One finalist's entry at a time (core creates the finale with the map): two changes at once both land.
        UpdateExpression: text ? 'SET systemPrompts.#s = :t' : 'REMOVE systemPrompts.#s',
        ConditionExpression: 'attribute_exists(pk) AND attribute_exists(systemPrompts) AND #status = :live',
        ExpressionAttributeNames: { '#s': submissionId, '#status': 'status' },
        ExpressionAttributeValues: { ':live': 'live', ...(text ? { ':t': text } : {}) },
      }),

    async putFinaleAnswer(answer) {
      if (await putNew({ ...answerKey(answer), ...answer }, 'putFinaleAnswer')) return answer;
      return strip<FinaleAnswer>((await get(answerKey(answer)))!);
    },
    async listFinaleAnswers(finaleId, number) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: {
          ':p': `FINALE#${finaleId}`,
          ':s': number === undefined ? 'A#' : `A#${seq(number)}#`,
        },
        ConsistentRead: true,
      });
      return items.map((i) => strip<FinaleAnswer>(i));
    },
  };
}
