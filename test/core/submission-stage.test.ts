import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, failureStageFor, isFinal, STAGES } from '../../src/core/submission-stage';

describe('submission stage machine', () => {
  it('allows the happy path in order', () => {
    const path = ['RECEIVED', 'VALIDATING', 'VALIDATED', 'TRAINING', 'TRAINED', 'EVALUATING', 'SCORED'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('refuses skipping stages, going back, and leaving a final stage', () => {
    expect(canTransition('RECEIVED', 'TRAINING')).toBe(false);
    expect(canTransition('TRAINED', 'VALIDATING')).toBe(false);
    expect(canTransition('SCORED', 'EVALUATING')).toBe(false);
    expect(() => assertTransition('VALIDATED', 'SCORED')).toThrow(/cannot go from VALIDATED to SCORED/);
  });

  it('cancels from any non-final stage only', () => {
    for (const s of STAGES) expect(canTransition(s, 'CANCELLED')).toBe(!isFinal(s));
  });

  it('names a reachable failed stage for every non-final stage', () => {
    for (const s of STAGES.filter((x) => !isFinal(x) && x !== 'CANCELLED')) {
      const failed = failureStageFor(s)!;
      expect(isFinal(failed)).toBe(true);
      expect(canTransition(s, failed)).toBe(true);
    }
    expect(failureStageFor('SCORED')).toBeUndefined();
  });
});
