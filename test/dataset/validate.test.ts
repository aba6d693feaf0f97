import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, MAX_LISTED, validateDataset } from '../../src/core/dataset';
import { chatRow, chunked, codes, encoder, instructionRow, LIMITS, lines, validateText } from './support';

const turns = (...roles: string[]) =>
  JSON.stringify({ messages: roles.map((role, i) => ({ role, content: `turn ${i} says something useful` })) });

describe('validateDataset: accepted files', () => {
  it('accepts an instruction dataset and counts its rows', async () => {
    const r = await validateText(`${lines(12).join('\n')}\n`);
    expect(r).toMatchObject({ valid: true, format: 'instruction', rows: 12, errorCount: 0, errors: [] });
    expect(r.stats.rows).toBe(12);
    expect(r.stats.tokens.instruction!.max).toBeGreaterThan(0);
  });

  it('accepts a chat dataset written with "messages" or "dialog", with or without a system turn', async () => {
    const rows = lines(6, chatRow);
    rows[2] = rows[2]!.replace('"messages"', '"dialog"');
    rows[3] = turns('user', 'assistant', 'user', 'assistant');
    const r = await validateText(rows.join('\n'));
    expect(r).toMatchObject({ valid: true, format: 'chat', rows: 6 });
    expect(Object.keys(r.stats.tokens)).toEqual(['system', 'user', 'assistant', 'total']);
  });

  it('accepts a BOM, CRLF line ends, blank lines and an optional context', async () => {
    const rows = lines(5);
    rows[1] = instructionRow(2, { context: 'Some background.' });
    rows[3] = instructionRow(4, { context: null });
    const r = await validateText(`\uFEFF${rows.join('\r\n\r\n')}\r\n`);
    expect(r).toMatchObject({ valid: true, rows: 5 });
    expect(r.stats.tokens.context!.max).toBeGreaterThan(0);
  });
});

describe('validateDataset: errors name the line and say what to do', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'missing field',
      '{"instruction": "What is a budget?", "output": "A plan."}',
      'MISSING_FIELD',
      /Rename "output" to "response"/,
    ],
    ['empty field', '{"instruction": "What is a budget?", "response": "   "}', 'EMPTY_FIELD', /Write the answer/],
    ['wrong type', '{"instruction": "What is a budget?", "response": 42}', 'WRONG_TYPE', /double quotes/],
    ['list of parts', '{"instruction": ["a", "b"], "response": "x y z"}', 'WRONG_TYPE', /one string/],
    [
      'unknown fields',
      '{"question": "Q?", "answer": "A."}',
      'MISSING_FIELD',
      /Rename "question" → "instruction", "answer" → "response"/,
    ],
    ['not an object', '"just text"', 'WRONG_TYPE', /own line/],
    ['a list line', '[1, 2]', 'WRONG_TYPE', /own line/],
    ['invalid JSON', '{"instruction": "x" "response": "y"}', 'INVALID_JSON', /comma/],
  ];
  it.each(cases)('%s', async (_name, bad, code, hint) => {
    const rows = lines(8);
    rows[4] = bad;
    const r = await validateText(rows.join('\n'));
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ line: 5, code, hint: expect.stringMatching(hint) })]);
  });

  const chatCases: [string, string, string, RegExp][] = [
    ['unknown role', turns('user', 'bot'), 'UNKNOWN_ROLE', /Use "assistant" instead of "bot"/],
    ['starts with the assistant', turns('assistant', 'user'), 'BAD_ALTERNATION', /Start with the user/],
    ['two user turns', turns('user', 'user', 'assistant'), 'BAD_ALTERNATION', /Alternate/],
    ['ends with the user', turns('user', 'assistant', 'user'), 'BAD_ALTERNATION', /End each conversation/],
    ['system turn later', turns('user', 'system', 'assistant'), 'BAD_ALTERNATION', /first turn/],
    ['only a system turn', turns('system'), 'BAD_ALTERNATION', /Add a user turn/],
    ['no turns', '{"messages": []}', 'EMPTY_FIELD', /Add a user turn/],
    ['turns not a list', '{"messages": "hello"}', 'WRONG_TYPE', /"messages": \[/],
    [
      'content not text',
      '{"messages": [{"role": "user", "content": [{"type": "text"}]}, {"role": "assistant", "content": "x"}]}',
      'WRONG_TYPE',
      /one string/,
    ],
    [
      'empty content',
      '{"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": "x"}]}',
      'EMPTY_FIELD',
      /Write the text/,
    ],
    [
      'a turn without role',
      '{"messages": [{"content": "hi"}, {"role": "assistant", "content": "x"}]}',
      'MISSING_FIELD',
      /"role"/,
    ],
  ];
  it.each(chatCases)('chat: %s', async (_name, bad, code, hint) => {
    const rows = lines(6, chatRow);
    rows[2] = bad;
    const r = await validateText(rows.join('\n'));
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, code, hint: expect.stringMatching(hint) })]);
  });

  it('rejects a file that mixes formats, naming the line that set the format', async () => {
    const rows = [...lines(3), ...lines(2, chatRow)];
    const r = await validateText(rows.join('\n'));
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'MIXED_FORMATS'],
      [5, 'MIXED_FORMATS'],
    ]);
    expect(r.errors[0]!.message).toMatch(/line 1 put the file in the instruction format/);
  });

  it('rejects rows of the other format when a format is asked for', async () => {
    const r = await validateText(lines(3).join('\n'), { format: 'chat' });
    expect(codes(r)).toEqual(['FORMAT_MISMATCH', 'FORMAT_MISMATCH', 'FORMAT_MISMATCH']);
    expect(r.format).toBe('chat');
  });

  it('recognises a JSON array and stops there', async () => {
    const array = `[${lines(20).join(',\n')}]`;
    const r = await validateText(array);
    expect(r.errors).toEqual([expect.objectContaining({ line: 1, code: 'JSON_ARRAY' })]);
    expect(r.errorCount).toBe(1);
    const oneLine = await validateText(`[${lines(3).join(',')}]`);
    expect(codes(oneLine)).toEqual(['JSON_ARRAY']);
    // Bytes read up to the end of the stopping line, however the stream is cut.
    const [first, second] = await Promise.all([validateText(array, {}, [1]), validateText(array)]);
    expect(first).toEqual(second);
    expect(first.stats.bytes).toBe(array.indexOf('\n') + 1);
  });

  it('reports bytes that are not text: invalid UTF-8, NUL, an overlong line', async () => {
    const rows = lines(6).map((l) => encoder.encode(`${l}\n`));
    rows[1] = new Uint8Array([
      ...encoder.encode('{"instruction": "caf'),
      0xe9,
      ...encoder.encode('", "response": "x"}\n'),
    ]);
    rows[3] = encoder.encode('{"instruction": "a\0b", "response": "x"}\n');
    rows[5] = encoder.encode(`{"instruction": "${'x'.repeat(2000)}", "response": "y"}\n`);
    const bytes = new Uint8Array(rows.reduce((n, r) => n + r.length, 0));
    let at = 0;
    for (const r of rows) {
      bytes.set(r, at);
      at += r.length;
    }
    const r = await validateDataset(chunked(bytes, [5, 64]), { limits: { ...LIMITS, maxLineBytes: 1000 } });
    expect(r.errors.map((e) => [e.line, e.code, e.column])).toEqual([
      [2, 'INVALID_UTF8', 21],
      [4, 'NUL_BYTE', 19],
      [6, 'LINE_TOO_LONG', undefined],
    ]);
  });

  it('refuses a file over the size limit before reading it when the size is known', async () => {
    let read = false;
    const input = (async function* () {
      read = true;
      yield new Uint8Array(10);
    })();
    const r = await validateDataset(input, { limits: DEFAULT_LIMITS, sizeBytes: DEFAULT_LIMITS.maxBytes + 1 });
    expect(codes(r)).toEqual(['FILE_TOO_LARGE']);
    expect(r.errors[0]!.line).toBe(0);
    expect(read).toBe(false);
  });

  it('never shows a file over the limit as the size of the limit', async () => {
    const message = async (size: number) =>
      (await validateDataset((async function* () {})(), { limits: DEFAULT_LIMITS, sizeBytes: size })).errors[0]!
        .message;
    expect(await message(100_200_000)).toBe('The file is 100.2 MB; this round accepts at most 100 MB.');
    expect(await message(100_000_001)).toBe('The file is 100.000001 MB; this round accepts at most 100 MB.');
    expect(await message(250_000_000)).toBe('The file is 250 MB; this round accepts at most 100 MB.');
  });

  it('stops reading a stream once it passes the size limit', async () => {
    let chunksRead = 0;
    const row = encoder.encode(`${instructionRow(1)}\n`);
    const input = (async function* () {
      for (;;) {
        chunksRead++;
        yield row;
      }
    })();
    const r = await validateDataset(input, { limits: { ...LIMITS, maxBytes: row.length * 10 + 5 } });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'FILE_TOO_LARGE', line: 11 })]);
    expect(chunksRead).toBe(11);
  });

  it('counts rows against the round limits', async () => {
    expect(codes(await validateText(lines(3).join('\n'), { limits: { ...LIMITS, minRows: 5 } }))).toEqual([
      'TOO_FEW_ROWS',
    ]);
    const tooMany = await validateText(lines(7).join('\n'), { limits: { ...LIMITS, maxRows: 5 } });
    expect(tooMany.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS', line: 6 })]);
    expect(codes(await validateText('\n \n'))).toEqual(['EMPTY_FILE']);
    expect(codes(await validateText(''))).toEqual(['EMPTY_FILE']);
  });

  it('lists the first 50 errors and counts the rest', async () => {
    const r = await validateText(Array.from({ length: 120 }, () => '{oops').join('\n'));
    expect(r.errors).toHaveLength(MAX_LISTED);
    expect(r.errorCount).toBe(120);
    expect(r.errors.map((e) => e.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('gives every error a hint', async () => {
    const rows = ['{"instruction": 1}', '{', '[]', '"x"', '{"messages": [{"role": "x"}]}', '{"a": 1}'];
    const r = await validateText(rows.join('\n'), { limits: { ...LIMITS, minRows: 10 } });
    expect(r.errorCount).toBeGreaterThan(4);
    for (const e of r.errors) expect(e.hint, e.code).toMatch(/\w/);
  });
});

describe('validateDataset: train.jsonl', () => {
  it('writes only the fields JumpStart reads, with an empty context when there is none', async () => {
    const out: string[] = [];
    const rows = [instructionRow(1, { id: 7 }), instructionRow(2, { context: 'Background.' })];
    const r = await validateText(rows.join('\n'), {
      onTrainLine: (l) => {
        out.push(l);
      },
    });
    expect(r.valid).toBe(true);
    expect(out.map((l) => JSON.parse(l))).toEqual([
      { instruction: expect.any(String), context: '', response: expect.any(String) },
      { instruction: expect.any(String), context: 'Background.', response: expect.any(String) },
    ]);
    expect(out.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('writes chat rows as "dialog" of role and content, awaiting an async sink in order', async () => {
    const out: string[] = [];
    const rows = lines(3, chatRow);
    rows[1] = JSON.stringify({
      messages: [
        { role: 'user', content: 'Hi?', name: 'x' },
        { role: 'assistant', content: 'Hello there, friend.' },
      ],
    });
    await validateText(
      rows.join('\n'),
      {
        onTrainLine: async (l) => {
          await new Promise((r) => setTimeout(r, 1));
          out.push(l);
        },
      },
      [40],
    );
    expect(out).toHaveLength(3);
    expect(JSON.parse(out[1]!)).toEqual({
      dialog: [
        { role: 'user', content: 'Hi?' },
        { role: 'assistant', content: 'Hello there, friend.' },
      ],
    });
  });
});
