import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderTemplate, trainingPairs } from '../../src/adapters/local/training-pairs';
import { checkTemplate, placeholders } from '../../src/core/dataset/template';
import { codes, encoder, validateText } from './support';

const template = { prompt: 'Question: {question}\n\nNotes: {notes}\n\n', completion: ' {answer}' };
const row = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    question: `How do I save money, case ${i}?`,
    notes: '',
    answer: `Automate a transfer on payday, case ${i}.`,
    ...extra,
  });

describe('template.json', () => {
  it('parses placeholders the way Python str.format does', () => {
    expect(placeholders('{a} and {{literal}} and {b_2} {a}')).toEqual({ names: ['a', 'b_2'] });
    expect(placeholders('{a')).toEqual({ problem: expect.stringMatching(/never closed/) });
    expect(placeholders('a}')).toEqual({ problem: expect.stringMatching(/no matching/) });
    expect(placeholders('{0}')).toEqual({ problem: expect.stringMatching(/not a field name/) });
    expect(renderTemplate('{{x}} {a}-{b}', { a: 'A', b: 'B' })).toBe('{x} A-B');
  });

  it.each([
    [null, /JSON object/],
    [{ prompt: '{x}' }, /no "completion"/],
    [{ prompt: 1, completion: '{y}' }, /"prompt" must be text/],
    [{ prompt: 'no fields', completion: '{y}' }, /"prompt" has no \{placeholder\}/],
    [{ prompt: '{x}', completion: 'constant' }, /"completion" has no/],
    [{ prompt: '{x}', completion: '{x}' }, /both/],
    [{ prompt: '{x', completion: '{y}' }, /never closed/],
  ])('refuses %j with a reason', (value, reason) => {
    const { template: checked, issues } = checkTemplate(value);
    expect(checked).toBeUndefined();
    expect(issues).toEqual([
      expect.objectContaining({
        line: 0,
        code: 'TEMPLATE_INVALID',
        message: expect.stringMatching(reason),
        hint: expect.any(String),
      }),
    ]);
  });

  it('validates rows against the fields the template names, and returns the template', async () => {
    const out: string[] = [];
    const r = await validateText([row(1), row(2, { extra: 1 })].join('\n'), {
      template,
      onTrainLine: (l) => {
        out.push(l);
      },
    });
    expect(r).toMatchObject({ valid: true, format: 'instruction', rows: 2, template });
    expect(JSON.parse(out[1]!)).toEqual({ question: expect.any(String), notes: '', answer: expect.any(String) });
    expect(Object.keys(r.stats.tokens)).toEqual(['question', 'answer', 'total']);
  });

  it('says which placeholder a row lacks, and that the answer must not be empty', async () => {
    const r = await validateText(
      [row(1), JSON.stringify({ question: 'Q?', notes: '', response: 'x' }), row(3, { answer: ' ' })].join('\n'),
      { template },
    );
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'MISSING_FIELD'],
      [3, 'EMPTY_FIELD'],
    ]);
    expect(r.errors[0]!.message).toMatch(/template.json uses as \{answer\}/);
    expect(r.errors[0]!.hint).toMatch(/"question", "notes", "response"/);
  });

  it('reports a broken template as an error of the file', async () => {
    const r = await validateText(row(1), { template: { prompt: '{question}' } });
    expect(codes(r)).toEqual(['TEMPLATE_INVALID']);
  });

  it('is ignored, with a warning, for a chat dataset', async () => {
    const chat = JSON.stringify({
      messages: [
        { role: 'user', content: 'Hi, how are you today?' },
        { role: 'assistant', content: 'Very well, thank you for asking.' },
      ],
    });
    const r = await validateText(chat, { template });
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('TEMPLATE_IGNORED');
    expect(r.template).toBeUndefined();
  });

  it('renders training pairs from the template', async () => {
    const lines = Readable.from([encoder.encode(`${JSON.stringify({ question: 'Q?', notes: 'N', answer: 'A.' })}\n`)]);
    const pairs = [];
    for await (const p of trainingPairs(lines, template)) pairs.push(p);
    expect(pairs).toEqual([{ prompt: 'Question: Q?\n\nNotes: N', response: 'A.' }]);
  });
});
