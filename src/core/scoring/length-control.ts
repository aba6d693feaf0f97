/**
 * Length-controlled win rate, after AlpacaEval 2: how often the candidate would win if its answers
 * were as long as the reference's.
 *
 * Model: the question score y (in [0, 1]) = a_s + b·x, with x = tanh(d / 500), d = candidate chars −
 * reference chars. Each submission s has its own intercept a_s (its skill); the slope b (the judge's
 * taste for length) is one number shared by the round's submissions, estimated from how score moves
 * with length inside each submission (the pooled within-submission least-squares slope). The LC win
 * rate is the fit at d = 0: a_s = mean y − b · mean x, clamped to [0, 1].
 *
 * Why shared: a submission that pads every answer alike shows no length variation of its own, so its
 * own fit cannot tell padding from skill; the round's other submissions can, and their slope is what
 * its padding is corrected by. The fixed scale (not each submission's spread) keeps x the same unit
 * across submissions; tanh bounds it so a reading at d = 0 never extrapolates far. Each submission
 * keeps five sums, so the round's slope needs no other submission's judgments.
 */

export interface LengthPoint {
  /** The question's score in [0, 1]. */
  score: number;
  candidateChars: number;
  referenceChars: number;
}

/** The sums one submission contributes to the round's length slope (x and y as above). */
export interface LengthStats {
  questions: number;
  sumX: number;
  sumY: number;
  sumXX: number;
  sumXY: number;
}

/** A length difference of this many characters gives x = tanh(1) ≈ 0.76. */
export const LENGTH_SCALE_CHARS = 500;
/**
 * The slope starts from "length does not matter" with the weight of one question a whole unit of x
 * away from its submission's mean: a round's first, small submissions cannot swing it far.
 */
const SLOPE_PRIOR_WEIGHT = 1;
/** Raw and length-controlled rates further apart than this (10 points) are flagged. */
export const LENGTH_GAP_THRESHOLD = 0.1;

/** The feature x of one question: its length difference, scaled and bounded to (−1, 1). */
export const lengthFeature = (p: Pick<LengthPoint, 'candidateChars' | 'referenceChars'>): number =>
  Math.tanh((p.candidateChars - p.referenceChars) / LENGTH_SCALE_CHARS);

export function lengthStats(points: readonly LengthPoint[]): LengthStats {
  const stats: LengthStats = { questions: 0, sumX: 0, sumY: 0, sumXX: 0, sumXY: 0 };
  for (const p of points) {
    const x = lengthFeature(p);
    const y = Math.min(1, Math.max(0, p.score));
    stats.questions++;
    stats.sumX += x;
    stats.sumY += y;
    stats.sumXX += x * x;
    stats.sumXY += x * y;
  }
  return stats;
}

/**
 * The round's length slope: Σ_s Sxy_s / (Σ_s Sxx_s + prior), where Sxx_s and Sxy_s are submission s's
 * sums of squares and products about its own means (so differences in skill between submissions do
 * not pass for an effect of length).
 */
export function sharedLengthSlope(submissions: readonly LengthStats[]): number {
  let sxx = 0;
  let sxy = 0;
  for (const s of submissions) {
    if (!s.questions) continue;
    sxx += Math.max(0, s.sumXX - (s.sumX * s.sumX) / s.questions);
    sxy += s.sumXY - (s.sumX * s.sumY) / s.questions;
  }
  return sxy / (sxx + SLOPE_PRIOR_WEIGHT);
}

/** The submission's rate at equal length under the round's slope; 0 with no question judged. */
export function lengthControlledRate(own: LengthStats, slope: number): number {
  if (!own.questions) return 0;
  const rate = (own.sumY - slope * own.sumX) / own.questions;
  return Math.min(1, Math.max(0, rate));
}

/** True when the raw and length-controlled win rates differ by more than 10 points. */
export const lengthGapFlag = (raw: number, lengthControlled: number): boolean =>
  Math.abs(raw - lengthControlled) > LENGTH_GAP_THRESHOLD;

/**
 * A candidate this many characters longer than the reference on the median question pads its answers
 * uniformly. The round's slope corrects such padding once other submissions show the judge's taste
 * for length; until then (a round's first submission) it is flagged on its own.
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
