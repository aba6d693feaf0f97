import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/scoring';

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 5 }, r);
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const r = seededRandom(123);
    const xs = Array.from({ length: 20_000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const lowQuarter = xs.filter((x) => x < 0.25).length / xs.length;
    expect(Math.abs(lowQuarter - 0.25)).toBeLessThan(0.015);
  });
});
