import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { TransientError } from '../../src/core/errors';
import { seededRandom } from '../../src/core/scoring';
import type { LeagueDeps } from '../../src/core/services/context';
import { rankedLeaderboard } from '../../src/core/services/leaderboard';
import { isFinal } from '../../src/core/submission-stage';
import { examplesDir } from '../../src/local/paths';
import { startTestLeague } from './league';

/** What happens to one delivery: nothing, an outage before its k-th effect, or a crash right after it. */
interface Fate {
  kind: 'ok' | 'fault' | 'crash';
  at: number;
  effects: number;
}

export interface ChaosOptions {
  submissions: number;
  duplicateRate: number;
  faultRate: number;
  crashRate: number;
  seed: number;
}

export interface ChaosReport {
  bench: 'chaos';
  submissions: number;
  deliveries: number;
  duplicates: number;
  faults: number;
  crashes: number;
  /** Share of first deliveries that came twice, and of deliveries hit by an outage. */
  duplicate_rate: number;
  fault_rate: number;
  final: number;
  stuck: number;
  dms: number;
  double_dms: number;
  mismatched_scores: number;
  judgments: number;
  duplicate_judgments: number;
  in_flight: number;
  dead_letters: number;
  seconds: number;
}

const WRITES = new Set([
  'createRound',
  'updateRound',
  'putQuestions',
  'createSubmission',
  'transition',
  'patchSubmission',
  'chargeQuota',
  'refundQuota',
  'putReferenceAnswer',
  'putJudgment',
  'replaceJudgment',
  'completeChunk',
  'putLeaderboardEntry',
  'claimOnce',
  'appendAudit',
]);

/** Wraps every method of `target`; effects (writes, sends, model calls) consult the current delivery's fate. */
function faulty<T extends object>(
  target: T,
  fates: AsyncLocalStorage<Fate>,
  counters: { faults: number; crashes: number },
  isEffect: (name: string) => boolean,
): T {
  return new Proxy(target, {
    get(obj, name, receiver) {
      const value = Reflect.get(obj, name, receiver) as unknown;
      if (typeof value !== 'function' || typeof name !== 'string' || !isEffect(name))
        return typeof value === 'function' ? value.bind(obj) : value;
      return async (...args: unknown[]) => {
        const fate = fates.getStore();
        const n = fate ? ++fate.effects : 0;
        if (fate?.kind === 'fault' && n === fate.at) {
          counters.faults++;
          throw new TransientError(`injected outage before ${name}`);
        }
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        if (fate?.kind === 'crash' && n === fate.at) {
          counters.crashes++;
          throw new Error(`injected crash after ${name}`);
        }
        return result;
      };
    },
  });
}

/** Datasets of graded quality: a seeded mix of the strong and poor examples. */
function datasets(n: number, random: () => number): string[] {
  const read = (f: string) =>
    readFileSync(join(examplesDir(), 'datasets', f), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
  const strong = read('strong.jsonl');
  const poor = read('poor.jsonl');
  return Array.from({ length: n }, () => {
    const share = random();
    const rows = [...strong.filter(() => random() < share), ...poor.filter(() => random() < 0.5)];
    while (rows.length < 25) rows.push(poor[Math.floor(random() * poor.length)]!);
    return rows.join('\n');
  });
}

async function runLeague(opts: ChaosOptions, chaos: boolean) {
  const random = seededRandom(opts.seed);
  const data = datasets(opts.submissions, seededRandom(opts.seed + 1));
  const fates = new AsyncLocalStorage<Fate>();
  const counters = { faults: 0, crashes: 0 };
  const wrap = (deps: LeagueDeps): LeagueDeps =>
    !chaos
      ? deps
      : {
          ...deps,
          store: faulty(deps.store, fates, counters, (m) => WRITES.has(m)),
          queue: faulty(deps.queue, fates, counters, () => true),
          chat: faulty(deps.chat, fates, counters, () => true),
          reference: faulty(deps.reference, fates, counters, (m) => m === 'generate'),
          judges: deps.judges.map((j) => faulty(j, fates, counters, (m) => m === 'judge')),
        };
  let judgeCalls = 0;
  const league = await startTestLeague({
    env: { QUEUE_MAX_RECEIVE_COUNT: '8', QUEUE_VISIBILITY_TIMEOUT_MS: '300', JUDGE_CHUNK_SIZE: '8' },
    queue: { duplicateRate: chaos ? opts.duplicateRate : 0, random, batchSize: 1, concurrency: 4 },
    override: (deps) =>
      wrap({
        ...deps,
        judges: deps.judges.map((j) => ({
          modelId: j.modelId,
          family: j.family,
          judge: (r) => {
            judgeCalls++;
            return j.judge(r);
          },
        })),
      }),
    wrapWorker:
      (worker) =>
      (event: SQSEvent): Promise<SQSBatchResponse> => {
        const roll = random();
        const fate: Fate =
          !chaos || roll >= opts.faultRate + opts.crashRate
            ? { kind: 'ok', at: 0, effects: 0 }
            : { kind: roll < opts.faultRate ? 'fault' : 'crash', at: 1 + Math.floor(random() * 3), effects: 0 };
        return fates.run(fate, () => worker(event));
      },
  });
  const started = Date.now();
  const members = data.map((_, i) => `m${String(i).padStart(3, '0')}`);
  await Promise.all(members.map((m, i) => league.submit(m, data[i]!, { fileName: `${m}.jsonl` })));
  await league.queue.drain(600_000);
  const subs = await league.deps.store.listSubmissionsByRound('demo');
  const scores = new Map(
    (await rankedLeaderboard(league.deps, 'demo')).map((r) => [r.userId, `${r.winRate}|${r.ciLow}|${r.ciHigh}`]),
  );
  let judgments = 0;
  let duplicateJudgments = 0;
  for (const s of subs) {
    const js = await league.deps.store.listJudgments(s.id);
    judgments += js.length;
    duplicateJudgments += js.length - new Set(js.map((j) => `${j.questionId}#${j.judge}#${j.order}`)).size;
  }
  const resultDms = members.map(
    (m) =>
      league.chat
        .conversation(`dm:local:demo:${m}`)
        .filter(
          (e) => /scored|rejected|failed|cancelled/.test(e.message.text) && !/^Submission \w+: /.test(e.message.text),
        ).length,
  );
  const result = {
    subs,
    scores,
    judgments,
    duplicateJudgments,
    resultDms,
    judgeCalls,
    stats: league.queue.stats,
    deadLetters: league.queue.deadLetters.length,
    depth: league.queue.depth,
    counters,
    seconds: (Date.now() - started) / 1000,
  };
  await league.close();
  return result;
}

/** Runs the same submissions without faults and then with them, and checks the invariants. */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const calm = await runLeague(opts, false);
  const wild = await runLeague(opts, true);
  let mismatched = 0;
  for (const [user, score] of calm.scores) if (wild.scores.get(user) !== score) mismatched++;
  if (calm.scores.size !== wild.scores.size) mismatched += Math.abs(calm.scores.size - wild.scores.size);
  return {
    bench: 'chaos',
    submissions: wild.subs.length,
    deliveries: wild.stats.delivered,
    duplicates: wild.stats.duplicates,
    faults: wild.counters.faults,
    crashes: wild.counters.crashes,
    duplicate_rate: Number((wild.stats.duplicates / (wild.stats.delivered - wild.stats.duplicates)).toFixed(3)),
    fault_rate: Number((wild.counters.faults / wild.stats.delivered).toFixed(3)),
    final: wild.subs.filter((s) => isFinal(s.stage)).length,
    stuck: wild.subs.filter((s) => !isFinal(s.stage)).length,
    dms: wild.resultDms.reduce((a, b) => a + b, 0),
    double_dms: wild.resultDms.filter((n) => n > 1).length,
    mismatched_scores: mismatched,
    judgments: wild.judgments,
    duplicate_judgments: wild.duplicateJudgments,
    in_flight: wild.depth,
    dead_letters: wild.deadLetters,
    seconds: Number(wild.seconds.toFixed(1)),
  };
}
