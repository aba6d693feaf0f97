import { describe, expect, it } from 'vitest';
import { bootstrapInterval, quantile, seededRandom } from '../../src/core/scoring';

const halfWidth = (ci: { low: number; high: number }) => (ci.high - ci.low) / 2;

describe('quantile', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantile([0, 1, 2, 3], 0.5)).toBe(1.5);
    expect(quantile([0, 1, 2, 3], 0)).toBe(0);
    expect(quantile([0, 1, 2, 3], 1)).toBe(3);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
  });
});

describe('bootstrapInterval', () => {
  it('is reproducible with a fixed seed', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? 0 : i % 3 === 1 ? 0.5 : 1));
    expect(bootstrapInterval(values, { seed: 42 })).toEqual(bootstrapInterval(values, { seed: 42 }));
  });

  it('never uses fewer than 1000 resamples (a smaller request gives the 1000-resample interval)', () => {
    // Continuous scores, so the interval's ends move with the number of resamples.
    const random = seededRandom(4);
    const values = Array.from({ length: 30 }, () => random());
    expect(bootstrapInterval(values, { seed: 3, resamples: 10 })).toEqual(
      bootstrapInterval(values, { seed: 3, resamples: 1000 }),
    );
    expect(bootstrapInterval(values, { seed: 3, resamples: 5000 })).not.toEqual(
      bootstrapInterval(values, { seed: 3, resamples: 1000 }),
    );
  });

  it('matches hand-computed cases: constant scores give a point, two questions span [0, 1]', () => {
    expect(bootstrapInterval([1, 1, 1, 1], { seed: 1 })).toEqual({ low: 1, high: 1 });
    expect(bootstrapInterval([0.5], { seed: 1 })).toEqual({ low: 0.5, high: 0.5 });
    // Resample means of [0, 1] are 0, 0.5 and 1 with probabilities 1/4, 1/2, 1/4: both tails sit at the ends.
    expect(bootstrapInterval([0, 1], { seed: 1 })).toEqual({ low: 0, high: 1 });
    expect(bootstrapInterval([], { seed: 1 })).toEqual({ low: 0, high: 0 });
  });

  it('has the binomial half-width at 50%: about ±11 points with 80 questions and ±6.9 with 200', () => {
    for (const [n, expected] of [
      [80, 1.96 * Math.sqrt(0.25 / 80)],
      [200, 1.96 * Math.sqrt(0.25 / 200)],
    ] as const) {
      const values = Array.from({ length: n }, (_, i) => i % 2);
      const ci = bootstrapInterval(values, { seed: 11, resamples: 4000 });
      expect(halfWidth(ci)).toBeGreaterThan(expected * 0.85);
      expect(halfWidth(ci)).toBeLessThan(expected * 1.15);
      expect(ci.low).toBeLessThan(0.5);
      expect(ci.high).toBeGreaterThan(0.5);
    }
  });

  it('narrows as questions are added and always contains the mean', () => {
    const random = seededRandom(99);
    const values: number[] = Array.from({ length: 400 }, () => (random() < 0.6 ? 1 : random() < 0.5 ? 0.5 : 0));
    const small = bootstrapInterval(values.slice(0, 40), { seed: 5 });
    const large = bootstrapInterval(values, { seed: 5 });
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(halfWidth(large)).toBeLessThan(halfWidth(small));
    expect(large.low).toBeLessThanOrEqual(mean);
    expect(large.high).toBeGreaterThanOrEqual(mean);
  });
});
