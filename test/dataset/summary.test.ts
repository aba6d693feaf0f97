import { describe, expect, it } from 'vitest';
import { formatReport, summarizeReport } from '../../src/core/dataset';
import { lines, validateText } from './support';

describe('summarizeReport', () => {
  it('gives the verdict, the counts, the first errors with line numbers and a hint', async () => {
    const rows = lines(20);
    rows[3] = '{"instruction": "missing the end"';
    rows[7] = '{"instruction": "x", "output": "y"}';
    rows[9] = '{"instruction": 3, "response": "y"}';
    rows[12] = 'nonsense';
    const text = summarizeReport(await validateText(rows.join('\n')));
    const out = text.split('\n');
    expect(out[0]).toBe('Invalid dataset: 4 errors (16 rows passed).');
    expect(out.slice(1, 4).map((l) => l.slice(0, 9))).toEqual(['• line 4:', '• line 8:', '• line 10']);
    expect(text).toMatch(/Rename "output" to "response"/);
    expect(text).toMatch(/…and 1 more error\./);
    expect(out.at(-1)).toMatch(/Fix the lines above/);
  });

  it('is one line for a clean dataset, and names the warnings of a valid one', async () => {
    expect(summarizeReport(await validateText(lines(12).join('\n')))).toBe(
      'Valid instruction dataset: 12 rows, no warnings.',
    );
    const rows = lines(12);
    rows[5] = rows[2]!;
    const text = summarizeReport(await validateText(rows.join('\n')), 1);
    expect(text).toBe(
      'Valid instruction dataset: 12 rows, 1 warning: 1 exact duplicate.\n• line 6: Repeats line 3 exactly.',
    );
  });

  it('says what to fix for a file-level error', async () => {
    expect(summarizeReport(await validateText(''))).toMatch(
      /^Invalid dataset: 1 error\.\n• file: The file has no examples\..*\nFix this and upload the file again\.$/s,
    );
  });
});

describe('formatReport', () => {
  it('shows errors with hints, warnings, token statistics and duplicates', async () => {
    const rows = lines(12);
    rows[2] = '{"instruction": "x"}';
    rows[6] = rows[1]!;
    const text = formatReport(await validateText(rows.join('\n')), { file: 'data.jsonl' });
    expect(text).toMatch(/^✘ data\.jsonl: invalid — 1 error, 1 warning, 11 rows passed, instruction format/);
    expect(text).toMatch(/line 3 {2}MISSING_FIELD: The row has no "response"\.\n {10}→ Add "response"/);
    expect(text).toMatch(/line 7 {2}DUPLICATE_ROW: Repeats line 2 exactly\./);
    expect(text).toMatch(/Estimated tokens +min +median +p95 +max\n {2}instruction/);
    expect(text).toMatch(/Duplicates: 1 exact, 0 near\./);
  });
});
