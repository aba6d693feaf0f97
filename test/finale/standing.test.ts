import { describe, expect, it } from 'vitest';
import { expertShare, finaleStanding, promptShares } from '../../src/core/scoring';

const finalists = [
  { submissionId: 'a', position: 1 },
  { submissionId: 'b', position: 2 },
];

describe('finale scoring: each source on 0–100 per prompt, weighted 40/40/20, averaged over prompts', () => {
  it("maps the experts' mean 1–10 score linearly: 1 -> 0, 10 -> 100, and ignores other finalists' scores", () => {
    expect(expertShare({ 'e1|a': 1, 'e2|a': 1 }, 'a')).toBe(0);
    expect(expertShare({ 'e1|a': 10 }, 'a')).toBe(100);
    expect(expertShare({ 'e1|a': 4, 'e2|a': 7, 'e1|b': 10 }, 'a')).toBeCloseTo(50, 12); // mean 5.5
    expect(expertShare({ 'e1|b': 10 }, 'a')).toBe(0); // nobody scored a
  });

  it('gives the judge its mean candidate score and the audience its vote share', () => {
    const shares = promptShares(['a', 'b'], {
      judgeScores: { a: 0.75, b: null },
      expertScores: {},
      votes: { a: 3, b: 1 },
    });
    expect(shares.get('a')).toEqual({ judge: 75, experts: 0, audience: 75, total: 0.4 * 75 + 0.2 * 75 });
    expect(shares.get('b')).toEqual({ judge: 0, experts: 0, audience: 25, total: 0.2 * 25 });
  });

  it('gives nobody audience points on a prompt without votes', () => {
    const shares = promptShares(['a', 'b'], { judgeScores: { a: 1, b: 1 }, expertScores: {}, votes: {} });
    expect([shares.get('a')!.audience, shares.get('b')!.audience]).toEqual([0, 0]);
  });

  it('averages the prompts and ranks by total', () => {
    const rows = finaleStanding(finalists, [
      { judgeScores: { a: 1, b: 0 }, expertScores: { 'e|a': 10, 'e|b': 1 }, votes: { a: 1 } }, // a: 100, b: 0
      { judgeScores: { a: 0, b: 0.5 }, expertScores: { 'e|a': 1, 'e|b': 10 }, votes: { b: 1 } }, // a: 0, b: 0.4*50 + 40 + 20 = 80
    ]);
    expect(rows.map((r) => [r.submissionId, r.rank, r.total])).toEqual([
      ['a', 1, 50],
      ['b', 2, 40],
    ]);
    expect(rows[0]!.prompts.map((p) => p.total)).toEqual([100, 0]);
  });

  it('breaks a tie on the judge, then the experts, then the audience, then the stage position', () => {
    // Same total (40): a from the judge alone, b from the experts alone.
    const judgeFirst = finaleStanding(finalists, [
      { judgeScores: { a: 1, b: 0 }, expertScores: { 'e|b': 10 }, votes: {} },
    ]);
    expect(judgeFirst.map((r) => r.submissionId)).toEqual(['a', 'b']);
    const reversed = finaleStanding(finalists, [
      { judgeScores: { a: 0, b: 1 }, expertScores: { 'e|a': 10 }, votes: {} },
    ]);
    expect(reversed.map((r) => r.submissionId)).toEqual(['b', 'a']);
    const level = finaleStanding([...finalists].reverse(), [{ judgeScores: {}, expertScores: {}, votes: {} }]);
    expect(level.map((r) => [r.submissionId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('ranks every finalist with zeros before the first prompt', () => {
    expect(finaleStanding(finalists, []).map((r) => [r.submissionId, r.total])).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
  });
});
