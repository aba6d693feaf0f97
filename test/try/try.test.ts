import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../src/core/commands';
import { NotReadyError } from '../../src/core/errors';
import type { JobOf } from '../../src/core/jobs';
import type { Message } from '../../src/core/messages/message';
import type { ModelHost } from '../../src/core/ports';
import { runJob } from '../../src/core/services/run-job';
import { tryQuotaKey } from '../../src/core/services/try';
import { startTestLeague, type TestLeague } from '../support/league';

/*
 * Alice's medium dataset is trained and scored in the demo round; she then asks her model questions
 * of her own. The worker answers through the offline host stand-in, the offline reference and the
 * offline judge, as `npm start` does.
 */
let league: TestLeague;
let trained: string;

const dmTexts = (name: string) => league.chat.conversation(`dm:local:demo:${name}`).map((e) => e.message);
const waitForDm = (name: string, test: (m: Message) => boolean) =>
  vi.waitFor(
    () => {
      const found = dmTexts(name).findLast(test);
      if (!found) throw new Error('no such DM yet');
      return found;
    },
    { timeout: 20_000, interval: 50 },
  );
const allText = (m: Message) => [m.text, ...m.blocks.map((b) => ('text' in b ? b.text : ''))].join('\n');

beforeAll(async () => {
  league = await startTestLeague();
  await league.submit('alice', 'medium.jsonl');
  await league.queue.drain(60_000);
  trained = (await league.deps.store.listSubmissionsByUser('local:demo:alice'))[0]!.id;
}, 90_000);
afterAll(() => league.close());

describe('try', () => {
  it("answers by DM with both answers and the judge's verdict in both orders, text made inert", async () => {
    const question = 'How do I split rent fairly with roommates <@U999>?';
    const reply = await league.run(league.member('alice'), `try ${trained} "${question}"`);
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.message.text).toMatch(/come by DM/);
    expect(reply.message.text).toMatch(/Tries left today: 19/);
    const dm = await waitForDm('alice', (m) => m.text.startsWith(`Try ${trained}`));
    const text = allText(dm);
    expect(text).toContain('*Your question*');
    expect(text).toContain('How do I split rent fairly with roommates');
    expect(text).not.toContain('<@U999>');
    expect(text).toMatch(/\*Your model\*/);
    expect(text).toMatch(/\*Reference\* \(offline stand-in\)/);
    expect(text).toMatch(/\*(Your model wins|The reference wins|A tie|Split)\*/);
    expect(text).toMatch(/your answer shown first: .*\n• your answer shown second: /);
    expect(text).toMatch(/Tries left today: 19/);
  });

  it('refuses a question that is a hidden evaluation question, reworded, without saying which', async () => {
    const [hidden] = await league.deps.store.getQuestions('demo');
    const reworded = `${hidden!.question.replace(/\bWhat is\b/i, "What's").replace(/\?$/, '')}, please?`;
    const sentBefore = league.sent.length;
    const reply = await league.run(league.member('alice'), `try ${trained} ${reworded}`);
    expect(reply.message.text).toMatch(/too close to one of the round's hidden evaluation questions/);
    expect(reply.message.text).not.toContain(hidden!.id);
    expect(reply.message.text.toLowerCase()).not.toContain(hidden!.question.toLowerCase().slice(0, 20));
    expect(league.sent.length).toBe(sentBefore);
  });

  it("refuses someone else's submission and one without a trained model", async () => {
    const bob = league.member('bob');
    expect((await league.run(bob, `try ${trained} "hello?"`)).message.text).toMatch(/No submission .* of yours/);
    await league.submit('bob', 'not json at all\n');
    await league.queue.drain(30_000);
    const [failed] = await league.deps.store.listSubmissionsByUser(bob.userId);
    const reply = await league.run(bob, `try ${failed!.id} "What is a budget?"`);
    expect(reply.message.text).toMatch(/has no trained model to ask/);
    expect(reply.message.text).toMatch(/once its training has finished/);
  });

  it('counts tries per member and day, and refuses past the limit with the reset time', async () => {
    await league.deps.store.updateRound('demo', { tryPerDay: 2 });
    const alice = league.member('alice');
    const used = await league.deps.store.quotaUsed(
      tryQuotaKey('demo'),
      alice.userId,
      new Date().toISOString().slice(0, 10),
    );
    expect(used).toBe(1);
    expect((await league.run(alice, `try ${trained} "Should I pay off debt first?"`)).message.text).toMatch(
      /left today: 0/,
    );
    const refused = await league.run(alice, `try ${trained} "And then what?"`);
    expect(refused.message.text).toMatch(/used all 2 tries for today/);
    expect(refused.message.text).toMatch(/reset at 00:00 UTC, in about \d+ h/);
    await league.queue.drain(30_000);
    await league.deps.store.updateRound('demo', { tryPerDay: undefined });
  });

  it('takes a missing question, an over-long one, or no submission as a usage error', async () => {
    expect(() => parseCommand(`try ${trained}`)).toThrow(/Which question/);
    expect(() => parseCommand(`try ${trained} "  "`)).toThrow(/Which question/);
    expect(() => parseCommand(`try ${trained} "${'x'.repeat(2001)}"`)).toThrow(/at most 2000/);
    expect(() => parseCommand('try')).toThrow(/Missing the submission id/);
    // The question is the rest of the line, quotes optional, its punctuation kept.
    expect(parseCommand(`/league try ${trained} What's "APR", really?`)).toEqual({
      kind: 'try',
      submissionId: trained,
      question: `What's "APR", really?`,
    });
  });
});

/*
 * A provisioned host (an endpoint, as on AWS), stood in by the offline host behind a start-up that
 * is "not ready" on its first open, the way the SageMaker host answers while an endpoint is Creating.
 */
describe('try on a provisioned host', () => {
  let aws: TestLeague;
  let sub: string;
  const opened: string[] = [];
  const closed: string[] = [];

  beforeAll(async () => {
    aws = await startTestLeague({
      env: { ENDPOINT_CONCURRENCY: '1' },
      override: (deps) => {
        let starting = true;
        const host: ModelHost = {
          provisioned: true,
          async open(id, uri, format) {
            // Evaluations open it too; only a try's first open finds the endpoint still starting.
            if (
              starting &&
              (await deps.store.capacity('endpoint')).holders.some((h) => h.submissionId === `try:${id}`)
            ) {
              starting = false;
              throw new NotReadyError(`Endpoint ${id} is Creating`, 'endpoint', 1000);
            }
            opened.push(id);
            return deps.host.open(id, uri, format);
          },
          async close(id) {
            closed.push(id);
            return deps.host.close(id);
          },
        };
        return { ...deps, host, settings: { ...deps.settings, tryIdleMs: 1500 } };
      },
    });
    await aws.submit('alice', 'medium.jsonl');
    await aws.queue.drain(60_000);
    sub = (await aws.deps.store.listSubmissionsByUser('local:demo:alice'))[0]!.id;
  }, 90_000);
  afterAll(() => aws.close());

  const dms = () => aws.chat.conversation('dm:local:demo:alice').map((e) => e.message.text);

  it('waits for an endpoint slot, tells the member when the host is ready, then tears it down when idle', async () => {
    closed.length = 0;
    // Another model holds the only endpoint slot.
    await aws.deps.store.claimSlot('endpoint', 0, {
      submissionId: 'other',
      userId: 'local:demo:zed',
      since: new Date().toISOString(),
    });
    expect((await aws.run(aws.member('alice'), `try ${sub} "Is a Roth IRA worth it?"`)).message.text).toMatch(
      /starting one takes a few minutes/,
    );
    await vi.waitFor(
      () => expect(dms().some((t) => /every endpoint is busy \(you are 1st in line\)/.test(t))).toBe(true),
      {
        timeout: 10_000,
      },
    );
    expect((await aws.deps.store.capacity('endpoint')).waiters.map((w) => w.submissionId)).toEqual([`try:${sub}`]);
    // The other model's evaluation ends: the try is admitted to the freed slot.
    await aws.deps.store.releaseSlot('endpoint', 'other');
    const { admit } = await import('../../src/core/capacity/admission');
    await admit(aws.deps, 'endpoint');
    expect((await aws.deps.store.capacity('endpoint')).holders.map((h) => h.submissionId)).toEqual([`try:${sub}`]);
    // The waiting try looks again (its delayed copy, run now rather than in 20 s).
    const waiting = aws.sent.findLast((j): j is JobOf<'try'> => j.type === 'try' && j.hostWaitSince !== undefined)!;
    await runJob(aws.deps, waiting);
    await vi.waitFor(() => expect(dms().some((t) => /Starting a host for your model/.test(t))).toBe(true), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(dms().some((t) => new RegExp(`Your model ${sub} is ready`).test(t))).toBe(true), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(dms().some((t) => t.startsWith(`Try ${sub}`))).toBe(true), { timeout: 10_000 });
    expect(opened).toContain(sub);
    // Idle past TRY_IDLE_MINUTES (1.5 s here): the host is closed and the slot freed.
    await vi.waitFor(() => expect(closed).toContain(sub), { timeout: 15_000 });
    await vi.waitFor(async () => expect((await aws.deps.store.capacity('endpoint')).holders).toEqual([]), {
      timeout: 5_000,
    });
    await vi.waitFor(() => expect(dms().some((t) => /was shut down after/.test(t))).toBe(true), { timeout: 5_000 });
  }, 60_000);
});

describe('try_per_day', () => {
  it('is a whole number from 0 to 1000, 20 when left out', async () => {
    const { roundFromOptions } = await import('../../src/core/services/rounds');
    const open = (extra: Record<string, string>) =>
      roundFromOptions({ name: 'R', ...extra }, 'o', 'c', new Date('2026-01-01T00:00:00Z'), {
        referenceModel: 'r',
        judgeModels: ['j'],
      });
    expect(open({}).tryPerDay).toBe(20);
    expect(open({ try_per_day: '0' }).tryPerDay).toBe(0);
    expect(() => open({ try_per_day: '2.5' })).toThrow(/whole number from 0 to 1000/);
    expect(() => open({ try_per_day: '-1' })).toThrow(/from 0 to 1000/);
  });
});
