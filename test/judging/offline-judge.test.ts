import { describe, expect, it } from 'vitest';
import { createOfflineJudge, orderedOverlap, verdictFromMargin } from '../../src/adapters/local/offline-judge';
import { buildJudgeRequest, overlapF1, parseVerdict } from '../../src/core/judging';
import { CASES } from './fixtures';

const { question, reference, goodAnswer } = CASES[0]!;
const request = (answerA: string, answerB: string, gold: string | null = question.gold!) =>
  buildJudgeRequest({
    question: question.question,
    gold: gold ?? undefined,
    answerA,
    answerB,
    delimiter: '<<<answer-x>>>',
    maxTokens: 200,
  });

describe('overlapF1', () => {
  it('is 1 for the same content words, 0 for none, and ignores stop words and case', () => {
    expect(overlapF1('The credit score', 'credit SCORES')).toBe(1);
    expect(overlapF1('Bananas are yellow', 'credit score')).toBe(0);
    expect(overlapF1('', 'credit score')).toBe(0);
  });

  it('matches the hand-computed F1: 2 shared of 4 answer words and 2 target words', () => {
    // precision 2/4, recall 2/2, F1 = 2·0.5·1 / 1.5
    expect(overlapF1('credit score banana apple', 'credit score')).toBeCloseTo(2 / 3, 12);
  });

  it('does not reward length: padding or repeating an answer lowers its score', () => {
    const base = overlapF1(goodAnswer, question.gold!);
    expect(
      overlapF1(
        `${goodAnswer} ${'Many other considerations also apply in various situations. '.repeat(10)}`,
        question.gold!,
      ),
    ).toBeLessThan(base);
    expect(overlapF1(`${goodAnswer} `.repeat(5), question.gold!)).toBeLessThan(base);
  });
});

describe('orderedOverlap', () => {
  const gold = question.gold!;
  const ask = question.question;

  it('gives an echo of the question nothing', () => {
    expect(orderedOverlap(ask, gold, ask)).toBe(0);
    expect(orderedOverlap(`${ask} ${ask}`, gold, ask)).toBe(0);
  });

  it('gives the gold answer itself full marks and a good answer a good share', () => {
    expect(orderedOverlap(gold, gold, ask)).toBeCloseTo(1, 12);
    expect(orderedOverlap(goodAnswer, gold, ask)).toBeGreaterThan(0.3);
  });

  it('gives shuffled words of the gold answer little', () => {
    const words = gold.split(/\s+/);
    const shuffled = words.map((_, i) => words[(i * 7 + 3) % words.length]!).join(' ');
    expect(new Set(shuffled.split(' ')).size).toBe(new Set(words).size);
    expect(orderedOverlap(shuffled, gold, ask)).toBeLessThan(0.3 * orderedOverlap(gold, gold, ask));
  });

  it('gives a constant keyword answer and a stray shared word nothing', () => {
    const keywords = 'Budget, savings, interest, credit, debt, income, spending and investing matter for your money.';
    expect(orderedOverlap(keywords, gold, ask)).toBe(0);
    expect(orderedOverlap('Lenders.', gold, ask)).toBe(0);
  });

  it('costs padding: the same answer with 1,000 characters of filler scores less', () => {
    const filler = ' It is worth keeping in mind that circumstances differ and guidance should be adapted.'.repeat(12);
    expect(orderedOverlap(goodAnswer + filler, gold, ask)).toBeLessThan(orderedOverlap(goodAnswer, gold, ask));
  });
});

describe('verdictFromMargin', () => {
  it('maps F1 margins onto the five levels', () => {
    expect([0.5, 0.1, 0.04, -0.04, -0.1, -0.5].map(verdictFromMargin)).toEqual([
      'A>>B',
      'A>B',
      'A=B',
      'A=B',
      'B>A',
      'B>>A',
    ]);
  });
});

describe('createOfflineJudge', () => {
  const judge = createOfflineJudge();

  it('identifies itself as the offline stand-in', () => {
    expect([judge.modelId, judge.family]).toEqual(['offline-judge', 'offline']);
  });

  it('prefers the answer closer to the gold answer in either position, with a one-sentence rationale', async () => {
    const ab = await judge.judge(request(goodAnswer, 'Ask your bank.'));
    const ba = await judge.judge(request('Ask your bank.', goodAnswer));
    expect(parseVerdict(ab.text)).toBe('A>>B');
    expect(parseVerdict(ba.text)).toBe('B>>A');
    expect(ab.text.split('\n')[0]).toMatch(
      /^Ordered overlap with what the gold answer adds to the question: A \d\.\d\d, B \d\.\d\d, so .+\.$/,
    );
    expect(ab.inputTokens).toBeGreaterThan(0);
    expect(ab.outputTokens).toBeGreaterThan(0);
  });

  it('calls identical answers a tie', async () => {
    expect(parseVerdict((await judge.judge(request(reference, reference))).text)).toBe('A=B');
  });

  it('does not favour a padded answer over the same answer unpadded', async () => {
    const padded = `${goodAnswer}\n${'Additionally, consider many further general aspects and circumstances. '.repeat(8)}`;
    expect(parseVerdict((await judge.judge(request(goodAnswer, padded))).text)).toMatch(/^A>/);
  });

  it('grades against the question when there is no gold answer', async () => {
    const r = await judge.judge(request('A credit score matters to lenders.', 'Bananas are yellow.', null));
    expect(r.text).toContain('with the question');
    expect(parseVerdict(r.text)).toMatch(/^A>/);
  });

  it('is deterministic', async () => {
    const req = request(goodAnswer, reference);
    expect(await judge.judge(req)).toEqual(await judge.judge(req));
  });
});
