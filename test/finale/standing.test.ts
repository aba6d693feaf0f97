import { describe, expect, it } from 'vitest';
import { expertShares, finaleStanding, promptShares } from '../../src/core/scoring';

const finalists = [
  { submissionId: 'a', position: 1 },
  { submissionId: 'b', position: 2 },
];
const three = [...finalists, { submissionId: 'c', position: 3 }];

describe('finale scoring: each part on 0–100, weighted 40/40/20 over the parts present', () => {
  it("normalises each expert's scores across the finalists that expert scored (min–max to 0–100)", () => {
    const shares = expertShares({ 'e1|a': 4, 'e1|b': 7, 'e1|c': 10, 'e2|a': 2, 'e2|b': 3 });
    // e1: a 0, b 50, c 100 · e2: a 0, b 100
    expect(shares.get('a')).toBe(0);
    expect(shares.get('b')).toBe(75);
    expect(shares.get('c')).toBe(100);
  });

  it("counts a finalist an expert scored alone (or all alike) as the raw score's share of 10", () => {
    expect(expertShares({ 'e1|a': 7 }).get('a')).toBeCloseTo(70, 12);
    const alike = expertShares({ 'e1|a': 6, 'e1|b': 6 });
    expect([alike.get('a'), alike.get('b')]).toEqual([60, 60]);
  });

  it('lets no generous expert who scored only some finalists flip the order', () => {
    // e1 sees both and prefers b (5 vs 6); e2 gives a 10 and never scores b. Raw means would read a 7.5, b 6.
    const shares = expertShares({ 'e1|a': 5, 'e1|b': 6, 'e2|a': 10 });
    expect(shares.get('a')).toBe(50); // (0 + 100) / 2
    expect(shares.get('b')).toBe(100);
    const rows = finaleStanding(finalists, [
      { judgeScores: { a: 0.5, b: 0.5 }, expertScores: { 'e1|a': 5, 'e1|b': 6, 'e2|a': 10 }, votes: {} },
    ]);
    expect(rows.map((r) => r.submissionId)).toEqual(['b', 'a']);
  });

  it("takes an expert's rubric (accuracy, coherence, domain) as the criteria's mean, once all three are in", () => {
    const shares = expertShares({
      'e1|a|accuracy': 9,
      'e1|a|coherence': 6,
      'e1|a|domain': 6, // mean 7
      'e1|b|accuracy': 10, // incomplete: b is not scored by e1 yet
    });
    expect(shares.get('a')).toBeCloseTo(70, 12);
    expect(shares.has('b')).toBe(false);
  });

  it('marks a finalist no expert scored "not scored" and reweights the total over the parts present', () => {
    const shares = promptShares(['a', 'b'], {
      judgeScores: { a: 0.75, b: 0.5 },
      expertScores: { 'e1|a': 1 },
      votes: { a: 1, b: 3 },
    });
    // a: scored 1/10 alone -> 10; b: nobody scored b -> null, not 0.
    expect(shares.get('a')).toMatchObject({ judge: 75, experts: 10, audience: 25, partial: false });
    expect(shares.get('a')!.total).toBeCloseTo(0.4 * 75 + 0.4 * 10 + 0.2 * 25, 12);
    expect(shares.get('b')).toMatchObject({ judge: 50, experts: null, audience: 75, partial: true });
    expect(shares.get('b')!.total).toBeCloseTo((0.4 * 50 + 0.2 * 75) / 0.6, 12);
  });

  it('leaves an unreadable judge part out (null), never 0', () => {
    const rows = finaleStanding(finalists, [
      { judgeScores: { a: null, b: 0 }, expertScores: { 'e|a': 5, 'e|b': 5 }, votes: {} },
    ]);
    const a = rows.find((r) => r.submissionId === 'a')!;
    expect(a).toMatchObject({ judge: null, experts: 50, audience: null, partial: true, total: 50 });
    expect(rows[0]!.submissionId).toBe('a'); // b: judge 0, experts 50 -> (0 + 20) / 0.8 = 25
  });

  it('pools the audience over every prompt: a quiet prompt cannot outweigh a busy one', () => {
    const rows = finaleStanding(finalists, [
      { judgeScores: {}, expertScores: {}, votes: { a: 1 } }, // quiet: a 100%
      { judgeScores: {}, expertScores: {}, votes: { a: 40, b: 60 } }, // busy: b 60%
    ]);
    const byId = Object.fromEntries(rows.map((r) => [r.submissionId, r]));
    expect(byId.b!.audience).toBeCloseTo((60 / 101) * 100, 12);
    expect(byId.a!.audience).toBeCloseTo((41 / 101) * 100, 12);
    expect(rows[0]!.submissionId).toBe('b'); // averaged per prompt, a would read (100 + 40) / 2 = 70
    expect(byId.a!.prompts.map((p) => p.audience)).toEqual([100, 40]);
  });

  it('averages the judge and the experts over the prompts where they scored', () => {
    const rows = finaleStanding(finalists, [
      { judgeScores: { a: 1, b: 0 }, expertScores: { 'e|a': 10, 'e|b': 1 }, votes: { a: 1 } },
      { judgeScores: { a: 0, b: 0.5 }, expertScores: { 'e|a': 1, 'e|b': 10 }, votes: { b: 1 } },
    ]);
    expect(rows.map((r) => [r.submissionId, r.rank, r.judge, r.experts, r.audience])).toEqual([
      ['a', 1, 50, 50, 50],
      ['b', 2, 25, 50, 50],
    ]);
    expect(rows[0]!.total).toBeCloseTo(50, 12);
    expect(rows[1]!.total).toBeCloseTo(40, 12);
    expect(rows[0]!.prompts.map((p) => p.total)).toEqual([100, 0]);
  });

  it('gives exact ties the same rank and says so, without a silent tie-break', () => {
    // Same total (40): a from the judge alone, b from the experts alone.
    const rows = finaleStanding(three, [
      { judgeScores: { a: 1, b: 0, c: 0 }, expertScores: { 'e|a': 1, 'e|b': 10, 'e|c': 1 }, votes: {} },
    ]);
    expect(rows.map((r) => [r.submissionId, r.rank, r.tied])).toEqual([
      ['a', 1, true],
      ['b', 1, true],
      ['c', 3, false],
    ]);
  });

  it('ranks every finalist level, not scored, before the first prompt', () => {
    expect(finaleStanding(finalists, []).map((r) => [r.submissionId, r.total, r.rank, r.tied])).toEqual([
      ['a', null, 1, true],
      ['b', null, 1, true],
    ]);
  });
});
