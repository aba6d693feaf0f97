import { afterEach, describe, expect, it } from 'vitest';
import { createOfflineJudge } from '../../src/adapters/local/offline-judge';
import type { Judge } from '../../src/core/ports';
import { rankedLeaderboard } from '../../src/core/services/leaderboard';
import { resultDms, startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

/** The offline judge, except that it never writes a verdict on the questions `breaks` picks. */
function brittleJudge(breaks: (question: string) => boolean): Judge {
  const judge = createOfflineJudge();
  return {
    ...judge,
    async judge(req) {
      if (breaks(req.question)) return { text: 'I cannot decide.', inputTokens: 10, outputTokens: 3 };
      return judge.judge(req);
    },
  };
}

describe('coverage', () => {
  it('ends a submission the judge could not settle without a rank, tells the member why and refunds it', async () => {
    // About a quarter of the questions never get a verdict.
    league = await startTestLeague({
      override: (deps) => ({ ...deps, judges: [brittleJudge((q) => q.length % 4 === 0)] }),
    });
    await league.submit('zoe', 'strong.jsonl');
    await league.queue.drain(60_000);
    const [sub] = await league.deps.store.listSubmissionsByUser('local:demo:zoe');
    expect(sub!.stage).toBe('EVAL_FAILED');
    expect(sub!.failure).toMatchObject({ countsAgainstQuota: false });
    expect(sub!.score!.ranked).toBe(false);
    expect(await league.deps.store.quotaUsed('demo', 'local:demo:zoe', sub!.quotaDay)).toBe(0);
    expect(await rankedLeaderboard(league.deps, 'demo')).toEqual([]);
    const [dm] = resultDms(league.chat.conversation('dm:local:demo:zoe'));
    expect(dm!.message.text).toMatch(
      /The judge reached a verdict on only \d+ of \d+ (public|private) questions \(\d+%\).*at least 90%.*not ranked.*does not count against your daily quota/,
    );
    const organizer = league.chat.conversation('dm:local:demo:organizer').map((e) => e.message.text);
    expect(organizer.some((t) => t.startsWith(`Submission ${sub!.id}`) && /judgments? could not be read/.test(t))).toBe(
      true,
    );
  }, 60_000);

  it('ranks a submission with a few judge errors and shows them on its row', async () => {
    const broken = new Set<string>();
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        // One public question's judgments fail: 12 of 13 judged is above 90%.
        judges: [brittleJudge((q) => broken.has(q))],
      }),
    });
    const first = (await league.deps.store.getQuestions('demo')).find((q) => q.split === 'public')!;
    broken.add(first.question);
    await league.submit('zoe', 'strong.jsonl');
    await league.queue.drain(60_000);
    const [row] = await rankedLeaderboard(league.deps, 'demo');
    expect(row).toMatchObject({ userId: 'local:demo:zoe', errors: 2 });
    const board = await league.run(league.member('zoe'), 'leaderboard demo');
    const table = board.message.blocks.find((b) => b.type === 'table');
    expect(table).toMatchObject({ columns: expect.arrayContaining(['Judge errors']) });
  }, 60_000);
});
