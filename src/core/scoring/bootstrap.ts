import { seededRandom } from './rng';

/** The protocol's floor on resamples; fewer make the interval's ends jitter from seed to seed. */
const MIN_RESAMPLES = 1000;
const DEFAULT_RESAMPLES = 2000;
/** Fixed, so the same judgments always give the same interval. */
const DEFAULT_BOOTSTRAP_SEED = 20_240_601;

export interface Interval {
  low: number;
  high: number;
}

/** Linear-interpolation quantile of sorted values (the usual "type 7" definition). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (!n) return 0;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile 95% interval of the mean of per-question scores. Questions, not judgments, are
 * resampled: the judgments of one question are not independent evidence. At least 1,000 resamples
 * (fewer requested are raised to 1,000); a fixed seed makes the interval reproducible.
 */
export function bootstrapInterval(
  values: readonly number[],
  options: { seed?: number; resamples?: number } = {},
): Interval {
  const n = values.length;
  if (n === 0) return { low: 0, high: 0 };
  const resamples = Math.max(MIN_RESAMPLES, Math.floor(options.resamples ?? DEFAULT_RESAMPLES));
  const random = seededRandom(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.min(n - 1, Math.floor(random() * n))]!;
    means[r] = sum / n;
  }
  means.sort();
  return { low: quantile(means, 0.025), high: quantile(means, 0.975) };
}
