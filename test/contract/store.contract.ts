import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../src/adapters/aws/dynamo-store';
import { ensureTable, TABLE_INDEXES } from '../../src/adapters/aws/dynamo-table';
import { ConflictError, LeagueError } from '../../src/core/errors';
import type { Question } from '../../src/core/model';
import type { Store } from '../../src/core/ports';
import { calibrationContract } from './store-calibration.contract';
import { draftContract } from './store-drafts.contract';
import { appealAndFinaleContract } from './store-finale.contract';
import { audit, entry, judgment, round, submission } from './store-fixtures';
import { outboxContract } from './store-outbox.contract';

/** A running DynamoDB-compatible engine and a client pointed at it. */
export interface StoreEngine {
  client: DynamoDBClient;
  close(): Promise<void>;
}

const settle = async <T>(tasks: Promise<T>[]) => {
  const results = await Promise.allSettled(tasks);
  return {
    values: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
};

/**
 * What every Store must do, run against a DynamoDB engine: the DynamoDB adapter over a fresh table
 * (created from the same definition as in production) for each test.
 */
export function storeContract(engine: string, start: () => Promise<StoreEngine>): void {
  describe(`Store contract on ${engine}`, () => {
    let running: StoreEngine | undefined;
    let store: Store;
    let tableName = '';
    let tables = 0;
    const indexesQueried = new Set<string>();

    beforeAll(async () => {
      running = await start();
      running.client.middlewareStack.add(
        (next) => async (args) => {
          const index = (args.input as { IndexName?: string }).IndexName;
          if (index) indexesQueried.add(index);
          return next(args);
        },
        { step: 'initialize', name: 'recordIndexName' },
      );
    }, 120_000);
    afterAll(async () => {
      await running?.close();
    });
    beforeEach(async () => {
      tableName = `contract-${++tables}`;
      await ensureTable(running!.client, tableName);
      store = createDynamoStore({ client: running!.client, tableName });
    });

    describe('rounds', () => {
      it('creates a round once and reads it back unchanged', async () => {
        const r = round('r1', { description: 'Budgets and savings' });
        await store.createRound(r);
        expect(await store.getRound('r1')).toEqual(r);
        await expect(store.createRound({ ...r, name: 'Other' })).rejects.toBeInstanceOf(ConflictError);
        expect((await store.getRound('r1'))!.name).toBe('Round r1');
        expect(await store.getRound('nope')).toBeUndefined();
      });

      it('lists rounds newest first, and nothing else that shares the index', async () => {
        await store.createRound(round('old', { createdAt: '2026-10-01T00:00:00.000Z' }));
        await store.createRound(round('new', { createdAt: '2026-11-20T00:00:00.000Z' }));
        await store.createRound(round('mid', { createdAt: '2026-11-05T00:00:00.000Z' }));
        await store.createSubmission(submission('s1', { roundId: 'mid' }));
        expect((await store.listRounds()).map((r) => r.id)).toEqual(['new', 'mid', 'old']);
      });

      it('updates fields, returns the whole round, removes fields patched to undefined, and refuses an unknown id', async () => {
        await store.createRound(round('r1', { description: 'to remove' }));
        const updated = await store.updateRound('r1', {
          status: 'closed',
          closedAt: '2026-11-30T00:00:00.000Z',
          description: undefined,
        });
        const expected = { ...round('r1'), status: 'closed', closedAt: '2026-11-30T00:00:00.000Z' };
        expect(updated).toEqual(expected);
        expect(await store.getRound('r1')).toEqual(expected);
        await expect(store.updateRound('ghost', { status: 'closed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await store.getRound('ghost')).toBeUndefined();
      });

      it('keeps the question set in order and replaces it whole (batches past 25 writes included)', async () => {
        const qs = (n: number, tag: string): Question[] =>
          Array.from({ length: n }, (_, i) => ({
            id: `q${String(60 - i).padStart(2, '0')}`,
            category: tag,
            question: `${tag} ${i}?`,
            ...(i % 2 ? { gold: `gold ${i}` } : {}),
          }));
        await store.createRound(round('r1'));
        await store.createRound(round('r2'));
        const first = qs(60, 'first');
        await store.putQuestions('r1', first);
        await store.putQuestions('r2', qs(3, 'other'));
        expect(await store.getQuestions('r1')).toEqual(first);

        const second = [...qs(10, 'second')].reverse();
        await store.putQuestions('r1', second);
        expect(await store.getQuestions('r1')).toEqual(second);
        expect(await store.getQuestions('r2')).toEqual(qs(3, 'other'));
        expect(await store.getQuestions('none')).toEqual([]);
        expect(await store.getRound('r1')).toEqual(round('r1'));
      });
    });

    describe('submissions', () => {
      it('creates a submission once and reads it back unchanged', async () => {
        const s = submission('s1');
        await store.createSubmission(s);
        expect(await store.getSubmission('s1')).toEqual(s);
        await expect(store.createSubmission({ ...s, stage: 'VALIDATED' })).rejects.toBeInstanceOf(ConflictError);
        expect((await store.getSubmission('s1'))!.stage).toBe('RECEIVED');
        expect(await store.getSubmission('nope')).toBeUndefined();
      });

      it('moves the stage with its patch when the stage is the expected one', async () => {
        await store.createSubmission(submission('s1', { stage: 'VALIDATED' }));
        const moved = await store.transition('s1', 'VALIDATED', 'TRAINING', {
          trainingJobName: 'league-s1',
          updatedAt: '2026-11-02T11:00:00.000Z',
        });
        const expected = submission('s1', {
          stage: 'TRAINING',
          trainingJobName: 'league-s1',
          updatedAt: '2026-11-02T11:00:00.000Z',
        });
        expect(moved).toEqual(expected);
        expect(await store.getSubmission('s1')).toEqual(expected);
      });

      it('refuses a stage write from a stage the submission is no longer in, and applies none of its patch', async () => {
        await store.createSubmission(submission('s1', { stage: 'TRAINING' }));
        await expect(
          store.transition('s1', 'VALIDATED', 'TRAINING_FAILED', {
            failure: { reason: 'late', countsAgainstQuota: false },
          }),
        ).rejects.toBeInstanceOf(ConflictError);
        expect(await store.getSubmission('s1')).toEqual(submission('s1', { stage: 'TRAINING' }));
        await expect(store.transition('ghost', 'RECEIVED', 'VALIDATING')).rejects.toBeInstanceOf(ConflictError);
        expect(await store.getSubmission('ghost')).toBeUndefined();
      });

      it('refuses a move the stage machine does not allow, even from the current stage', async () => {
        await store.createSubmission(submission('s1', { stage: 'RECEIVED' }));
        const e = await store.transition('s1', 'RECEIVED', 'SCORED').catch((x: unknown) => x);
        expect(e).toBeInstanceOf(LeagueError);
        expect(e).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
        expect((await store.getSubmission('s1'))!.stage).toBe('RECEIVED');
      });

      it('lets exactly one of many concurrent moves from the same stage win', async () => {
        await store.createSubmission(submission('s1', { stage: 'TRAINED' }));
        const { values, errors } = await settle(
          Array.from({ length: 8 }, (_, i) =>
            store.transition('s1', 'TRAINED', i % 2 ? 'EVALUATING' : 'EVAL_FAILED', { attempts: i }),
          ),
        );
        expect(values).toHaveLength(1);
        expect(errors).toHaveLength(7);
        for (const e of errors) expect(e).toBeInstanceOf(ConflictError);
        expect(await store.getSubmission('s1')).toEqual(values[0]);
      });

      it('patches fields other than the stage, and never creates a submission that does not exist', async () => {
        await store.createSubmission(submission('s1', { stage: 'EVALUATING', chunksTotal: 4 }));
        await store.patchSubmission('s1', {
          chunksDone: 2,
          progress: { platform: 'slack', channel: 'D1', ts: '1.2' },
          chunksTotal: undefined,
        });
        expect(await store.getSubmission('s1')).toEqual(
          submission('s1', {
            stage: 'EVALUATING',
            chunksDone: 2,
            progress: { platform: 'slack', channel: 'D1', ts: '1.2' },
          }),
        );
        await expect(store.patchSubmission('ghost', { attempts: 1 })).rejects.toThrow();
        expect(await store.getSubmission('ghost')).toBeUndefined();
      });

      it("lists a member's submissions newest first, in one round or all", async () => {
        await store.createSubmission(
          submission('a1', { userId: 'slack:T1:UA', roundId: 'r1', createdAt: '2026-11-02T10:00:00.000Z' }),
        );
        await store.createSubmission(
          submission('a2', { userId: 'slack:T1:UA', roundId: 'r2', createdAt: '2026-11-03T10:00:00.000Z' }),
        );
        await store.createSubmission(
          submission('a3', { userId: 'slack:T1:UA', roundId: 'r1', createdAt: '2026-11-04T10:00:00.000Z' }),
        );
        await store.createSubmission(
          submission('b1', { userId: 'slack:T1:UB', roundId: 'r1', createdAt: '2026-11-05T10:00:00.000Z' }),
        );
        expect((await store.listSubmissionsByUser('slack:T1:UA')).map((s) => s.id)).toEqual(['a3', 'a2', 'a1']);
        expect((await store.listSubmissionsByUser('slack:T1:UA', 'r1')).map((s) => s.id)).toEqual(['a3', 'a1']);
        expect(await store.listSubmissionsByUser('slack:T1:UA', 'r2')).toEqual([
          submission('a2', { userId: 'slack:T1:UA', roundId: 'r2', createdAt: '2026-11-03T10:00:00.000Z' }),
        ]);
        expect(await store.listSubmissionsByUser('slack:T1:NOBODY')).toEqual([]);
      });

      it("lists a round's submissions, every member's and no other round's", async () => {
        for (const [id, roundId, userId] of [
          ['s1', 'r1', 'slack:T1:UA'],
          ['s2', 'r1', 'slack:T1:UB'],
          ['s3', 'r2', 'slack:T1:UA'],
        ] as const) {
          await store.createSubmission(submission(id, { roundId, userId }));
        }
        expect((await store.listSubmissionsByRound('r1')).map((s) => s.id).sort()).toEqual(['s1', 's2']);
        expect(await store.listSubmissionsByRound('r3')).toEqual([]);
      });
    });

    describe('daily quota', () => {
      it('charges up to the limit, then refuses; refunds give one back and never go below zero', async () => {
        const u = 'slack:T1:U1';
        expect(await store.quotaUsed('r1', u, '2026-11-02')).toBe(0);
        expect([
          await store.chargeQuota('r1', u, '2026-11-02', 2),
          await store.chargeQuota('r1', u, '2026-11-02', 2),
        ]).toEqual([1, 2]);
        expect(await store.chargeQuota('r1', u, '2026-11-02', 2)).toBeUndefined();
        expect(await store.quotaUsed('r1', u, '2026-11-02')).toBe(2);
        await store.refundQuota('r1', u, '2026-11-02');
        expect(await store.quotaUsed('r1', u, '2026-11-02')).toBe(1);
        expect(await store.chargeQuota('r1', u, '2026-11-02', 2)).toBe(2);
        // Other days, rounds and members have their own counters.
        expect(await store.chargeQuota('r1', u, '2026-11-03', 2)).toBe(1);
        expect(await store.chargeQuota('r2', u, '2026-11-02', 2)).toBe(1);
        expect(await store.chargeQuota('r1', 'slack:T1:U2', '2026-11-02', 2)).toBe(1);
        expect(await store.quotaUsed('r1', u, '2026-11-02')).toBe(2);

        await store.refundQuota('r1', u, '2026-11-04');
        expect(await store.quotaUsed('r1', u, '2026-11-04')).toBe(0);
        await store.refundQuota('r1', u, '2026-11-03');
        await store.refundQuota('r1', u, '2026-11-03');
        expect(await store.quotaUsed('r1', u, '2026-11-03')).toBe(0);
      });

      it('without a limit, gives each concurrent charge a count of its own', async () => {
        const u = 'slack:T1:U9';
        const counts = await Promise.all(Array.from({ length: 8 }, () => store.chargeQuota('r1', u, '2026-11-05')));
        expect([...counts].sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        await store.refundQuota('r1', u, '2026-11-05');
        expect(await store.chargeQuota('r1', u, '2026-11-05', 8)).toBe(8);
        expect(await store.chargeQuota('r1', u, '2026-11-05', 8)).toBeUndefined();
      });

      it('never charges past the limit under concurrent charges', async () => {
        const results = await Promise.all(
          Array.from({ length: 12 }, () => store.chargeQuota('r1', 'slack:T1:U1', '2026-11-02', 3)),
        );
        expect(results.filter((used) => used !== undefined).sort()).toEqual([1, 2, 3]);
        expect(await store.quotaUsed('r1', 'slack:T1:U1', '2026-11-02')).toBe(3);
      });
    });

    describe('reference answers', () => {
      it('keeps the first answer per round, question and model', async () => {
        const first = { text: 'First.', inputTokens: 10, outputTokens: 5 };
        expect(await store.getReferenceAnswer('r1', 'q1', 'm1')).toBeUndefined();
        expect(await store.putReferenceAnswer('r1', 'q1', 'm1', first)).toEqual(first);
        expect(
          await store.putReferenceAnswer('r1', 'q1', 'm1', { text: 'Second.', inputTokens: 11, outputTokens: 6 }),
        ).toEqual(first);
        expect(await store.getReferenceAnswer('r1', 'q1', 'm1')).toEqual(first);
        const other = { text: 'Other model.', inputTokens: 1, outputTokens: 1 };
        expect(await store.putReferenceAnswer('r1', 'q1', 'm2', other)).toEqual(other);
        expect(await store.getReferenceAnswer('r2', 'q1', 'm1')).toBeUndefined();
        expect(await store.getQuestions('r1')).toEqual([]);
      });
    });

    describe('judgments and chunks', () => {
      it('stores a judgment once under its key (question, judge, order); an override replaces it', async () => {
        await store.createSubmission(submission('s1'));
        const j = judgment('s1', 'q1');
        expect(await store.putJudgment(j)).toBe(true);
        expect(await store.putJudgment({ ...j, score: 0, verdict: 'B>A' })).toBe(false);
        expect(await store.putJudgment({ ...j, order: 'candidate-second', score: 0.5 })).toBe(true);
        expect(await store.putJudgment(judgment('s1', 'q2'))).toBe(true);
        expect(await store.putJudgment(judgment('s2', 'q1'))).toBe(true);

        const listed = await store.listJudgments('s1');
        expect(listed).toHaveLength(3);
        expect(listed).toEqual(
          expect.arrayContaining([j, { ...j, order: 'candidate-second', score: 0.5 }, judgment('s1', 'q2')]),
        );

        await store.replaceJudgment({ ...j, score: 0, verdict: 'B>>A', overriddenBy: 'slack:T1:UORG' });
        const after = await store.listJudgments('s1');
        expect(after).toHaveLength(3);
        expect(after).toContainEqual({ ...j, score: 0, verdict: 'B>>A', overriddenBy: 'slack:T1:UORG' });
        expect(await store.listJudgments('none')).toEqual([]);
      });

      it('counts distinct chunks: a chunk completed twice counts once, concurrent chunks all count', async () => {
        await store.createSubmission(submission('s1'));
        expect(await store.completeChunk('s1', 0)).toBe(1);
        expect(await store.completeChunk('s1', 0)).toBe(1);
        const counts = await Promise.all([1, 2, 3, 4, 2].map((c) => store.completeChunk('s1', c)));
        expect(Math.max(...counts)).toBe(5);
        expect(await store.completeChunk('s1', 4)).toBe(5);
        expect(await store.completeChunk('s2', 4)).toBe(1);
        expect(await store.listJudgments('s1')).toEqual([]);
        expect(await store.getSubmission('s1')).toEqual(submission('s1'));
      });
    });

    describe('leaderboard', () => {
      it("keeps each member's best entry: a better win rate (or equal with a higher lower bound) replaces it, a worse one does not", async () => {
        const u = 'slack:T1:UA';
        await store.putLeaderboardEntry(entry('r1', u, { submissionId: 's1', winRate: 0.6, ciLow: 0.5 }));
        await store.putLeaderboardEntry(entry('r1', u, { submissionId: 's2', winRate: 0.4, ciLow: 0.3 }));
        expect(await store.leaderboard('r1')).toEqual([
          entry('r1', u, { submissionId: 's1', winRate: 0.6, ciLow: 0.5 }),
        ]);
        await store.putLeaderboardEntry(entry('r1', u, { submissionId: 's3', winRate: 0.6, ciLow: 0.55 }));
        expect(await store.leaderboard('r1')).toEqual([
          entry('r1', u, { submissionId: 's3', winRate: 0.6, ciLow: 0.55 }),
        ]);
        await store.putLeaderboardEntry(entry('r1', u, { submissionId: 's4', winRate: 0.6, ciLow: 0.5 }));
        await store.putLeaderboardEntry(entry('r1', u, { submissionId: 's5', winRate: 0.7, ciLow: 0.1 }));
        expect((await store.leaderboard('r1')).map((e) => e.submissionId)).toEqual(['s5']);
      });

      it('lets the same submission replace its own entry with a lower score (an organizer override)', async () => {
        await store.putLeaderboardEntry(entry('r1', 'slack:T1:UA', { submissionId: 's1', winRate: 0.7 }));
        await store.putLeaderboardEntry(entry('r1', 'slack:T1:UA', { submissionId: 's1', winRate: 0.55 }));
        expect(await store.leaderboard('r1')).toEqual([
          entry('r1', 'slack:T1:UA', { submissionId: 's1', winRate: 0.55 }),
        ]);
      });

      it('returns one entry per member of the round, and none of other rounds', async () => {
        const members = Array.from({ length: 30 }, (_, i) => `slack:T1:U${String(i).padStart(2, '0')}`);
        await Promise.all(members.map((m, i) => store.putLeaderboardEntry(entry('r1', m, { winRate: i / 30 }))));
        await store.putLeaderboardEntry(entry('r2', members[0]!, { winRate: 0.99 }));
        const board = await store.leaderboard('r1');
        expect(board.map((e) => e.userId).sort()).toEqual(members);
        expect(board.find((e) => e.userId === members[0])!.winRate).toBe(0);
        expect(await store.leaderboard('r3')).toEqual([]);
      });
    });

    describe('claims and leases', () => {
      it('claims a key once, across concurrent claimants', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => store.claimOnce('dm#s1#SCORED')));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.claimOnce('dm#s1#SCORED')).toBe(false);
        expect(await store.claimOnce('dm#s1#REJECTED')).toBe(true);
      });

      it('holds a lease until it expires; a wrong token cannot release it; the holder can', async () => {
        const t0 = new Date('2026-11-02T10:00:00.000Z');
        const at = (ms: number) => new Date(t0.getTime() + ms);
        const token = await store.acquireLease('judge#s1#0', 60_000, t0);
        expect(token).toEqual(expect.any(String));
        expect(await store.acquireLease('judge#s1#0', 60_000, at(59_000))).toBeUndefined();
        expect(await store.acquireLease('judge#s1#1', 60_000, at(1_000))).toEqual(expect.any(String));

        await store.releaseLease('judge#s1#0', 'not-the-token');
        expect(await store.acquireLease('judge#s1#0', 60_000, at(2_000))).toBeUndefined();
        await store.releaseLease('judge#s1#0', token!);
        const again = await store.acquireLease('judge#s1#0', 60_000, at(3_000));
        expect(again).toEqual(expect.any(String));
        expect(again).not.toBe(token);
      });

      it('passes an expired lease to the next taker, whose lease the old holder can no longer release', async () => {
        const t0 = new Date('2026-11-02T10:00:00.000Z');
        const old = await store.acquireLease('evaluate#s1', 1_000, t0);
        const next = await store.acquireLease('evaluate#s1', 1_000, new Date(t0.getTime() + 1_001));
        expect(next).toEqual(expect.any(String));
        expect(next).not.toBe(old);
        await store.releaseLease('evaluate#s1', old!);
        expect(await store.acquireLease('evaluate#s1', 1_000, new Date(t0.getTime() + 1_500))).toBeUndefined();
      });

      it('renews a lease for its holder only, so work that outlasts one term keeps its claim', async () => {
        const t0 = new Date('2026-11-02T10:00:00.000Z');
        const at = (ms: number) => new Date(t0.getTime() + ms);
        const token = await store.acquireLease('judge#s2#0', 1_000, t0);
        expect(await store.renewLease('judge#s2#0', token!, 1_000, at(900))).toBe(true);
        // Past the first term, but within the renewed one: still held.
        expect(await store.acquireLease('judge#s2#0', 1_000, at(1_500))).toBeUndefined();
        expect(await store.renewLease('judge#s2#0', 'not-the-token', 60_000, at(1_600))).toBe(false);
        expect(await store.acquireLease('judge#s2#0', 1_000, at(1_901))).toEqual(expect.any(String));
        // The old holder lost it to the new one: its renewal is refused and changes nothing.
        expect(await store.renewLease('judge#s2#0', token!, 60_000, at(2_000))).toBe(false);
        expect(await store.acquireLease('judge#s2#0', 1_000, at(2_902))).toEqual(expect.any(String));
        expect(await store.renewLease('never-taken', token!, 1_000, t0)).toBe(false);
      });

      it('marks claims and leases with the epoch-seconds `ttl` the table expires items on', async () => {
        const before = Math.floor(Date.now() / 1000);
        await store.claimOnce('dm#s9#SCORED');
        const t0 = new Date();
        await store.acquireLease('judge#s9#0', 60_000, t0);
        const raw = async (pk: string, sk: string) =>
          (
            await running!.client.send(
              new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk }, sk: { S: sk } } }),
            )
          ).Item!;
        const claimTtl = Number((await raw('CLAIM#dm#s9#SCORED', 'CLAIM')).ttl!.N);
        expect(claimTtl).toBeGreaterThanOrEqual(before + 14 * 24 * 3600); // outlives any SQS redelivery
        expect(claimTtl).toBeLessThanOrEqual(before + 31 * 24 * 3600);
        const leaseTtl = Number((await raw('LEASE#judge#s9#0', 'LEASE')).ttl!.N);
        expect(leaseTtl).toBeGreaterThan(Math.floor((t0.getTime() + 60_000) / 1000)); // never before the lease ends
        expect(leaseTtl).toBeLessThanOrEqual(Math.ceil((t0.getTime() + 60_000) / 1000) + 2 * 24 * 3600);
      });

      it('gives a free lease to exactly one of many concurrent takers', async () => {
        const now = new Date('2026-11-02T10:00:00.000Z');
        const tokens = await Promise.all(Array.from({ length: 8 }, () => store.acquireLease('score#s1', 30_000, now)));
        expect(tokens.filter((t) => t !== undefined)).toHaveLength(1);
      });
    });

    describe('audit log', () => {
      it('lists entries newest first, keeps entries with the same time, and honours the limit', async () => {
        await store.appendAudit(
          audit('2026-11-02T10:00:00.000Z', 'round.open', {
            actor: 'slack:T1:UORG',
            target: 'r1',
            detail: { name: 'Round r1' },
          }),
        );
        await store.appendAudit(audit('2026-11-02T12:00:00.000Z', 'submission.SCORED'));
        await store.appendAudit(audit('2026-11-02T11:00:00.000Z', 'submission.TRAINING'));
        await store.appendAudit(audit('2026-11-02T11:00:00.000Z', 'submission.TRAINED'));
        const all = await store.listAudit();
        expect(all.map((a) => a.at)).toEqual([
          '2026-11-02T12:00:00.000Z',
          '2026-11-02T11:00:00.000Z',
          '2026-11-02T11:00:00.000Z',
          '2026-11-02T10:00:00.000Z',
        ]);
        expect(
          all
            .slice(1, 3)
            .map((a) => a.action)
            .sort(),
        ).toEqual(['submission.TRAINED', 'submission.TRAINING']);
        expect(all[3]).toEqual(
          audit('2026-11-02T10:00:00.000Z', 'round.open', {
            actor: 'slack:T1:UORG',
            target: 'r1',
            detail: { name: 'Round r1' },
          }),
        );
        expect((await store.listAudit(2)).map((a) => a.action)).toEqual(['submission.SCORED', all[1]!.action]);
      });

      it('returns as many entries as asked even when they span several 1 MB pages', async () => {
        const big = 'x'.repeat(100_000);
        for (let i = 0; i < 25; i++) {
          await store.appendAudit(
            audit(`2026-11-02T10:00:${String(i).padStart(2, '0')}.000Z`, 'judgment.override', {
              detail: { note: big },
            }),
          );
        }
        const listed = await store.listAudit(25);
        expect(listed).toHaveLength(25);
        expect(listed[0]!.at).toBe('2026-11-02T10:00:24.000Z');
        expect(await store.listAudit(3)).toHaveLength(3);
      });
    });

    appealAndFinaleContract(() => store);
    calibrationContract(() => store);
    outboxContract(() => store);
    draftContract(() => store);

    // Last: every test above has run. An index the store never queries only doubles the cost of writes.
    it('queried every index of the table definition, and only those', () => {
      expect([...indexesQueried].sort()).toEqual([...TABLE_INDEXES].sort());
    });
  });
}
