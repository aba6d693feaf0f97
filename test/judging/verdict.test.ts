import { describe, expect, it } from 'vitest';
import { candidateScore, parseVerdict, rationaleOf, VERDICT_SCALE } from '../../src/core/judging';

describe('parseVerdict', () => {
  it('reads every level of the scale', () => {
    for (const v of VERDICT_SCALE) expect(parseVerdict(`Reasoning.\n[[${v}]]`)).toBe(v);
  });

  it('counts the LAST verdict token', () => {
    expect(parseVerdict('At first sight [[A>B]], but A is wrong about the rate. [[B>>A]]')).toBe('B>>A');
  });

  it('tolerates spacing and case, and reads "<" forms as their mirror image', () => {
    expect(parseVerdict('[[ A > B ]]')).toBe('A>B');
    expect(parseVerdict('[[b>>a]]')).toBe('B>>A');
    expect(parseVerdict('[[A<B]]')).toBe('B>A');
    expect(parseVerdict('[[A<<B]]')).toBe('B>>A');
    expect(parseVerdict('[[B=A]]')).toBe('A=B');
  });

  it('returns null when there is no well-formed token', () => {
    expect(parseVerdict('A is better.')).toBeNull();
    expect(parseVerdict('[A>B]')).toBeNull();
    expect(parseVerdict('[[A>A]]')).toBeNull();
    expect(parseVerdict('[[C>B]]')).toBeNull();
  });

  it('skips a malformed last token in favour of the last well-formed one', () => {
    expect(parseVerdict('[[B>A]] then [[A>A]]')).toBe('B>A');
  });
});

describe('candidateScore', () => {
  it('scores the candidate as A when it goes first and as B when it goes second', () => {
    expect(candidateScore('A>>B', 'candidate-first')).toBe(1);
    expect(candidateScore('A>B', 'candidate-first')).toBe(1);
    expect(candidateScore('B>A', 'candidate-first')).toBe(0);
    expect(candidateScore('A>>B', 'candidate-second')).toBe(0);
    expect(candidateScore('B>A', 'candidate-second')).toBe(1);
    expect(candidateScore('B>>A', 'candidate-second')).toBe(1);
    expect(candidateScore('A=B', 'candidate-first')).toBe(0.5);
    expect(candidateScore('A=B', 'candidate-second')).toBe(0.5);
  });
});

describe('rationaleOf', () => {
  it('keeps the text before the counted token, without a dangling "Final verdict:" label', () => {
    expect(rationaleOf('  B misses the fee.\nFinal verdict: [[A>B]]  ')).toBe('B misses the fee.');
    expect(rationaleOf('Maybe [[A>B]]. No: B is right. [[B>A]]')).toBe('Maybe [[A>B]]. No: B is right.');
  });

  it('caps the rationale at 500 characters', () => {
    const r = rationaleOf(`${'word '.repeat(300)}[[A>B]]`);
    expect(r.length).toBeLessThanOrEqual(500);
    expect(r.endsWith('…')).toBe(true);
  });
});
