import { describe, expect, it } from 'vitest';
import { ACTIONS, commandFromAction, parseCommand } from '../../src/core/commands';
import {
  type CalibrationCandidate,
  candidateOf,
  candidateVerdict,
  drawPairs,
  judgmentVerdict,
} from '../../src/core/judging/calibration';
import type { Judgment } from '../../src/core/model';

const candidate = (id: string, over: Partial<CalibrationCandidate> = {}): CalibrationCandidate => ({
  roundId: 'r',
  submissionId: `s-${id}`,
  questionId: `q-${id}`,
  ownerId: 'owner',
  split: 'public',
  judgeScore: 1,
  consistent: true,
  ...over,
});

const draw = (cands: CalibrationCandidate[], over: Partial<Parameters<typeof drawPairs>[1]> = {}) =>
  drawPairs(cands, { labellerId: 'me', scope: 'any', labels: [], count: 100, seed: 1, ...over });

describe('drawPairs', () => {
  it("never draws the labeller's own submission or a pair they labelled already", () => {
    const pairs = draw([candidate('mine', { ownerId: 'me' }), candidate('done'), candidate('open')], {
      labels: [{ submissionId: 's-done', questionId: 'q-done', labellerId: 'me' }],
    });
    expect(pairs.map((p) => p.questionId)).toEqual(['q-open']);
  });

  it('gives members public questions only; organizers and experts any', () => {
    const cands = [
      candidate('pub'),
      candidate('priv', { split: 'private' }),
      candidate('unsplit', { split: undefined }),
    ];
    expect(
      draw(cands, { scope: 'public' })
        .map((p) => p.questionId)
        .sort(),
    ).toEqual(['q-pub', 'q-unsplit']);
    expect(draw(cands, { scope: 'any' })).toHaveLength(3);
  });

  it('asks for pairs short of two labels first, inconsistent judgments and near-ties before clear ones', () => {
    const twice = [
      { submissionId: 's-full', questionId: 'q-full', labellerId: 'a' },
      { submissionId: 's-full', questionId: 'q-full', labellerId: 'b' },
    ];
    const pairs = draw(
      [
        candidate('full', { consistent: false, judgeScore: 0.5 }),
        candidate('clear', { judgeScore: 1 }),
        candidate('near', { judgeScore: 0.75 }),
        candidate('flip', { consistent: false, judgeScore: 1 }),
      ],
      { labels: twice },
    );
    expect(pairs.map((p) => p.questionId)).toEqual(['q-flip', 'q-near', 'q-clear', 'q-full']);
  });

  it("takes turns across the judge's verdicts so every stratum is checked", () => {
    const cands = [
      ...Array.from({ length: 6 }, (_, i) => candidate(`win${i}`, { judgeScore: 1 })),
      candidate('tie', { judgeScore: 0.5 }),
      ...Array.from({ length: 2 }, (_, i) => candidate(`loss${i}`, { judgeScore: 0 })),
    ];
    const sides = draw(cands, { count: 3 }).map((p) => p.judgeScore);
    expect(sides.sort()).toEqual([0, 0.5, 1]);
  });

  it('shows the answers in random order, both ways across draws, and the same for the same seed', () => {
    const cands = Array.from({ length: 40 }, (_, i) => candidate(String(i)));
    const shown = draw(cands).map((p) => p.candidateShownAs);
    expect(new Set(shown)).toEqual(new Set(['A', 'B']));
    expect(draw(cands).map((p) => p.candidateShownAs)).toEqual(shown);
    expect(draw(cands, { count: 5 })).toHaveLength(5);
  });
});

describe('verdicts with the member as A', () => {
  it('reads a verdict given on the shown order, and a judgment of either order', () => {
    expect(candidateVerdict('A>>B', 'A')).toBe('A>>B');
    expect(candidateVerdict('A>>B', 'B')).toBe('B>>A');
    expect(candidateVerdict('A=B', 'B')).toBe('A=B');
    expect(judgmentVerdict({ verdict: 'B>A', score: 0, order: 'candidate-first' })).toBe('B>A');
    expect(judgmentVerdict({ verdict: 'B>A', score: 1, order: 'candidate-second' })).toBe('A>B');
    expect(judgmentVerdict({ verdict: null, score: null, order: 'candidate-second' })).toBeNull();
    // An organizer override does not hide what the judge itself said.
    const overridden = {
      verdict: 'A>B',
      score: 1,
      order: 'candidate-first',
      judged: { verdict: 'B>A', score: 0 },
    } as const;
    expect(judgmentVerdict(overridden)).toBe('B>A');
  });

  it('builds a candidate from judgments: mean score, consistency, unreadable ones left out', () => {
    const j = (order: Judgment['order'], score: Judgment['score']) => ({ order, score }) as Judgment;
    const base = { roundId: 'r', submissionId: 's', questionId: 'q', ownerId: 'o' };
    expect(candidateOf(base, [j('candidate-first', 1), j('candidate-second', 0)])).toMatchObject({
      judgeScore: 0.5,
      consistent: false,
    });
    expect(candidateOf(base, [j('candidate-first', 1), j('candidate-second', null)])).toMatchObject({
      judgeScore: 1,
      consistent: true,
    });
    expect(candidateOf(base, [j('candidate-first', null)])).toBeNull();
    const overridden = { ...j('candidate-first', 1), judged: { verdict: 'B>A', score: 0 } } as Judgment;
    expect(candidateOf(base, [overridden])).toMatchObject({ judgeScore: 0 });
  });
});

describe('calibration buttons', () => {
  it('read the same as typed commands, as the playground sends them', () => {
    const typed = (action: string, value: string) => parseCommand(`${action.replace(/-/g, ' ')} ${value}`);
    for (const [action, value] of [
      [ACTIONS.calibrateLabel, 'cal1 B>>A'],
      [ACTIONS.calibrateLabel, 'cal1 unsure'],
      [ACTIONS.calibrationOverride, 's1 q1 A>B'],
    ] as const) {
      expect(commandFromAction(action, value)).toEqual(typed(action, value));
    }
    expect(commandFromAction(ACTIONS.calibrateLabel, 'cal1 unsure')).toEqual({
      kind: 'calibrate-label',
      pairId: 'cal1',
      verdict: null,
    });
    expect(commandFromAction(ACTIONS.calibrationOverride, 's1 q1 A>B')).toEqual({
      kind: 'override',
      submissionId: 's1',
      questionId: 'q1',
      verdict: 'A>B',
      source: 'calibration',
    });
    expect(() => parseCommand('calibrate label cal1 maybe')).toThrow(/Unknown verdict/);
    expect(parseCommand('calibrate pair demo')).toEqual({ kind: 'calibrate', round: 'demo' });
  });
});
