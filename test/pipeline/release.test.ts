import { afterEach, describe, expect, it } from 'vitest';
import { joinQueue } from '../../src/core/capacity/admission';
import type { Submission } from '../../src/core/model';
import { cancelSubmission } from '../../src/core/services/cancel';
import { runJob } from '../../src/core/services/run-job';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

/** A league whose trainer and host record what they were asked to stop and close. */
async function recordingLeague() {
  const stopped: string[] = [];
  const closed: string[] = [];
  league = await startTestLeague({
    override: (deps) => ({
      ...deps,
      trainer: {
        start: deps.trainer.start,
        stop: async (name) => {
          stopped.push(name);
        },
      },
      host: {
        open: deps.host.open,
        close: async (id) => {
          closed.push(id);
        },
      },
    }),
  });
  return { league, stopped, closed };
}

async function seed(l: TestLeague, id: string, stage: Submission['stage']) {
  const at = new Date().toISOString();
  await l.deps.store.createSubmission({
    id,
    roundId: 'demo',
    userId: 'local:demo:fay',
    stage,
    createdAt: at,
    updatedAt: at,
    quotaDay: at.slice(0, 10),
    upload: { name: 'd.jsonl' },
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    ...(stage === 'TRAINING' ? { trainingJobName: `league-${id}` } : {}),
  });
}

describe("releasing a stopped submission's resources", () => {
  it('cancelling during training answers at once and leaves the stop to a worker job', async () => {
    const { league: l, stopped } = await recordingLeague();
    l.queue.stop();
    await seed(l, 'strain1', 'TRAINING');
    const reply = await l.run(l.member('fay'), 'cancel strain1');
    expect(reply.message.text).toMatch(/cancelled/);
    expect(stopped).toEqual([]); // the chat functions hold no model permissions
    expect(l.sent).toContainEqual({
      type: 'release',
      submissionId: 'strain1',
      trainingJobName: 'league-strain1',
      closeHost: false,
    });
    l.queue.start();
    await l.queue.drain(20_000);
    expect(stopped).toEqual(['league-strain1']);
    expect((await l.deps.store.getSubmission('strain1'))!.stage).toBe('CANCELLED');
  });

  it('cancelling during evaluation tears the endpoint down; before training, nothing is released', async () => {
    const { league: l, stopped, closed } = await recordingLeague();
    await seed(l, 'seval1', 'EVALUATING');
    await seed(l, 'sval1', 'VALIDATED');
    await l.run(l.member('fay'), 'cancel seval1');
    await l.run(l.member('fay'), 'cancel sval1');
    await l.queue.drain(20_000);
    expect(closed).toEqual(['seval1']);
    expect(stopped).toEqual([]);
    expect(l.sent.filter((j) => j.type === 'release')).toHaveLength(1);
  });

  it('a stop that fails is retried by the queue rather than forgotten', async () => {
    let calls = 0;
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        trainer: {
          start: deps.trainer.start,
          stop: async () => {
            if (++calls === 1) throw new Error('ThrottlingException: Rate exceeded');
          },
        },
      }),
    });
    await seed(league, 'strain2', 'TRAINING');
    await league.run(league.member('fay'), 'cancel strain2');
    await league.queue.drain(20_000);
    expect(calls).toBe(2);
    expect(league.queue.deadLetters).toEqual([]);
  });
});

describe('a cancel that lands while training is being started', () => {
  it('stops the job the start created, even though the release ran before it existed', async () => {
    const stopped: string[] = [];
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        trainer: {
          // The member cancels while the start call is in flight.
          start: async (req) => {
            await cancelSubmission(deps, (await deps.store.getSubmission(req.submissionId))!, 'local:demo:fay');
          },
          stop: async (name) => {
            stopped.push(name);
          },
        },
      }),
    });
    league.queue.stop(); // the queued release must not be what stops it here
    await seed(league, 'srace1', 'VALIDATED');
    // Admitted by the fair queue: it holds a training slot, and its train job runs.
    expect(
      await joinQueue(league.deps, 'training', { id: 'srace1', userId: 'local:demo:fay', roundId: 'demo' }),
    ).toEqual(['srace1']);
    await runJob(league.deps, { type: 'train', submissionId: 'srace1' });
    expect((await league.deps.store.getSubmission('srace1'))!.stage).toBe('CANCELLED');
    expect(stopped).toEqual(['league-srace1']);
  });
});
