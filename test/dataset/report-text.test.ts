import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/local/report-text';
import { lines, validateText } from './support';

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
