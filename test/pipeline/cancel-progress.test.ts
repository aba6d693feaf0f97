import { afterEach, describe, expect, it } from 'vitest';
import type { Judge } from '../../src/core/ports';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

/** Judges that wait at a gate the test opens: a submission held in "Being judged" for as long as needed. */
function gatedJudges() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let waiting = 0;
  const wrap = (judge: Judge): Judge => ({
    modelId: judge.modelId,
    family: judge.family,
    async judge(req) {
      waiting++;
      await gate;
      return judge.judge(req);
    },
  });
  return { wrap, open: () => open(), waiting: () => waiting };
}

const until = async (what: () => Promise<boolean> | boolean, timeoutMs = 30_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('cancelling while the submission is being judged', () => {
  it('leaves the progress message on "Cancelled" with no Cancel button, even when judge batches finish afterwards', async () => {
    const gated = gatedJudges();
    league = await startTestLeague({
      env: { JUDGE_CHUNK_SIZE: '3' },
      override: (deps) => ({ ...deps, judges: deps.judges.map(gated.wrap) }),
    });
    const alice = league.member('alice');
    await league.submit('alice', 'strong.jsonl');
    const [sub] = await league.deps.store.listSubmissionsByUser(alice.userId);
    await until(async () => (await league!.deps.store.getSubmission(sub!.id))!.stage === 'EVALUATING');
    await until(() => gated.waiting() > 0);

    const reply = await league.run(alice, `cancel ${sub!.id}`);
    expect(reply.message.text).toMatch(/is cancelled/);
    // The judging that was under way finishes now, after the cancel: its progress edits come late.
    gated.open();
    await league.queue.drain(60_000);

    const stored = (await league.deps.store.getSubmission(sub!.id))!;
    expect(stored.stage).toBe('CANCELLED');
    const progress = league.chat.all().find((e) => e.id === stored.progress!.ts)!;
    expect(progress.message.text).toBe(`Submission ${sub!.id}: Cancelled`);
    expect(progress.message.blocks.some((b) => b.type === 'buttons')).toBe(false);
    const steps = progress.message.blocks.find((b) => b.type === 'text')!;
    expect(steps).toMatchObject({ text: expect.stringMatching(/✗ Cancelled$/) });
    expect(JSON.stringify(progress.message)).not.toMatch(/batches judged/);
  }, 90_000);
});
