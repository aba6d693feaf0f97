import { createJsonLogger } from '../src/adapters/log/json-logger';
import { parseCommand } from '../src/core/commands';
import { loadConfig } from '../src/core/config';
import type { Job } from '../src/core/jobs';
import { handleCommand } from '../src/core/services/command-dispatcher';
import type { Actor } from '../src/core/services/context';
import { type LocalLeague, startLocalLeague } from '../src/local/league';

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Warm latency of one request kind: `prepare` builds request i outside the clock (signing is the
 * platform's work, not ours), `handle` runs it and throws if it was not handled as it should be.
 * The first `warmup` requests are not counted.
 */
export async function warmLatency<T>(
  prepare: (i: number) => T,
  handle: (request: T, i: number) => Promise<void>,
  { iterations = 240, warmup = 20 } = {},
): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const request = prepare(i);
    const started = performance.now();
    await handle(request, i);
    if (i >= warmup) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/**
 * A league for ack benchmarks: in memory, quiet, with an open round `bench` that has its questions,
 * and a queue that only records what is sent (the benchmark stops at the enqueue).
 */
export async function startBenchLeague(organizer: Actor): Promise<{ league: LocalLeague; sent: Job[] }> {
  const sent: Job[] = [];
  const league = await startLocalLeague({
    config: loadConfig({}),
    ephemeral: true,
    log: createJsonLogger({ level: 'error' }),
    override: (deps) => ({
      ...deps,
      queue: {
        send: async (jobs) => {
          sent.push(...jobs);
        },
      },
    }),
  });
  await handleCommand(league.deps, organizer, parseCommand('round open name="Bench" id=bench min_rows=5 quota=5'));
  await league.deps.store.putQuestions('bench', [
    { id: 'q1', category: 'general', question: 'What is the capital of France?' },
  ]);
  await league.deps.store.updateRound('bench', { questionCount: 1 });
  return { league, sent };
}
