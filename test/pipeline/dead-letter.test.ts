import { afterEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../src/core/errors';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

describe('a job that keeps failing', () => {
  it('ends in the dead-letter list, the submission in a failed stage, one DM saying why, and the quota refunded', async () => {
    let starts = 0;
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        trainer: {
          start: async () => {
            starts++;
            throw new TransientError('training service unavailable');
          },
          stop: async () => {},
        },
      }),
    });
    await league.submit('gus', 'medium.jsonl');
    await league.queue.drain(20_000);

    expect(starts).toBe(3); // QUEUE_MAX_RECEIVE_COUNT in the test league
    expect(league.queue.deadLetters.map((d) => JSON.parse(d.body).type)).toEqual(['train']);
    const [sub] = await league.deps.store.listSubmissionsByUser('local:demo:gus');
    expect(sub!.stage).toBe('TRAINING_FAILED');
    expect(sub!.failure).toEqual({
      reason: expect.stringMatching(/failed repeatedly while starting fine-tuning/),
      countsAgainstQuota: false,
    });
    const results = league.chat
      .conversation('dm:local:demo:gus')
      .filter((d) => /failed/.test(d.message.text) && !/^Submission \w+: /.test(d.message.text));
    expect(results).toHaveLength(1);
    expect(results[0]!.message.text).toMatch(/does not count against your daily quota/);
    expect(await league.deps.store.quotaUsed('demo', 'local:demo:gus', sub!.quotaDay)).toBe(0);
    expect(league.logs.some((l) => l.includes('job dead-lettered'))).toBe(true);
  });
});
