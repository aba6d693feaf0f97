import { afterEach, describe, expect, it } from 'vitest';
import { resultDms, startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

describe('gold answers in a dataset', () => {
  it('refuses a dataset that reproduces the hidden gold answers, telling the member how many, not which', async () => {
    league = await startTestLeague();
    const questions = await league.deps.store.getQuestions('demo');
    // Copied and lightly reworded: contractions do not hide a copy.
    const rows = questions.map((q) =>
      JSON.stringify({ instruction: q.question, response: q.gold!.replace(/\bit is\b/g, "it's") }),
    );
    await league.submit('mallory', rows.join('\n'));
    await league.queue.drain(60_000);
    const [sub] = await league.deps.store.listSubmissionsByUser('local:demo:mallory');
    expect(sub!.stage).toBe('REJECTED');
    const [dm] = resultDms(league.chat.conversation('dm:local:demo:mallory'));
    expect(dm!.message.text).toMatch(/reproduce \d+ of the round's \d+ hidden gold answers.*refuses the dataset/);
    expect(dm!.message.text).not.toMatch(/\bq\d\d\b/);
    const audit = (await league.deps.store.listAudit()).find((a) => a.action === 'dataset.gold-leakage');
    expect(audit?.detail).toMatchObject({ blocked: true, mode: 'block' });
  }, 90_000);
});
