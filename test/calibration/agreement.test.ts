import { describe, expect, it } from 'vitest';
import type { CalibrationLabel } from '../../src/core/judging/calibration';
import type { Verdict } from '../../src/core/judging/verdict';
import { cohensKappa, type LabelledPair, measureAgreement, overrideOffers } from '../../src/core/scoring/agreement';

const JUDGE_SCORE = { candidate: 1, tie: 0.5, reference: 0 } as const;
const JUDGE_VERDICT = { candidate: 'A>B', tie: 'A=B', reference: 'B>A' } as const;

let clock = 0;
const label = (labellerId: string, verdict: Verdict | null): CalibrationLabel => ({
  submissionId: 's',
  questionId: 'q',
  labellerId,
  verdict,
  at: new Date(Date.UTC(2026, 11, 1, 0, 0, clock++)).toISOString(),
});

const pair = (id: string, judge: keyof typeof JUDGE_SCORE, labels: CalibrationLabel[]): LabelledPair => ({
  submissionId: `s-${id}`,
  questionId: `q-${id}`,
  judgeScore: JUDGE_SCORE[judge],
  judgeVerdicts: [JUDGE_VERDICT[judge], JUDGE_VERDICT[judge]],
  labels: labels.map((l) => ({ ...l, submissionId: `s-${id}`, questionId: `q-${id}` })),
});

describe("Cohen's kappa", () => {
  it('matches the hand computation: observed 0.8, chance 0.42, kappa 0.38/0.58', () => {
    const ratings: [string, string, number][] = [
      ['candidate', 'candidate', 4],
      ['reference', 'reference', 3],
      ['tie', 'tie', 1],
      ['candidate', 'reference', 1],
      ['reference', 'candidate', 1],
    ];
    const pairs = ratings.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as const));
    expect(cohensKappa(pairs as never)).toBeCloseTo(0.38 / 0.58, 10);
  });

  it('is 0 when agreement is what chance gives, and undefined when everyone uses one category', () => {
    // Marginals 1/2 and 1/2 on both sides, observed agreement 1/2: chance exactly.
    expect(
      cohensKappa([
        ['candidate', 'candidate'],
        ['candidate', 'reference'],
        ['reference', 'candidate'],
        ['reference', 'reference'],
      ]),
    ).toBeCloseTo(0, 10);
    expect(cohensKappa([['tie', 'tie']])).toBeNull();
    expect(cohensKappa([])).toBeNull();
  });
});

describe('measureAgreement', () => {
  // The kappa example above as labelled pairs, one person's verdict each.
  const tenPairs = [
    ...Array.from({ length: 4 }, (_, i) => pair(`cc${i}`, 'candidate', [label('ann', 'A>B')])),
    ...Array.from({ length: 3 }, (_, i) => pair(`rr${i}`, 'reference', [label('ann', 'B>>A')])),
    pair('tt', 'tie', [label('ann', 'A=B')]),
    pair('cr', 'candidate', [label('ann', 'B>A')]),
    pair('rc', 'reference', [label('ann', 'A>B')]),
  ];

  it('counts side agreement, exact agreement and kappa as computed by hand', () => {
    const a = measureAgreement(tenPairs);
    expect(a.pairs).toBe(10);
    expect(a.labels).toBe(10);
    expect(a.side).toMatchObject({ n: 10, value: 0.8 });
    expect(a.kappa.value).toBeCloseTo(0.38 / 0.58, 10);
    // Exact: the judge said A>B / B>A / A=B; ann matched the level on cc×4 and tt only (B>>A is not B>A).
    expect(a.exact).toMatchObject({ n: 10, value: 0.5 });
    expect(a.humanSide).toMatchObject({ n: 0, value: null, interval: null });
  });

  it('gives bootstrap intervals around the figures, reproducibly', () => {
    const a = measureAgreement(tenPairs);
    expect(a.side.interval!.low).toBeLessThanOrEqual(0.8);
    expect(a.side.interval!.high).toBeGreaterThanOrEqual(0.8);
    expect(a.side.interval!.low).toBeGreaterThanOrEqual(0.4);
    expect(a.side.interval!.high).toBeLessThanOrEqual(1);
    expect(a.kappa.interval!.low).toBeLessThan(a.kappa.value!);
    expect(measureAgreement(tenPairs)).toEqual(a);
  });

  it('measures people against each other on the pairs two of them labelled', () => {
    const a = measureAgreement([
      pair('1', 'candidate', [label('ann', 'A>B'), label('bo', 'A>>B')]),
      pair('2', 'candidate', [label('ann', 'A>B'), label('bo', 'B>A')]),
      pair('3', 'reference', [label('ann', 'B>A'), label('bo', 'B>A'), label('cy', null)]),
      pair('4', 'tie', [label('ann', 'A=B'), label('bo', 'A=B')]),
    ]);
    // (ann, bo) per pair: c/c, c/r, r/r, t/t -> 3 of 4 the same side.
    expect(a.humanSide).toMatchObject({ n: 4, value: 0.75 });
    // ann: c,c,r,t; bo: c,r,r,t. Observed 3/4; chance .5*.25 + .25*.5 + .25*.25 = 0.3125.
    expect(a.humanKappa.value).toBeCloseTo((0.75 - 0.3125) / (1 - 0.3125), 10);
    expect(a.cantTell).toBe(1);
    expect(a.labels).toBe(8);
  });

  it('leaves "can\'t tell" out of every figure', () => {
    const a = measureAgreement([pair('1', 'candidate', [label('ann', null)])]);
    expect(a).toMatchObject({ pairs: 1, labels: 0, cantTell: 1, side: { n: 0, value: null } });
  });
});

describe('overrideOffers', () => {
  it("offers the people's verdict when two of them agree on a side against the judge", () => {
    const offers = overrideOffers([
      pair('1', 'reference', [label('ann', 'A>B'), label('bo', 'A>>B'), label('cy', 'A>B')]),
      // One person against the judge is not enough.
      pair('2', 'reference', [label('ann', 'A>B'), label('bo', 'B>A')]),
      // Two people with the judge: nothing to offer.
      pair('3', 'candidate', [label('ann', 'A>B'), label('bo', 'A>B')]),
    ]);
    expect(offers).toEqual([
      {
        submissionId: 's-1',
        questionId: 'q-1',
        judgeSide: 'reference',
        peopleSide: 'candidate',
        verdict: 'A>B',
        labellers: 3,
      },
    ]);
  });

  it('counts each person once (their latest verdict) and takes the milder level on an even split', () => {
    const offers = overrideOffers([
      // ann first said B>A, then changed her mind; bo and ann split A>B / A>>B.
      pair('1', 'tie', [label('ann', 'B>A'), label('bo', 'A>>B'), label('ann', 'A>B')]),
      // ann twice is one person.
      pair('2', 'tie', [label('ann', 'A>B'), label('ann', 'A>B')]),
      // People split two against two: they do not agree among themselves.
      pair('3', 'tie', [label('a', 'A>B'), label('b', 'A>B'), label('c', 'B>A'), label('d', 'B>A')]),
    ]);
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ questionId: 'q-1', peopleSide: 'candidate', verdict: 'A>B', labellers: 2 });
  });
});
