import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../src/core/errors';
import type { Job } from '../../src/core/jobs';
import type { Generator, Judge, JudgeRequest, ModelRequest } from '../../src/core/ports';
import { sweep } from '../../src/core/services/sweeper';
import { createWorkerHandler } from '../../src/handlers/worker';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await league?.close();
  league = undefined;
});

const requestKey = (req: ModelRequest) => `${req.system ?? ''}|${req.messages.map((m) => m.content).join('|')}`;

/**
 * Wraps the offline judge: counts completed calls per request (each request carries delimiters
 * seeded per submission, question and judge, so a repeated key is a judgment paid for twice), and
 * lets a test fail, slow down or hang a call.
 */
function watchedJudge(inner: Judge, before: (n: number, req: JudgeRequest) => Promise<void> = async () => {}) {
  const completed = new Map<string, number>();
  let started = 0;
  const judge: Judge = {
    modelId: inner.modelId,
    family: inner.family,
    async judge(req) {
      await before(++started, req);
      const reply = await inner.judge(req);
      completed.set(requestKey(req), (completed.get(requestKey(req)) ?? 0) + 1);
      return reply;
    },
  };
  return { judge, completed, calls: () => [...completed.values()].reduce((a, b) => a + b, 0) };
}

function countedReference(inner: Generator) {
  const calls = new Map<string, number>();
  const generator: Generator = {
    modelId: inner.modelId,
    async generate(req) {
      calls.set(requestKey(req), (calls.get(requestKey(req)) ?? 0) + 1);
      return inner.generate(req);
    },
  };
  return { generator, calls };
}

const recordOf = (job: Job, messageId: string, receiveCount: number) =>
  ({
    messageId,
    receiptHandle: `${messageId}#${receiveCount}`,
    body: JSON.stringify(job),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:league-jobs',
    awsRegion: 'local',
  }) as unknown as SQSEvent['Records'][number];
const batch = (...records: SQSEvent['Records']) => ({ Records: records }) as SQSEvent;
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A league whose judge jobs are held back instead of delivered, so a test hands them to the worker
 * itself; returns the submission, evaluating, and its judge jobs.
 */
async function evaluatingWithHeldJudgeJobs(
  judge: (inner: Judge) => Judge,
  env: Record<string, string> = {},
  clockOffset = { ms: 0 },
) {
  const held: Job[] = [];
  league = await startTestLeague({
    env: { JUDGE_CHUNK_SIZE: '4', ...env },
    override: (deps) => ({
      ...deps,
      clock: { now: () => new Date(Date.now() + clockOffset.ms) },
      judges: deps.judges.map(judge),
      queue: {
        send: async (jobs, o) => {
          held.push(...jobs.filter((j) => j.type === 'judge'));
          const rest = jobs.filter((j) => j.type !== 'judge');
          if (rest.length) await deps.queue.send(rest, o);
        },
      },
    }),
  });
  await league.submit('alice', 'strong.jsonl');
  await league.queue.drain(30_000);
  const [sub] = await league.deps.store.listSubmissionsByUser('local:demo:alice');
  expect(sub!.stage).toBe('EVALUATING');
  return { sub: sub!, held };
}

describe('no judge call is paid for twice', () => {
  it('a chunk retried after a partial failure calls only for the judgments it had not stored', async () => {
    const failed: string[] = [];
    let watched: ReturnType<typeof watchedJudge> | undefined;
    let reference: ReturnType<typeof countedReference> | undefined;
    league = await startTestLeague({
      override: (deps) => {
        // The 7th call fails once; the other order of its question, asked alongside it, succeeds.
        watched = watchedJudge(deps.judges[0]!, async (n, req) => {
          if (n === 7) {
            failed.push(requestKey(req));
            throw new TransientError('Judge unavailable (ServiceUnavailableException)');
          }
        });
        reference = countedReference(deps.reference);
        return { ...deps, judges: [watched.judge], reference: reference.generator };
      },
    });
    await league.submit('alice', 'strong.jsonl');
    await league.queue.drain(60_000);

    const [sub] = await league.deps.store.listSubmissionsByUser('local:demo:alice');
    expect(sub!.stage).toBe('SCORED');
    expect(league.queue.stats.failures).toBe(1);
    const questions = (await league.deps.store.getQuestions('demo')).length;
    expect(await league.deps.store.listJudgments(sub!.id)).toHaveLength(2 * questions);
    // Every judgment was paid for once: the failed request once, on the retry; nothing else again.
    expect(watched!.calls()).toBe(2 * questions);
    expect([...watched!.completed.values()].every((n) => n === 1)).toBe(true);
    expect(watched!.completed.get(failed[0]!)).toBe(1);
    expect([...reference!.calls.values()]).toEqual(Array(questions).fill(1));
  });

  it('a second delivery of a chunk still being judged is acknowledged without work, and the first keeps its claim', async () => {
    let watched: ReturnType<typeof watchedJudge> | undefined;
    // Every call takes 60 ms, so a chunk of 4 questions (8 calls, two at a time) outlasts the 100 ms lease twice over.
    const { sub, held } = await evaluatingWithHeldJudgeJobs(
      (inner) => (watched = watchedJudge(inner, () => pause(60))).judge,
      { QUEUE_VISIBILITY_TIMEOUT_MS: '100' },
    );
    league!.queue.stop();
    const extended: string[] = [];
    const worker = createWorkerHandler(league!.deps, {
      keepVisible: { timeoutMs: 100, change: async (handle) => void extended.push(handle) },
    });
    const job = held.find((j) => j.type === 'judge' && j.chunk === 0)!;
    const first = worker(batch(recordOf(job, 'm1', 1)));
    await pause(160); // past the lease's first term and the record's first visibility timeout
    const callsBefore = watched!.calls();
    const second = await worker(batch(recordOf(job, 'm1', 2)));
    expect(second.batchItemFailures).toEqual([]); // acknowledged: no failure budget spent
    expect(watched!.calls() - callsBefore).toBeLessThanOrEqual(2); // at most the first's calls in flight
    expect((await first).batchItemFailures).toEqual([]);
    expect(extended.filter((h) => h === 'm1#1').length).toBeGreaterThanOrEqual(2);

    expect(await league!.deps.store.listJudgments(sub.id)).toHaveLength(8);
    expect(watched!.calls()).toBe(8);
    expect([...watched!.completed.values()].every((n) => n === 1)).toBe(true);
    expect(league!.logs.some((l) => l.includes('judge chunk in progress elsewhere'))).toBe(true);
  });

  it('when the first delivery dies mid-chunk, the sweeper brings the chunk back and only what is missing is judged', async () => {
    const clock = { ms: 0 };
    let watched: ReturnType<typeof watchedJudge> | undefined;
    let dead = false;
    let kill: (e: Error) => void = () => {};
    const { sub, held } = await evaluatingWithHeldJudgeJobs(
      (inner) =>
        (watched = watchedJudge(inner, async (n) => {
          // The 5th call never returns: the worker running it is gone.
          if (n === 5) {
            dead = true;
            await new Promise((_, reject) => (kill = reject));
          }
        })).judge,
      { QUEUE_VISIBILITY_TIMEOUT_MS: '100' },
      clock,
    );
    cleanups.push(() => kill(new Error('test over')));
    league!.queue.stop();
    const store = league!.deps.store;
    // A dead worker renews nothing.
    const renew = store.renewLease.bind(store);
    store.renewLease = (...args) => (dead ? Promise.reject(new Error('worker gone')) : renew(...args));
    const worker = createWorkerHandler(league!.deps);
    const job = held.find((j) => j.type === 'judge' && j.chunk === 0)!;
    void worker(batch(recordOf(job, 'm1', 1)));
    while (!dead) await pause(5);
    await pause(20);
    // Two questions, and the other order of the third (asked alongside the call that never returns).
    expect(watched!.calls()).toBe(5);
    expect(await store.listJudgments(sub.id)).toHaveLength(5);

    // The message was acknowledged by a duplicate meanwhile, so no redelivery comes: the sweeper acts.
    clock.ms = 3 * 3600_000;
    held.length = 0;
    expect((await sweep(league!.deps)).retried).toEqual([sub.id]);
    const again = held.filter((j) => j.type === 'judge' && j.chunk === 0);
    expect(again).toHaveLength(1);
    expect((await worker(batch(recordOf(again[0]!, 'm2', 1)))).batchItemFailures).toEqual([]);

    const firstFour = new Set((await store.getQuestions('demo')).slice(0, 4).map((q) => q.id));
    expect((await store.listJudgments(sub.id)).filter((j) => firstFour.has(j.questionId))).toHaveLength(8);
    // Five judgments were stored before the worker died; the sweep's delivery made the other three.
    expect(watched!.calls()).toBe(8);
    expect([...watched!.completed.values()].every((n) => n === 1)).toBe(true);
  });
});
