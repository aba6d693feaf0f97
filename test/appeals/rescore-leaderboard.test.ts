import { afterEach, describe, expect, it } from 'vitest';
import type { Judgment, Submission } from '../../src/core/model';
import { rankedLeaderboard } from '../../src/core/services/leaderboard';
import { scoreSubmission } from '../../src/core/services/pipeline/score';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const judgment = (submissionId: string, questionId: string, order: Judgment['order'], score: 0 | 1): Judgment => ({
  submissionId,
  questionId,
  judge: 'offline-judge',
  order,
  score,
  verdict: (score === 1) === (order === 'candidate-first') ? 'A>B' : 'B>A',
  rationale: 'seeded',
  candidateAnswer: 'candidate',
  referenceAnswer: 'reference',
  inputTokens: 1,
  outputTokens: 1,
});

/** The first two public questions of the demo round (members appeal public questions only). */
async function publicPair(l: TestLeague): Promise<[string, string]> {
  const ids = (await l.deps.store.getQuestions('demo')).filter((q) => q.split === 'public').map((q) => q.id);
  return [ids[0]!, ids[1]!];
}

/** A scored submission with the given per-order scores of two public questions, put on the leaderboard as scoring would. */
async function seeded(
  l: TestLeague,
  id: string,
  createdAt: string,
  scores: [0 | 1, 0 | 1, 0 | 1, 0 | 1],
): Promise<Submission> {
  const [q1, q2] = await publicPair(l);
  const js = [
    judgment(id, q1, 'candidate-first', scores[0]),
    judgment(id, q1, 'candidate-second', scores[1]),
    judgment(id, q2, 'candidate-first', scores[2]),
    judgment(id, q2, 'candidate-second', scores[3]),
  ];
  for (const j of js) await l.deps.store.putJudgment(j);
  const sub: Submission = {
    id,
    roundId: 'demo',
    userId: 'local:demo:dana',
    stage: 'SCORED',
    createdAt,
    updatedAt: createdAt,
    quotaDay: createdAt.slice(0, 10),
    upload: { name: 'd.jsonl' },
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    modelUri: 'blob://x',
    score: await scoreSubmission(l.deps, { id, roundId: 'demo' }, js),
  };
  await l.deps.store.createSubmission(sub);
  await l.deps.store.putLeaderboardEntry({
    roundId: 'demo',
    userId: sub.userId,
    submissionId: id,
    winRate: sub.score!.winRate,
    ciLow: sub.score!.ciLow,
    ciHigh: sub.score!.ciHigh,
    submittedAt: createdAt,
  });
  return sub;
}

describe('rescoring and the leaderboard', () => {
  it("puts the member's next best submission back when an override lowers the one on the board", async () => {
    league = await startTestLeague();
    await seeded(league, 'sdana1', '2026-01-01T10:00:00.000Z', [1, 1, 1, 0]); // 0.75
    await seeded(league, 'sdana2', '2026-01-01T11:00:00.000Z', [1, 1, 1, 1]); // 1.0: on the board
    expect((await rankedLeaderboard(league.deps, 'demo')).map((r) => [r.submissionId, r.winRate])).toEqual([
      ['sdana2', 1],
    ]);
    await league.run(organizerActor(), `override sdana2 ${(await publicPair(league))[1]} B>>A`); // 1.0 -> 0.5
    expect((await league.deps.store.getSubmission('sdana2'))!.score!.winRate).toBe(0.5);
    expect((await rankedLeaderboard(league.deps, 'demo')).map((r) => [r.submissionId, r.winRate])).toEqual([
      ['sdana1', 0.75],
    ]);
  });

  it("sends appeals to the organizers' channel when one is configured", async () => {
    league = await startTestLeague({ env: { LEAGUE_ORGANIZER_CHANNEL: 'local:organizers' } });
    await seeded(league, 'sdana1', '2026-01-01T10:00:00.000Z', [1, 1, 0, 0]);
    const q2 = (await publicPair(league))[1];
    const reply = await league.run(league.member('dana'), `appeal sdana1 ${q2} the gold answer agrees with mine`);
    expect(reply.message.text).toMatch(/is with the organizers/);
    expect(league.chat.conversation('local:organizers').map((e) => e.message.text)).toEqual([
      `Appeal on question ${q2} of submission sdana1: the gold answer agrees with mine`,
    ]);
    expect(league.chat.conversation('dm:local:demo:organizer')).toHaveLength(0);
  });

  it('keeps the appeal and says so when no organizer can be reached', async () => {
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        chat: {
          ...deps.chat,
          dm: (user, m, o) =>
            user === 'local:demo:organizer' ? Promise.reject(new Error('chat down')) : deps.chat.dm(user, m, o),
        },
      }),
    });
    await seeded(league, 'sdana1', '2026-01-01T10:00:00.000Z', [1, 1, 0, 0]);
    const q2 = (await publicPair(league))[1];
    const reply = await league.run(league.member('dana'), `appeal sdana1 ${q2} please check`);
    expect(reply.message.text).toMatch(/is recorded, but no organizer could be told just now/);
    expect(await league.deps.store.getAppeal('sdana1', q2)).toMatchObject({ status: 'open' });
    // The message to the organizer is owed, not lost: chat refused it, so organizers find it listed.
    const listed = await league.run(organizerActor(), 'undelivered');
    expect(listed.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')).toContain(
      `appeal of sdana1 on ${q2}`,
    );
  });
});
