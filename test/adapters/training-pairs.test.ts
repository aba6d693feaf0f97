import { describe, expect, it } from 'vitest';
import { trainingPairs } from '../../src/adapters/local/training-pairs';
import { chunked, encoder, validateText } from '../dataset/support';

async function pairsOf(text: string, sizes?: number[]) {
  const out = [];
  for await (const p of trainingPairs(chunked(encoder.encode(text), sizes))) out.push(p);
  return out;
}

describe('trainingPairs', () => {
  it('turns instruction rows into prompt/response pairs, with the context after the instruction', async () => {
    const text = [
      JSON.stringify({ instruction: 'Summarise.', context: 'A long text.', response: 'Short.' }),
      JSON.stringify({ instruction: 'What is APR?', context: '', response: 'The yearly cost of a loan.' }),
    ].join('\n');
    expect(await pairsOf(text, [5])).toEqual([
      { prompt: 'Summarise.\n\nA long text.', response: 'Short.' },
      { prompt: 'What is APR?', response: 'The yearly cost of a loan.' },
    ]);
  });

  it('pairs each user turn with the assistant turn after it, leaving out earlier turns and the system turn', async () => {
    const dialog = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi?' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'And then?' },
      { role: 'assistant', content: 'Then this.' },
    ];
    expect(await pairsOf(JSON.stringify({ dialog }))).toEqual([
      { prompt: 'Hi?', response: 'Hello.' },
      { prompt: 'And then?', response: 'Then this.' },
    ]);
  });

  it('skips lines that are not rows', async () => {
    expect(await pairsOf('not json\n[1]\n{"other": 1}\n\n')).toEqual([]);
  });

  it('reads back what the validator wrote', async () => {
    const rows = [
      JSON.stringify({ instruction: 'What is a budget?', response: 'A plan for income and spending.', id: 1 }),
      JSON.stringify({
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: 'y z w' },
        ],
      }).replace(/.*/, () =>
        JSON.stringify({
          instruction: 'Why save?',
          context: 'For emergencies.',
          response: 'To cover surprises without debt.',
        }),
      ),
    ];
    let train = '';
    const report = await validateText(rows.join('\n'), {
      onTrainLine: (l) => {
        train += l;
      },
    });
    expect(report.valid).toBe(true);
    expect(await pairsOf(train, [3])).toEqual([
      { prompt: 'What is a budget?', response: 'A plan for income and spending.' },
      { prompt: 'Why save?\n\nFor emergencies.', response: 'To cover surprises without debt.' },
    ]);
  });
});
