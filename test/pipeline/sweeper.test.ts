import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { sweep } from '../../src/core/services/sweeper';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const HOUR = 3_600_000;

describe('sweeper', () => {
  it('fails a submission stuck in training with one DM and refunds the quota', async () => {
    let offset = 0;
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        clock: { now: () => new Date(Date.now() + offset) },
        trainer: { start: async () => {}, stop: async () => {} }, // training never reports back
      }),
    });
    await league.submit('hana', 'medium.jsonl');
    await league.queue.drain(20_000);
    const [stuck] = await league.deps.store.listSubmissionsByUser('local:demo:hana');
    expect(stuck!.stage).toBe('TRAINING');
    expect(await league.deps.store.quotaUsed('demo', 'local:demo:hana', stuck!.quotaDay)).toBe(1);

    expect((await sweep(league.deps)).failed).toEqual([]); // not late yet
    offset = 7 * HOUR;
    expect((await sweep(league.deps)).failed).toEqual([stuck!.id]);
    await league.queue.drain(20_000);
    expect((await sweep(league.deps)).failed).toEqual([]); // final now: nothing more to do

    const sub = (await league.deps.store.getSubmission(stuck!.id))!;
    expect(sub.stage).toBe('TRAINING_FAILED');
    expect(sub.failure!.reason).toMatch(/no progress while "fine-tuning"/);
    const dms = league.chat
      .conversation('dm:local:demo:hana')
      .filter((d) => /failed \(fine-tuning\)/.test(d.message.text));
    expect(dms).toHaveLength(1);
    expect(dms[0]!.message.text).toMatch(/does not count against your daily quota/);
    expect(await league.deps.store.quotaUsed('demo', 'local:demo:hana', sub.quotaDay)).toBe(0);
  });

  it('retries a submission whose job was lost, and it completes', async () => {
    let offset = 0;
    let dropIngest = true;
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        clock: { now: () => new Date(Date.now() + offset) },
        queue: {
          send: async (jobs, o) => {
            if (dropIngest && jobs[0]?.type === 'ingest') {
              dropIngest = false;
              return;
            }
            return deps.queue.send(jobs, o);
          },
        },
      }),
    });
    await league.submit('ivan', 'strong.jsonl');
    await league.queue.drain(20_000);
    const [lost] = await league.deps.store.listSubmissionsByUser('local:demo:ivan');
    expect(lost!.stage).toBe('RECEIVED');
    offset = 10 * 60_000;
    expect((await sweep(league.deps)).retried).toEqual([lost!.id]);
    await league.queue.drain(60_000);
    expect((await league.deps.store.getSubmission(lost!.id))!.stage).toBe('SCORED');
  });

  it('trains a submission whose admission stopped between taking its slot and leaving the line', async () => {
    let offset = 0;
    const started: string[] = [];
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        clock: { now: () => new Date(Date.now() + offset) },
        trainer: { start: async (req) => void started.push(req.submissionId), stop: async () => {} },
      }),
    });
    const { store } = league.deps;
    const at = new Date().toISOString();
    await store.createSubmission({
      id: 'halfway',
      roundId: 'demo',
      userId: 'local:demo:jo',
      stage: 'VALIDATED',
      createdAt: at,
      updatedAt: at,
      quotaDay: at.slice(0, 10),
      upload: { name: 'd.jsonl' },
      hyperparameters: DEFAULT_HYPERPARAMETERS,
    });
    await store.addWaiter('training', {
      submissionId: 'halfway',
      userId: 'local:demo:jo',
      roundId: 'demo',
      enqueuedAt: at,
    });
    await store.claimSlot('training', 0, { submissionId: 'halfway', userId: 'local:demo:jo', since: at });
    // Just now: an admission in flight, left alone.
    expect(await sweep(league.deps)).toMatchObject({ retried: [], failed: [] });
    expect((await store.capacity('training')).waiters).toHaveLength(1);
    offset = 10 * 60_000;
    expect((await sweep(league.deps)).retried).toEqual(['halfway']);
    await league.queue.drain(20_000);
    expect((await store.capacity('training')).waiters).toEqual([]);
    expect(started).toEqual(['halfway']);
    expect((await store.getSubmission('halfway'))!.stage).toBe('TRAINING');
  });
});
