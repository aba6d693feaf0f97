/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Warm latency of one request kind: `prepare` builds request i outside the clock (signing is the
 * platform's work, not ours), `handle` runs it and throws if it was not handled as it should be.
 * The first `warmup` requests are not counted.
 */
export async function warmLatency<T>(prepare: (i: number) => T, handle: (request: T, i: number) => Promise<void>, { iterations = 240, warmup = 20 } = {}): Promise<{ p50: number; p99: number }> {
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
