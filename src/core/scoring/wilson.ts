import type { Interval } from './bootstrap';

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval of a proportion, here the summed question scores out of the questions
 * judged (a tie counts half). Unlike a bootstrap it does not collapse at 0% or 100%: 44 questions
 * all won read [92–100], one question won reads [21–100].
 */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  if (!(n > 0)) return { low: 0, high: 1 };
  const p = Math.min(1, Math.max(0, successes / n));
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Never narrower than Wilson: the union of the bootstrap interval and the Wilson interval. */
export const honestInterval = (bootstrap: Interval, wilson: Interval): Interval => ({
  low: Math.min(bootstrap.low, wilson.low),
  high: Math.max(bootstrap.high, wilson.high),
});
