import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/core/errors';
import type { Appeal, Finale, FinaleAnswer, FinalePrompt } from '../../src/core/model';
import type { Store } from '../../src/core/ports';

const appeal = (questionId: string, overrides: Partial<Appeal> = {}): Appeal => ({
  submissionId: 's1',
  questionId,
  roundId: 'r1',
  userId: 'slack:T1:UA',
  reason: 'The reference answer is wrong.',
  status: 'open',
  openedAt: '2026-11-03T10:00:00.000Z',
  ...overrides,
});

const finale = (id: string, overrides: Partial<Finale> = {}): Finale => ({
  id,
  roundId: 'r1',
  channel: 'C1',
  status: 'live',
  prompts: 0,
  startedBy: 'slack:T1:UORG',
  startedAt: '2026-11-20T18:00:00.000Z',
  finalists: [
    {
      position: 1,
      submissionId: 'sA',
      userId: 'slack:T1:UA',
      modelUri: 's3://league-blobs/models/league-sA/output/model/',
    },
    {
      position: 2,
      submissionId: 'sB',
      userId: 'slack:T1:UB',
      modelUri: 's3://league-blobs/models/league-sB/output/model/',
    },
  ],
  ...overrides,
});

const prompt = (finaleId: string, number: number, overrides: Partial<FinalePrompt> = {}): FinalePrompt => ({
  finaleId,
  number,
  text: `Prompt ${number}?`,
  openedAt: '2026-11-20T18:05:00.000Z',
  votes: {},
  expertScores: {},
  ...overrides,
});

const answer = (
  finaleId: string,
  n: number,
  submissionId: string,
  overrides: Partial<FinaleAnswer> = {},
): FinaleAnswer => ({
  finaleId,
  prompt: n,
  submissionId,
  text: `Answer of ${submissionId} to ${n}.`,
  judgeScore: 0.75,
  verdicts: [
    {
      judge: 'mistral.mistral-large-2407-v1:0',
      order: 'candidate-first',
      verdict: 'A>B',
      score: 1,
      rationale: 'Clearer.',
    },
  ],
  inputTokens: 200,
  outputTokens: 80,
  ...overrides,
});

const CLOSE = { closedAt: '2026-11-04T09:00:00.000Z', closedBy: 'slack:T1:UORG', outcome: 'verdict A>B' };

/** The appeal and Grand Finale methods of the Store, on the store the caller set up for each test. */
export function appealAndFinaleContract(current: () => Store): void {
  describe('appeals', () => {
    it('keeps one open appeal per submission and question; a closed one may be appealed again', async () => {
      const store = current();
      expect(await store.getAppeal('s1', 'q1')).toBeUndefined();
      expect(await store.openAppeal(appeal('q1'))).toBe(true);
      expect(await store.openAppeal(appeal('q1', { reason: 'Again.' }))).toBe(false);
      expect(await store.openAppeal(appeal('q2'))).toBe(true);
      expect(await store.getAppeal('s1', 'q1')).toEqual(appeal('q1'));

      expect(await store.closeAppeal('s1', 'q1', CLOSE)).toBe(true);
      expect(await store.closeAppeal('s1', 'q1', { ...CLOSE, outcome: 'twice' })).toBe(false);
      expect(await store.getAppeal('s1', 'q1')).toEqual({ ...appeal('q1'), status: 'closed', ...CLOSE });
      expect(await store.closeAppeal('s1', 'q9', CLOSE)).toBe(false);
      expect(await store.getAppeal('s1', 'q9')).toBeUndefined();

      const reopened = appeal('q1', { reason: 'New evidence.', openedAt: '2026-11-05T10:00:00.000Z' });
      expect(await store.openAppeal(reopened)).toBe(true);
      expect(await store.getAppeal('s1', 'q1')).toEqual(reopened);
      expect(await store.listJudgments('s1')).toEqual([]);
    });

    it('opens an appeal once across concurrent requests', async () => {
      const store = current();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.openAppeal(appeal('q1', { reason: `try ${i}` }))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('Grand Finale', () => {
    it('holds one live finale at a time; ending it frees the slot for the next', async () => {
      const store = current();
      expect(await store.liveFinale()).toBeUndefined();
      await store.createFinale(finale('f1'));
      expect(await store.getFinale('f1')).toEqual(finale('f1'));
      expect(await store.liveFinale()).toEqual(finale('f1'));
      await expect(store.createFinale(finale('f1'))).rejects.toBeInstanceOf(ConflictError);
      await expect(store.createFinale(finale('f2'))).rejects.toBeInstanceOf(ConflictError);
      expect(await store.getFinale('f2')).toBeUndefined();

      const updated = await store.updateFinale('f1', {
        prompts: 2,
        scoreboard: { platform: 'slack', channel: 'C1', ts: '9.9' },
      });
      expect(updated).toEqual(
        finale('f1', { prompts: 2, scoreboard: { platform: 'slack', channel: 'C1', ts: '9.9' } }),
      );
      await expect(store.updateFinale('ghost', { prompts: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

      const ended = await store.endFinale('f1', '2026-11-20T19:00:00.000Z');
      expect(ended).toEqual({ ...updated, status: 'ended', endedAt: '2026-11-20T19:00:00.000Z' });
      expect(await store.liveFinale()).toBeUndefined();
      // Ending twice (two organizers at once): the second is told it lost.
      await expect(store.endFinale('f1', '2026-11-20T19:00:01.000Z')).rejects.toBeInstanceOf(ConflictError);
      await expect(store.endFinale('ghost', '2026-11-20T19:00:01.000Z')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await store.createFinale(finale('f2'));
      expect((await store.liveFinale())?.id).toBe('f2');
    });

    it('lets one of two concurrent finales go live', async () => {
      const store = current();
      const { length: created } = (
        await Promise.allSettled([store.createFinale(finale('fa')), store.createFinale(finale('fb'))])
      ).filter((r) => r.status === 'fulfilled');
      expect(created).toBe(1);
      expect(['fa', 'fb']).toContain((await store.liveFinale())?.id);
    });

    it('opens each prompt number once, lists prompts in order, and patches them', async () => {
      const store = current();
      for (const n of [2, 10, 1]) await store.createFinalePrompt(prompt('f1', n));
      await expect(store.createFinalePrompt(prompt('f1', 2, { text: 'dup' }))).rejects.toBeInstanceOf(ConflictError);
      await store.createFinalePrompt(prompt('f2', 1));
      expect((await store.listFinalePrompts('f1')).map((p) => p.number)).toEqual([1, 2, 10]);
      await store.patchFinalePrompt('f1', 2, {
        judged: true,
        message: { platform: 'discord', channel: 'C9', ts: '123' },
      });
      expect(await store.getFinalePrompt('f1', 2)).toEqual(
        prompt('f1', 2, { judged: true, message: { platform: 'discord', channel: 'C9', ts: '123' } }),
      );
      expect(await store.getFinalePrompt('f1', 3)).toBeUndefined();
    });

    it('counts one vote per voter per prompt, and none once the prompt is closed', async () => {
      const store = current();
      await store.createFinalePrompt(prompt('f1', 1));
      expect(await store.castFinaleVote('f1', 1, 'slack:T1:U1', 'sA')).toBe('counted');
      expect(await store.castFinaleVote('f1', 1, 'slack:T1:U1', 'sB')).toBe('duplicate');
      const burst = await Promise.all(
        Array.from({ length: 5 }, () => store.castFinaleVote('f1', 1, 'slack:T1:U2', 'sB')),
      );
      expect(burst.filter((o) => o === 'counted')).toHaveLength(1);
      expect(await store.castFinaleVote('f1', 1, 'slack:T1:U3', 'sB')).toBe('counted');
      expect((await store.getFinalePrompt('f1', 1))!.votes).toEqual({ sA: 1, sB: 2 });

      expect(await store.closeFinalePrompt('f1', 1, '2026-11-20T18:10:00.000Z')).toBe(true);
      expect(await store.closeFinalePrompt('f1', 1, '2026-11-20T18:11:00.000Z')).toBe(false);
      expect(await store.castFinaleVote('f1', 1, 'slack:T1:U4', 'sA')).toBe('closed');
      expect(await store.castFinaleVote('f1', 7, 'slack:T1:U4', 'sA')).toBe('closed');
      expect(await store.getFinalePrompt('f1', 1)).toEqual(
        prompt('f1', 1, { votes: { sA: 1, sB: 2 }, closedAt: '2026-11-20T18:10:00.000Z' }),
      );
    });

    it("sets and removes one finalist's system prompt at a time, on a live finale only", async () => {
      const store = current();
      await store.createFinale(finale('f1', { systemPrompts: {} }));
      expect(await store.setFinaleSystemPrompt('f1', 'sA', 'Answer in one sentence.')).toBe(true);
      expect(await store.setFinaleSystemPrompt('f1', 'sB', 'Cite a source.')).toBe(true);
      expect(await store.setFinaleSystemPrompt('f1', 'sA', 'Answer in two sentences.')).toBe(true);
      expect((await store.getFinale('f1'))!.systemPrompts).toEqual({
        sA: 'Answer in two sentences.',
        sB: 'Cite a source.',
      });
      expect(await store.setFinaleSystemPrompt('f1', 'sB', '')).toBe(true);
      expect((await store.getFinale('f1'))!.systemPrompts).toEqual({ sA: 'Answer in two sentences.' });
      await store.endFinale('f1', '2026-11-20T19:00:00.000Z');
      expect(await store.setFinaleSystemPrompt('f1', 'sA', 'Too late.')).toBe(false);
      expect(await store.setFinaleSystemPrompt('ghost', 'sA', 'x')).toBe(false);
    });

    it("records an expert's score, lets them change it while the prompt is open, and refuses it after", async () => {
      const store = current();
      await store.createFinalePrompt(prompt('f1', 1));
      const all = (n: number) => ({ accuracy: n, coherence: n, domain: n });
      expect(await store.putExpertScore('f1', 1, 'slack:T1:UX', 'sA', all(6))).toBe(true);
      expect(await store.putExpertScore('f1', 1, 'slack:T1:UX', 'sA', { accuracy: 8 })).toBe(true);
      expect(await store.putExpertScore('f1', 1, 'slack:T1:UY', 'sA', { domain: 5 })).toBe(true);
      await store.closeFinalePrompt('f1', 1, '2026-11-20T18:10:00.000Z');
      expect(await store.putExpertScore('f1', 1, 'slack:T1:UX', 'sA', all(10))).toBe(false);
      expect(await store.putExpertScore('f1', 2, 'slack:T1:UX', 'sA', all(10))).toBe(false);
      expect((await store.getFinalePrompt('f1', 1))!.expertScores).toEqual({
        'slack:T1:UX|sA|accuracy': 8,
        'slack:T1:UX|sA|coherence': 6,
        'slack:T1:UX|sA|domain': 6,
        'slack:T1:UY|sA|domain': 5,
      });
    });

    it('keeps the first answer per prompt and model, and lists answers of one prompt or all', async () => {
      const store = current();
      await store.createFinalePrompt(prompt('f1', 1));
      const first = answer('f1', 1, 'sA');
      expect(await store.putFinaleAnswer(first)).toEqual(first);
      expect(await store.putFinaleAnswer(answer('f1', 1, 'sA', { text: 'later' }))).toEqual(first);
      await store.putFinaleAnswer(answer('f1', 1, 'reference', { judgeScore: null, verdicts: [] }));
      await store.putFinaleAnswer(answer('f1', 2, 'sA'));
      await store.putFinaleAnswer(answer('f2', 1, 'sA'));
      expect((await store.listFinaleAnswers('f1', 1)).map((a) => a.submissionId).sort()).toEqual(['reference', 'sA']);
      expect(await store.listFinaleAnswers('f1', 2)).toEqual([answer('f1', 2, 'sA')]);
      expect((await store.listFinaleAnswers('f1')).map((a) => `${a.prompt}:${a.submissionId}`).sort()).toEqual([
        '1:reference',
        '1:sA',
        '2:sA',
      ]);
      expect((await store.listFinalePrompts('f1')).map((p) => p.number)).toEqual([1]);
    });
  });
}
