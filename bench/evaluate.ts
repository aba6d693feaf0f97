import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJsonLogger } from '../src/adapters/log/json-logger';
import { parseCommand } from '../src/core/commands';
import { loadConfig } from '../src/core/config';
import { limitGenerator, limitJudge, ModelLimiter } from '../src/core/limits/model-limiter';
import type { Question } from '../src/core/model';
import { seededRandom } from '../src/core/scoring';
import { handleCommand } from '../src/core/services/command-dispatcher';
import { startLocalLeague } from '../src/local/league';
import { corpusPath, examplesDir } from '../src/local/paths';
import { SimulatedModelService } from './simulated-model-service';

/**
 * `npm run bench:evaluate`: 20 submissions × 100 questions judged through the real pipeline against a
 * simulated model service with latency and a token quota (one "minute" of quota is scaled to 1 s so
 * the run is short), with 20% of queue deliveries duplicated. Two scenarios, one JSON line each:
 * - `default`: the quota is the only limit;
 * - `throttled`: 10% of model calls are refused once with a throttle, and the queue's visibility
 *   timeout (a job's lease) is shorter than a judge job takes, so every job must keep its claim.
 * `npm run bench:evaluate -- throttled` (or `default`) runs one scenario.
 */
const SUBMISSIONS = 20;
const QUESTIONS = 100;
const WINDOW_MS = 1000;
// 20k tokens per (scaled) minute makes the quota the bottleneck, as it is in production; with an
// unlimited quota the same run takes ~23 s on two cores (the pipeline's own floor: store and queue).
const TOKENS_PER_WINDOW = Number(process.env.BENCH_TPW ?? 20_000);
const LATENCY_MS = 40;

interface Scenario {
  name: 'default' | 'throttled';
  refuseOnceRate: number;
  visibilityTimeoutMs: number;
}
const SCENARIOS: Scenario[] = [
  { name: 'default', refuseOnceRate: 0, visibilityTimeoutMs: 60_000 },
  // A judge job takes 20 s or more here (80 jobs share the quota), so a 5 s lease is outlived many times over.
  { name: 'throttled', refuseOnceRate: 0.1, visibilityTimeoutMs: 5_000 },
];

const corpus = readFileSync(corpusPath(), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { question: string; answer: string });
const questions: Question[] = corpus
  .slice(0, QUESTIONS)
  .map((c, i) => ({ id: `q${i + 1}`, category: 'general', question: c.question, gold: c.answer }));
const strong = readFileSync(join(examplesDir(), 'datasets', 'strong.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean);

async function run(scenario: Scenario): Promise<Record<string, unknown>> {
  const service = new SimulatedModelService({
    latencyMs: LATENCY_MS,
    tokensPerWindow: TOKENS_PER_WINDOW,
    windowMs: WINDOW_MS,
    refuseOnceRate: scenario.refuseOnceRate,
    random: seededRandom(7),
  });
  const quota = { requestsPerWindow: 10_000, tokensPerWindow: TOKENS_PER_WINDOW, windowMs: WINDOW_MS };
  const config = loadConfig({
    JUDGE_CHUNK_SIZE: '5',
    QUEUE_VISIBILITY_TIMEOUT_MS: String(scenario.visibilityTimeoutMs),
    QUEUE_MAX_RECEIVE_COUNT: '10',
  });
  const league = await startLocalLeague({
    config,
    ephemeral: true,
    log: createJsonLogger({ level: process.env.BENCH_LOG === 'warn' ? 'warn' : 'error' }),
    queue: { duplicateRate: 0.2, random: seededRandom(1), concurrency: 8 },
    override: (deps) => {
      const limiter = new ModelLimiter(quota); // one quota shared by the reference and the judge, as one account's would be
      return {
        ...deps,
        reference: limitGenerator(service.generator(deps.reference), limiter),
        judges: deps.judges.map((j) => limitJudge(service.judge(j), limiter)),
      };
    },
  });
  const { deps } = league;
  const organizer = { userId: 'local:demo:organizer', channel: 'local:league', isOrganizer: true };
  // The members train on the corpus the questions come from: the leakage check would refuse them,
  // and this bench counts model calls, so the round only warns.
  await handleCommand(
    deps,
    organizer,
    parseCommand('round open name="Bench" id=bench min_rows=20 quota=5 leakage=warn'),
  );
  await handleCommand(deps, organizer, parseCommand('round questions bench'), { name: 'q.jsonl' }, async () =>
    questions.map((q) => JSON.stringify(q)).join('\n'),
  );

  const random = seededRandom(42);
  const started = Date.now();
  for (let i = 0; i < SUBMISSIONS; i++) {
    const rows = [
      ...strong.filter(() => random() < 0.6),
      ...corpus
        .slice(0, QUESTIONS)
        .filter(() => random() < 0.5)
        .map((c) => JSON.stringify({ instruction: c.question, response: c.answer })),
    ];
    const key = `uploads/bench-${i}/data.jsonl`;
    await deps.blobs.put(key, rows.join('\n'));
    await handleCommand(
      deps,
      { userId: `local:bench:m${i}`, channel: 'local:league', isOrganizer: false },
      parseCommand('submit bench'),
      { name: 'data.jsonl', blobKey: key },
    );
  }
  await league.queue.drain(900_000);
  const makespan = (Date.now() - started) / 1000;
  const subs = await deps.store.listSubmissionsByRound('bench');
  const lowerBound = (service.tokensUsed / TOKENS_PER_WINDOW) * (WINDOW_MS / 1000);
  let referenceCalls = 0;
  let judgeCalls = 0;
  for (const [key, n] of service.calls) key.startsWith('gen:') ? (referenceCalls += n) : (judgeCalls += n);
  const { stats } = league.queue;
  await league.close();
  return {
    bench: 'evaluate',
    scenario: scenario.name,
    submissions: subs.length,
    questions: QUESTIONS,
    scored: subs.filter((s) => s.stage === 'SCORED').length,
    makespan_s: Number(makespan.toFixed(2)),
    lower_bound_s: Number(lowerBound.toFixed(2)),
    ratio: Number((makespan / lowerBound).toFixed(3)),
    reference_calls: referenceCalls,
    judge_calls: judgeCalls,
    expected_judge_calls: 2 * QUESTIONS * SUBMISSIONS,
    duplicate_calls: service.duplicateCalls,
    throttles: service.throttles,
    duplicated_deliveries: stats.duplicates,
    // Deliveries after a record's first (failures, expired visibility); duplicates are counted apart.
    redeliveries: stats.delivered - stats.duplicates - stats.sent,
    failed_deliveries: stats.failures,
    dead_letters: league.queue.deadLetters.length,
  };
}

const only = process.argv[2];
if (only && !SCENARIOS.some((s) => s.name === only)) {
  console.error(`Unknown scenario "${only}": use ${SCENARIOS.map((s) => s.name).join(' or ')}.`);
  process.exit(2);
}
for (const scenario of SCENARIOS.filter((s) => !only || s.name === only))
  console.log(JSON.stringify(await run(scenario)));
process.exit(0);
