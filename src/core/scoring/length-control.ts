/**
 * Length-controlled win rate: a logistic regression of the question score (a fraction in [0,1]) on
 * the length difference, standardised (candidate chars − reference chars, divided by its standard
 * deviation), read off at a difference of 0. A gap above 10 points to the raw rate is flagged.
 */
export function lengthControlledRate(points: { score: number; candidateChars: number; referenceChars: number }[]): number {
  if (!points.length) return 0;
  const diffs = points.map((p) => p.candidateChars - p.referenceChars);
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const sd = Math.sqrt(diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / diffs.length) || 1;
  const x = diffs.map((d) => d / sd);
  const y = points.map((p) => Math.min(0.999, Math.max(0.001, p.score)));
  let b0 = 0;
  let b1 = 0;
  // Newton's method on the mean log-loss, with a small ridge term so separable data stays finite.
  for (let iter = 0; iter < 50; iter++) {
    let g0 = 0, g1 = 0, h00 = 1e-3, h01 = 0, h11 = 1e-3;
    for (let i = 0; i < x.length; i++) {
      const p = 1 / (1 + Math.exp(-(b0 + b1 * x[i]!)));
      const w = p * (1 - p);
      g0 += p - y[i]!;
      g1 += (p - y[i]!) * x[i]!;
      h00 += w; h01 += w * x[i]!; h11 += w * x[i]! * x[i]!;
    }
    g1 += 1e-3 * b1;
    const det = h00 * h11 - h01 * h01;
    if (Math.abs(det) < 1e-12) break;
    const d0 = (h11 * g0 - h01 * g1) / det;
    const d1 = (h00 * g1 - h01 * g0) / det;
    b0 -= d0; b1 -= d1;
    if (Math.abs(d0) + Math.abs(d1) < 1e-9) break;
  }
  return 1 / (1 + Math.exp(-b0));
}

export const LENGTH_GAP_THRESHOLD = 0.1;
