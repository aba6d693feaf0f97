/**
 * Length-controlled win rate, after AlpacaEval 2: how often the candidate would win if its answers
 * were as long as the reference's.
 *
 * Model: logistic regression of the question score (a fraction in [0, 1], used as a soft target) on
 * one feature, the normalised length difference x = tanh(d / sd(d)), where d = candidate chars −
 * reference chars and sd is the population standard deviation of d over the questions. Dividing by
 * sd makes the slope comparable across submissions; tanh (as AlpacaEval does) bounds the feature so
 * that reading the fit at d = 0 never extrapolates far. The LC win rate is the fit at x = 0:
 * sigmoid(intercept). A small ridge penalty on the slope keeps it finite when score and length
 * separate perfectly. Newton's method from zero, a fixed number of steps at most: deterministic.
 */

export interface LengthPoint {
  /** The question's score in [0, 1]. */
  score: number;
  candidateChars: number;
  referenceChars: number;
}

/** Raw and length-controlled rates further apart than this (10 points) are flagged. */
export const LENGTH_GAP_THRESHOLD = 0.1;
/** Ridge penalty on the slope (in units of the summed log-loss). */
const DEFAULT_SLOPE_RIDGE = 1;
const MAX_NEWTON_STEPS = 100;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function lengthControlledRate(points: readonly LengthPoint[], options: { ridge?: number } = {}): number {
  const n = points.length;
  if (!n) return 0;
  const y = points.map((p) => Math.min(1, Math.max(0, p.score)));
  const raw = y.reduce((a, b) => a + b, 0) / n;
  // Unanimous scores leave nothing for length to explain.
  if (raw === 0 || raw === 1) return raw;
  const d = points.map((p) => p.candidateChars - p.referenceChars);
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
  // No spread in the length difference: its effect cannot be told apart from the intercept.
  if (!(sd > 1e-9)) return raw;
  const x = d.map((v) => Math.tanh(v / sd));
  const ridge = options.ridge ?? DEFAULT_SLOPE_RIDGE;

  let b0 = 0;
  let b1 = 0;
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    let g0 = 0;
    let g1 = ridge * b1;
    let h00 = 0;
    let h01 = 0;
    let h11 = ridge;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(b0 + b1 * x[i]!);
      const w = p * (1 - p);
      g0 += p - y[i]!;
      g1 += (p - y[i]!) * x[i]!;
      h00 += w;
      h01 += w * x[i]!;
      h11 += w * x[i]! * x[i]!;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 1e-12)) break;
    const step0 = (h11 * g0 - h01 * g1) / det;
    const step1 = (h00 * g1 - h01 * g0) / det;
    b0 -= step0;
    b1 -= step1;
    if (Math.abs(step0) + Math.abs(step1) < 1e-12) break;
  }
  return sigmoid(b0);
}

/** True when the raw and length-controlled win rates differ by more than 10 points. */
export const lengthGapFlag = (raw: number, lengthControlled: number): boolean =>
  Math.abs(raw - lengthControlled) > LENGTH_GAP_THRESHOLD;

/**
 * A candidate this many characters longer than the reference on the median question pads its answers
 * uniformly. A regression on the length difference cannot see such padding (every question moves the
 * same way, so length and skill cannot be told apart), so it is flagged on its own.
 */
export const UNIFORM_PADDING_CHARS = 500;

/** The median of candidate minus reference characters over the questions (0 for none). */
export function medianLengthExcess(points: readonly LengthPoint[]): number {
  if (!points.length) return 0;
  const d = points.map((p) => p.candidateChars - p.referenceChars).sort((a, b) => a - b);
  const mid = d.length >> 1;
  return d.length % 2 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
}

/**
 * The score leans on length: raw and length-controlled rates more than 10 points apart, or answers
 * longer than the reference's by 500 characters or more on the median question while winning.
 */
export const leansOnLength = (raw: number, lengthControlled: number, excessChars: number): boolean =>
  lengthGapFlag(raw, lengthControlled) || (excessChars >= UNIFORM_PADDING_CHARS && raw > 0.5);
