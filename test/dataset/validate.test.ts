import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, summarizeReport } from '../../src/core/dataset';
import { chatRow, codes, instructionRow, LIMITS, lines, validateText } from './support';

describe('validateDataset: formats', () => {
  it('accepts an instruction dataset and counts its rows', async () => {
    const r = await validateText(lines(12).join('\n') + '\n');
    expect(r).toMatchObject({ valid: true, format: 'instruction', rows: 12, errorCount: 0 });
    expect(r.stats.tokens.instruction!.max).toBeGreaterThan(0);
  });

  it('accepts a chat dataset, "messages" or "dialog"', async () => {
    const rows = lines(6, chatRow);
    rows[2] = rows[2]!.replace('"messages"', '"dialog"');
    const r = await validateText(rows.join('\n'));
    expect(r).toMatchObject({ valid: true, format: 'chat', rows: 6 });
    expect(Object.keys(r.stats.tokens)).toEqual(expect.arrayContaining(['system', 'user', 'assistant', 'total']));
  });

  it('rejects a broken line with its number, a column and a hint', async () => {
    const rows = lines(25);
    rows[3] = '{"instruction": "missing the end"';
    const r = await validateText(rows.join('\n'));
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatchObject({ line: 4, code: 'INVALID_JSON', column: 34 });
    expect(r.errors[0]!.hint).toBeTruthy();
    expect(summarizeReport(r)).toMatch(/line 4/);
  });

  it('refuses a file over the size limit before reading it', async () => {
    let read = false;
    const input = (async function* () { read = true; yield new Uint8Array(10); })();
    const { validateDataset } = await import('../../src/core/dataset');
    const r = await validateDataset(input, { limits: DEFAULT_LIMITS, sizeBytes: DEFAULT_LIMITS.maxBytes + 1 });
    expect(codes(r)).toEqual(['FILE_TOO_LARGE']);
    expect(read).toBe(false);
  });

  it('writes JumpStart train lines for a valid file', async () => {
    const out: string[] = [];
    const r = await validateText([instructionRow(1, { id: 7 }), lines(1, chatRow)[0]!.replace('messages', 'x')].slice(0, 1).join('\n'), { onTrainLine: (l) => { out.push(l); } });
    expect(r.valid).toBe(true);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toEqual({ instruction: expect.any(String), context: '', response: expect.any(String) });
    expect(out[0]!.endsWith('\n')).toBe(true);
    expect(LIMITS.minRows).toBe(1);
  });
});
