import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Judgment, Submission } from '../../src/core/model';
import { rankedLeaderboard } from '../../src/core/services/leaderboard';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';

/*
 * Alice and Bob submit the same dataset, so their models answer alike and tie; Alice submitted first
 * and leads. Bob appeals a question the judge did not give him outright; the organizer overrides it in
 * his favour, which must lift Bob's score by exactly (1 - old question score) / questions and put
 * him first.
 */
let league: TestLeague;
let alice: Submission;
let bob: Submission;
let lost: { questionId: string; score: number };
let publicIds: Set<string>;

const questionScore = (js: Judgment[]) => js.reduce((n, j) => n + j.score!, 0) / js.length;
const dms = (name: string) => league.chat.conversation(`dm:local:demo:${name}`);

beforeAll(async () => {
  league = await startTestLeague();
  await league.submit('alice', 'medium.jsonl');
  await new Promise((r) => setTimeout(r, 5)); // a later submission time for Bob
  await league.submit('bob', 'medium.jsonl');
  await league.queue.drain(60_000);
  [alice] = await league.deps.store.listSubmissionsByUser('local:demo:alice');
  [bob] = await league.deps.store.listSubmissionsByUser('local:demo:bob');
  // Members may appeal the public questions only (the private ones are never shown to them).
  publicIds = new Set(
    (await league.deps.store.getQuestions('demo')).filter((q) => q.split === 'public').map((q) => q.id),
  );
  const byQuestion = new Map<string, Judgment[]>();
  for (const j of (await league.deps.store.listJudgments(bob!.id)).filter((j) => publicIds.has(j.questionId)))
    byQuestion.set(j.questionId, [...(byQuestion.get(j.questionId) ?? []), j]);
  const [questionId, js] = [...byQuestion]
    .sort(([a], [b]) => a.localeCompare(b))
    .find(([, js]) => questionScore(js) < 1)!;
  lost = { questionId, score: questionScore(js) };
}, 90_000);
afterAll(() => league.close());

describe('appeal and override', () => {
  it('starts from a tie that the earlier submission leads', async () => {
    expect(alice!.score!.winRate).toBe(bob!.score!.winRate);
    expect((await rankedLeaderboard(league.deps, 'demo')).map((r) => r.userId)).toEqual([
      'local:demo:alice',
      'local:demo:bob',
    ]);
  });

  it("takes an appeal from the owner only, and sends organizers both answers and the judge's reasons", async () => {
    const reason = 'My answer matches the gold answer; the judge misread it.';
    expect(
      (await league.run(league.member('alice'), `appeal ${bob!.id} ${lost.questionId} ${reason}`)).message.text,
    ).toMatch(/No submission `s\w+` of yours/);
    expect((await league.run(organizerActor(), `appeal ${bob!.id} ${lost.questionId} ${reason}`)).message.text).toMatch(
      /Only the member who submitted/,
    );
    expect((await league.run(league.member('bob'), `appeal ${bob!.id} q999 ${reason}`)).message.text).toMatch(
      new RegExp(
        `has no judgment of question \`q999\`.*Its judged questions: ${[...publicIds].sort().slice(0, 2).join(', ')}`,
      ),
    );

    const reply = await league.run(league.member('bob'), `appeal ${bob!.id} ${lost.questionId} ${reason}`);
    expect(reply.message.text).toBe(
      `Your appeal on question ${lost.questionId} of ${bob!.id} is with the organizers. You get a DM when they decide.`,
    );
    const again = await league.run(league.member('bob'), `appeal ${bob!.id} ${lost.questionId} please look again`);
    expect(again.message.text).toMatch(new RegExp(`already have an open appeal on question ${lost.questionId}`));

    const toOrganizer = dms('organizer').filter((d) => d.message.text.startsWith('Appeal on question'));
    expect(toOrganizer).toHaveLength(1);
    const body = toOrganizer[0]!.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    const judgments = (await league.deps.store.listJudgments(bob!.id)).filter((j) => j.questionId === lost.questionId);
    const question = (await league.deps.store.getQuestions('demo')).find((q) => q.id === lost.questionId)!;
    expect(body).toContain(reason);
    expect(body).toContain(question.question);
    expect(body).toContain(judgments[0]!.candidateAnswer.slice(0, 60));
    expect(body).toContain(judgments[0]!.referenceAnswer.slice(0, 60));
    for (const j of judgments) expect(body).toContain(`[[${j.verdict}]]`);
    expect(body).toContain(judgments[0]!.rationale.slice(0, 40));
    expect(body).toContain(`/league override ${bob!.id} ${lost.questionId}`);
    expect(await league.deps.store.getAppeal(bob!.id, lost.questionId)).toMatchObject({
      status: 'open',
      reason,
      userId: 'local:demo:bob',
    });
  });

  it('replaces the judgments on override, rescores, reorders the leaderboard, closes the appeal and DMs the member', async () => {
    const before = bob!.score!;
    const reply = await league.run(organizerActor(), `override ${bob!.id} ${lost.questionId} A>>B`);
    const after = (await league.deps.store.getSubmission(bob!.id))!.score!;
    const expected = before.winRate + (1 - lost.score) / before.questions;
    expect(after.winRate).toBeCloseTo(expected, 12);
    expect(after.strictWins).toBe(before.strictWins + 1);
    expect(after.ciLow).not.toBe(before.ciLow);
    expect(reply.message.text).toMatch(
      new RegExp(
        `Question ${lost.questionId} of ${bob!.id} now reads A>>B \\(2 judgments replaced\\): win rate [\\d.]+% → [\\d.]+%; the appeal is closed`,
      ),
    );

    const replaced = (await league.deps.store.listJudgments(bob!.id)).filter((j) => j.questionId === lost.questionId);
    expect(replaced.map((j) => [j.order, j.verdict, j.score, j.overriddenBy]).sort()).toEqual([
      ['candidate-first', 'A>>B', 1, 'local:demo:organizer'],
      ['candidate-second', 'B>>A', 1, 'local:demo:organizer'],
    ]);

    const ranked = await rankedLeaderboard(league.deps, 'demo');
    expect(ranked.map((r) => [r.userId, r.submissionId])).toEqual([
      ['local:demo:bob', bob!.id],
      ['local:demo:alice', alice!.id],
    ]);
    expect(ranked[0]).toMatchObject({ winRate: after.winRate, ciLow: after.ciLow, ciHigh: after.ciHigh });

    const dm = dms('bob').at(-1)!.message;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    expect(dm.text).toContain(`Win rate ${pct(before.winRate)} → ${pct(after.winRate)}`);
    expect(dm.blocks[0]).toEqual({ type: 'heading', text: `Your appeal on question ${lost.questionId} is decided` });
    const fields = dm.blocks.find((b) => b.type === 'fields');
    expect(fields).toMatchObject({ fields: expect.arrayContaining([{ label: 'Rank', value: '#2 → #1' }]) });

    expect(await league.deps.store.getAppeal(bob!.id, lost.questionId)).toMatchObject({
      status: 'closed',
      closedBy: 'local:demo:organizer',
      outcome: 'verdict A>>B',
    });
    const audit = (await league.deps.store.listAudit()).find((a) => a.action === 'judgment.override')!;
    expect(audit).toMatchObject({ actor: 'local:demo:organizer', target: bob!.id });
    expect(audit.detail).toMatchObject({
      questionId: lost.questionId,
      verdict: 'A>>B',
      appealClosed: true,
      before: { winRate: before.winRate },
      after: { winRate: after.winRate },
    });
  });

  it('accepts a new appeal on the question once the last one is closed', async () => {
    const reply = await league.run(league.member('bob'), `appeal ${bob!.id} ${lost.questionId} one more look`);
    expect(reply.message.text).toMatch(/is with the organizers/);
  });

  it('upholds a verdict when the organizer repeats it: the score stays and the member is told', async () => {
    const [questionId, score] = [
      ...new Map((await league.deps.store.listJudgments(alice!.id)).map((j) => [j.questionId, j.score])),
    ].find(([, s]) => s === 1)!;
    expect(score).toBe(1);
    const before = (await league.deps.store.getSubmission(alice!.id))!.score!;
    await league.run(organizerActor(), `override ${alice!.id} ${questionId} A>B`);
    const after = (await league.deps.store.getSubmission(alice!.id))!.score!;
    expect(after.winRate).toBe(before.winRate);
    expect(dms('alice').at(-1)!.message.blocks.at(-1)).toEqual({
      type: 'context',
      text: 'The score is unchanged: the verdict stands as judged.',
    });
  });

  it('refuses overrides of unknown submissions and questions with what to fix', async () => {
    expect((await league.run(organizerActor(), `override s404 ${lost.questionId} A>B`)).message.text).toMatch(
      /No submission `s404`/,
    );
    expect((await league.run(organizerActor(), `override ${bob!.id} q999 A>B`)).message.text).toMatch(
      /no judgment of question `q999`/,
    );
  });
});
