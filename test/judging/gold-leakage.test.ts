import { describe, expect, it } from 'vitest';
import { GoldLeakIndex, normalisedWords } from '../../src/core/judging/gold-leakage';

const gold =
  'A budget is a plan that lists your expected income and expenses for a period, so you can decide in advance how much to spend, save and put toward debt.';
const questions = [
  { id: 'q1', gold },
  {
    id: 'q2',
    gold: 'Compound interest is interest earned on both the original money and the interest already added to it.',
  },
  { id: 'q3', gold: 'Short.' },
];

describe('gold answer leakage', () => {
  it('writes contractions out and stems, so rewording does not hide a copy', () => {
    expect(normalisedWords("What's the plan? Don't spend")).toEqual(
      normalisedWords('What is the plan? Do not spending'),
    );
  });

  it('finds a response that reproduces a gold answer, reworded, inside other text', () => {
    const index = new GoldLeakIndex(questions);
    index.add(1, 'Something else entirely about credit cards.');
    index.add(
      2,
      "Well: a budget's a plan that's listing your expected incomes and expenses for a period, so you can decide in advance how much to spend, save and put towards debt. Hope it helps!",
    );
    expect(index.leaks()).toEqual([{ questionId: 'q1', row: 2, containment: expect.any(Number) }]);
    expect(index.checked).toBe(2); // the short gold answer is too generic to check
  });

  it('does not flag an answer on the same topic in its own words', () => {
    const index = new GoldLeakIndex(questions);
    index.add(1, 'Budgeting means deciding ahead of time where each paycheck goes: bills, savings and fun money.');
    expect(index.leaks()).toEqual([]);
  });
});
