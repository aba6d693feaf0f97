import { seededRandom } from './rng';

/** Percentile 95% interval of the mean, resampling questions (not judgments) with a fixed seed. */
export function bootstrapInterval(values: number[], options: { seed: number; resamples?: number }): { low: number; high: number } {
  const n = values.length;
  if (n === 0) return { low: 0, high: 0 };
  const resamples = Math.max(1000, options.resamples ?? 2000);
  const random = seededRandom(options.seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return { low: at(0.025), high: at(0.975) };
}
