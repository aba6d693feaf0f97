import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages/message';
import type { Question } from '../../src/core/model';
import { assignSplits } from '../../src/core/services/rounds';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';

/*
 * One member submits five times in a day (the demo round's quota) and reads everything the bot
 * tells them: replies, DMs, the round's channel, status and leaderboard, an appeal on a private
 * question. None of it may carry a private question's text, gold answer or either model's answer to
 * it; the public questions are quoted (the control that shows the check can fail).
 */
let league: TestLeague;
let questions: Question[];
const seen: string[] = [];

/** Every string in a message, wherever it sits (text, fields, table cells, buttons). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}
const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
/** What a message could show of a text: the whole of a short one, the opening of a long one. */
const probe = (s: string) => norm(s).slice(0, 60);
const record = (reply: Reply) => seen.push(...strings(reply.message));

beforeAll(async () => {
  league = await startTestLeague();
  for (const file of ['strong.jsonl', 'medium.jsonl', 'poor.jsonl', 'strong.jsonl', 'medium.jsonl'])
    record(await league.submit('mallory', file));
  record(await league.submit('mallory', 'strong.jsonl')); // the sixth is refused
  await league.queue.drain(540_000);
  questions = await league.deps.store.getQuestions('demo');
  const mallory = league.member('mallory');
  record(await league.run(mallory, 'status'));
  record(await league.run(mallory, 'leaderboard demo'));
  const [sub] = await league.deps.store.listSubmissionsByUser(mallory.userId);
  const hidden = questions.find((q) => q.split === 'private')!;
  record(await league.run(mallory, `appeal ${sub!.id} ${hidden.id} the judge was wrong`));
  record(await league.run(mallory, `appeal ${sub!.id} q999 the judge was wrong`));
  for (const e of league.chat.conversation('dm:local:demo:mallory')) seen.push(...strings(e.message));
  for (const e of league.chat.conversation('local:league')) seen.push(...strings(e.message));
}, 600_000);
afterAll(() => league.close());

describe('the public and the private split', () => {
  it('splits the demo round 30/70 with a seed, the same on every load', async () => {
    const publicCount = questions.filter((q) => q.split === 'public').length;
    expect(questions.every((q) => q.split === 'public' || q.split === 'private')).toBe(true);
    expect(publicCount).toBe(Math.round(0.3 * questions.length));
    const redrawn = assignSplits(
      'demo',
      questions.map(({ split: _s, ...q }) => q),
      0.3,
    );
    expect(redrawn.map((q) => q.split)).toEqual(questions.map((q) => q.split));
  });

  it('five submissions a day to the demo round reveal no private question text in any message the member receives', async () => {
    const subs = await league.deps.store.listSubmissionsByUser('local:demo:mallory');
    expect(subs.filter((s) => s.stage === 'SCORED')).toHaveLength(5);
    const text = norm(seen.join('\n'));
    const publicQuestions = questions.filter((q) => q.split === 'public');
    const privateQuestions = questions.filter((q) => q.split === 'private');
    // The control: result DMs quote public questions, so the probe does find question text.
    expect(publicQuestions.some((q) => text.includes(probe(q.question)))).toBe(true);
    const privateIds = new Set(privateQuestions.map((q) => q.id));
    const judgments = (await Promise.all(subs.map((s) => league.deps.store.listJudgments(s.id)))).flat();
    const answers = judgments.filter((j) => privateIds.has(j.questionId));
    expect(answers.length).toBeGreaterThan(0);
    // A private text that is also public (a question quoting another, a model giving the same answer
    // to a public question) would be found through the public one: left out.
    const publicText = norm(
      [
        ...publicQuestions.map((q) => `${q.question} ${q.gold ?? ''}`),
        ...judgments
          .filter((j) => !privateIds.has(j.questionId))
          .flatMap((j) => [j.candidateAnswer, j.referenceAnswer]),
      ].join('\n'),
    );
    const leaks = [
      ...privateQuestions.flatMap((q) => [q.question, q.gold ?? '']),
      ...answers.flatMap((j) => [j.candidateAnswer, j.referenceAnswer]),
    ]
      .map(probe)
      .filter((p) => p.length >= 12 && !publicText.includes(p))
      .filter((p) => text.includes(p));
    expect(leaks).toEqual([]);
  });

  it('tells the member the private split only as counts per category', async () => {
    const result = league.chat
      .conversation('dm:local:demo:mallory')
      .find((e) => /scored \d/.test(e.message.text))!.message;
    const note = strings(result).find((s) => s.startsWith('The final results rank on'))!;
    const privateCount = questions.filter((q) => q.split === 'private').length;
    expect(note).toContain(`${privateCount} private questions`);
    expect(strings(result).join('\n')).toMatch(/public questions: \d/);
  });

  it('refuses an appeal on a private question without naming it private', async () => {
    const refusal = seen.find((s) => /is not one you can appeal/.test(s));
    expect(refusal).toBeDefined();
    expect(refusal).not.toMatch(/private/i);
  });

  it('ranks the closed round on the private split and shows the move from the public standings', async () => {
    await league.run(organizerActor(), 'round close demo');
    const reply = await league.run(organizerActor(), 'round results demo');
    expect(reply.message.text).toMatch(/Posted the results/);
    const posted = league.chat.conversation('local:league').at(-1)!.message;
    const [best] = await league.deps.store.leaderboard('demo');
    const sub = (await league.deps.store.getSubmission(best!.submissionId))!;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const podium = strings(posted).find((t) => t.startsWith('🥇'))!;
    expect(podium).toContain(pct(sub.score!.private!.winRate));
    expect(podium).toMatch(/= from #1 on the public split/);
  });
});
