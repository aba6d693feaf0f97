import { afterEach, describe, expect, it } from 'vitest';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const MEMBERS = ['ana', 'ben', 'cyd', 'dee', 'eli'];
const DATASETS = ['strong.jsonl', 'medium.jsonl', 'poor.jsonl', 'strong.jsonl', 'medium.jsonl'];

async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
}

/** Two training slots, twenty minutes a training; the jobs started never finish during the test. */
async function busyLeague(members = MEMBERS) {
  const starts: string[] = [];
  const l = await startTestLeague({
    env: { TRAINING_CONCURRENCY: '2', TRAINING_ESTIMATE_MINUTES: '20' },
    override: (deps) => ({
      ...deps,
      trainer: { start: async (req) => void starts.push(req.submissionId), stop: async () => {} },
    }),
  });
  league = l;
  for (const [i, name] of members.entries()) {
    await l.submit(name, DATASETS[i % DATASETS.length]!);
    // One at a time, so the queue's order is the order of submission.
    await until(`${name} validated`, async () => {
      const [s] = await l.deps.store.listSubmissionsByUser(`local:demo:${name}`);
      return s && s.stage !== 'RECEIVED' && s.stage !== 'VALIDATING' ? s : undefined;
    });
  }
  await l.queue.drain();
  return { l, starts };
}

const statusText = async (l: TestLeague, name: string) => (await l.run(l.member(name), 'status')).message.text;
const progressText = (l: TestLeague, name: string) =>
  l.chat
    .conversation(`dm:local:demo:${name}`)
    .map((d) => [d.message.text, ...d.message.blocks.map((b) => ('text' in b ? String(b.text) : ''))].join('\n'))
    .join('\n');

describe('the fair training queue', () => {
  it('runs at most TRAINING_CONCURRENCY trainings; the others see their place and when they start', async () => {
    const { l, starts } = await busyLeague();
    expect(starts).toHaveLength(2);
    const stages = await Promise.all(
      MEMBERS.map(async (m) => (await l.deps.store.listSubmissionsByUser(`local:demo:${m}`))[0]!.stage),
    );
    expect(stages).toEqual(['TRAINING', 'TRAINING', 'VALIDATED', 'VALIDATED', 'VALIDATED']);
    // Two slots free in 20 minutes: the first two waiters start then, the third 20 minutes later.
    expect(await statusText(l, 'eli')).toMatch(/3rd in the training queue, starts in about 40 min/);
    expect(progressText(l, 'eli')).toMatch(/3rd in the training queue, starts in about 40 min/);
    expect(await statusText(l, 'cyd')).toMatch(/1st in the training queue, starts in about 20 min/);
  });

  it('frees a queued place at once when its submission is cancelled', async () => {
    const { l, starts } = await busyLeague();
    const [cyd] = await l.deps.store.listSubmissionsByUser('local:demo:cyd');
    await l.run(l.member('cyd'), `cancel ${cyd!.id}`);
    expect((await l.deps.store.capacity('training')).waiters.map((w) => w.submissionId)).not.toContain(cyd!.id);
    expect(await statusText(l, 'eli')).toMatch(/2nd in the training queue, starts in about 20 min/);
    // A running one cancelled gives its slot to the first in line.
    const [ana] = await l.deps.store.listSubmissionsByUser('local:demo:ana');
    await l.run(l.member('ana'), `cancel ${ana!.id}`);
    await l.queue.drain();
    expect(starts).toHaveLength(3);
    expect((await l.deps.store.listSubmissionsByUser('local:demo:dee'))[0]!.stage).toBe('TRAINING');
    expect(await statusText(l, 'eli')).toMatch(/1st in the training queue/);
  });

  it('keeps every waiter told of its place as the queue moves, not only the first few', async () => {
    const { l } = await busyLeague([...MEMBERS, 'fay', 'gus', 'hal', 'ivy']);
    // Seven wait: two start in 20 minutes, two more 20 minutes later, and so on.
    expect(progressText(l, 'ivy')).toMatch(/7th in the training queue, starts in about 1 h 20 min/);
    // A waiter ahead cancels: nothing is admitted, but everyone behind moves up, and is told.
    const [dee] = await l.deps.store.listSubmissionsByUser('local:demo:dee');
    await l.run(l.member('dee'), `cancel ${dee!.id}`);
    expect(progressText(l, 'ivy')).toMatch(/6th in the training queue, starts in about 1 h\b/);
    expect(progressText(l, 'ivy')).not.toMatch(/7th/);
    expect(progressText(l, 'hal')).toMatch(/5th in the training queue/);
    // A running one cancelled: the first in line starts, the rest move up again.
    const [ana] = await l.deps.store.listSubmissionsByUser('local:demo:ana');
    await l.run(l.member('ana'), `cancel ${ana!.id}`);
    await l.queue.drain();
    expect(progressText(l, 'ivy')).toMatch(/5th in the training queue/);
    expect(progressText(l, 'eli')).toMatch(/1st in the training queue/);
  });
});
