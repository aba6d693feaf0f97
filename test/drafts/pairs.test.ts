import { describe, expect, it } from 'vitest';
import { withoutLines } from '../../src/core/services/drafts/omit-lines';
import { draftRequest, leakedRows, parsePairs, toJsonl } from '../../src/core/services/drafts/pairs';

const bytes = async function* (text: string, size: number) {
  const all = new TextEncoder().encode(text);
  for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
};
const collect = async (s: AsyncIterable<Uint8Array>) => {
  let out = '';
  const d = new TextDecoder();
  for await (const c of s) out += d.decode(c, { stream: true });
  return out + d.decode();
};

describe("reading a generator's reply", () => {
  it('takes JSON Lines, and the fences, numbering and trailing commas models add anyway', () => {
    const reply = [
      'Here are your pairs:',
      '```jsonl',
      '1. {"instruction": "What is APR?", "response": "The yearly cost of borrowing."},',
      '- {"question": "What is a budget?", "answer": "A plan for income and spending."}',
      '{"instruction": "", "response": "no instruction"}',
      '{"instruction": "broken", ',
      '```',
    ].join('\n');
    expect(parsePairs(reply)).toEqual([
      { instruction: 'What is APR?', response: 'The yearly cost of borrowing.' },
      { instruction: 'What is a budget?', response: 'A plan for income and spending.' },
    ]);
  });

  it('takes one JSON array too', () => {
    expect(parsePairs('[{"instruction":"a b","response":"c d"}, 3, {"x":1}]')).toEqual([
      { instruction: 'a b', response: 'c d' },
    ]);
  });

  it('asks with the topic, the feedback and what the draft has already, output always capped', () => {
    const req = draftRequest({
      domain: 'finance',
      topic: 'credit',
      feedback: 'shorter',
      count: 8,
      avoid: ['What is APR?'],
    });
    expect(req.messages[0]!.content).toMatch(/Topic: credit[\s\S]*Feedback[^\n]*shorter[\s\S]*- What is APR\?/);
    expect(req.maxTokens).toBeGreaterThan(0);
    expect(req.maxTokens).toBeLessThanOrEqual(4096);
  });
});

describe('the leakage check of a draft', () => {
  const questions = [
    {
      id: 'q1',
      category: 'c',
      question: 'What is the 50/30/20 budgeting rule?',
      gold: 'The 50/30/20 rule splits after-tax income into 50% for needs, 30% for wants and 20% for savings and extra debt repayment.',
    },
  ];
  it('flags a row that asks a hidden question, and one that reproduces a gold answer reworded', () => {
    const rows = [
      { instruction: 'Please explain: what is the 50/30/20 budgeting rule?', response: 'It is a rule.' },
      {
        instruction: 'How should I split my pay?',
        response:
          'The 50/30/20 rule splits your after-tax income: 50% for needs, 30% for wants, and 20% for savings and extra debt repayment.',
      },
      { instruction: 'What is an index fund?', response: 'A fund that tracks a market index.' },
    ];
    expect([...leakedRows(rows, questions)].sort()).toEqual([0, 1]);
  });
});

describe('a draft submitted without its dropped rows', () => {
  it('leaves out exactly those lines, whatever the chunking', async () => {
    const text = toJsonl(Array.from({ length: 7 }, (_, i) => ({ instruction: `q${i + 1} é`, response: `a${i + 1}` })));
    for (const size of [1, 3, 7, 1000]) {
      const out = await collect(withoutLines(bytes(text, size), [1, 4, 7]));
      expect(
        out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l).instruction),
      ).toEqual(['q2 é', 'q3 é', 'q5 é', 'q6 é']);
    }
  });
});
