import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DatasetLimits, type ValidationReport, validateDataset } from '../../src/core/dataset';
import { chunked, encoder } from './support';

const LIMITS: DatasetLimits = { maxBytes: 10_000_000, maxLineBytes: 20_000, minRows: 1, maxRows: 100_000 };
const validate = (bytes: Uint8Array, sizes: number[], limits = LIMITS) =>
  validateDataset(chunked(bytes, sizes), { limits });
const sizes = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 });

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function checkShape(r: ValidationReport, lineCount: number): void {
  expect(r.valid).toBe(r.errorCount === 0);
  expect(r.errors.length).toBeLessThanOrEqual(Math.min(50, r.errorCount));
  expect(r.warnings.length).toBeLessThanOrEqual(Math.min(50, r.warningCount));
  expect(r.rows).toBe(r.stats.rows);
  for (const e of r.errors) {
    expect(e.line).toBeGreaterThanOrEqual(0);
    expect(e.line).toBeLessThanOrEqual(lineCount);
    expect(e.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.hint?.length).toBeGreaterThan(0);
  }
}

/** Bytes of every sort: random, JSON-ish text, and valid rows with damage. */
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '"',
        ':',
        ',',
        '\n',
        '\r',
        ' ',
        'instruction',
        'response',
        'messages',
        'role',
        'user',
        'assistant',
        '\\',
        '\0',
        'é',
        '\uFEFF',
        'null',
        '1',
      ),
      { maxLength: 80 },
    )
    .map((parts) => encoder.encode(parts.join(''))),
  fc
    .tuple(fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }), fc.uint8Array({ maxLength: 8 }), fc.nat())
    .map(([texts, noise, at]) => {
      const text = encoder.encode(
        texts.map((t) => JSON.stringify({ instruction: t || 'x', response: t || 'y' })).join('\n'),
      );
      const cut = text.length ? at % text.length : 0;
      return concat([text.subarray(0, cut), noise, text.subarray(cut)]);
    }),
);

const lineCount = (bytes: Uint8Array) => bytes.reduce((n, b) => n + (b === 10 ? 1 : 0), 1);

describe('properties', () => {
  it('any byte string gives a well-formed report and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, sizes, async (bytes, cut) => {
        const r = await validate(bytes, cut);
        checkShape(r, lineCount(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it('the report does not depend on how the stream is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, sizes, async (bytes, cut) => {
        expect(await validate(bytes, cut)).toEqual(await validate(bytes, [65536]));
      }),
      { numRuns: 200 },
    );
  });

  // Text with something in it; 'binary' strings include control characters and lone surrogates.
  const text = fc
    .oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
      fc.lorem({ maxCount: 12 }),
    )
    .filter((s) => s.trim().length > 0);
  const instructionRow = fc
    .record(
      {
        instruction: text,
        response: text,
        context: fc.option(fc.oneof(text, fc.constant('')), { nil: undefined }),
        id: fc.option(fc.integer(), { nil: undefined }),
      },
      { requiredKeys: ['instruction', 'response'] },
    )
    .chain((row) =>
      fc
        .shuffledSubarray(
          Object.keys(row).filter((k) => row[k as keyof typeof row] !== undefined),
          { minLength: Object.keys(row).filter((k) => row[k as keyof typeof row] !== undefined).length },
        )
        .map((keys) => Object.fromEntries(keys.map((k) => [k, row[k as keyof typeof row]]))),
    );
  const chatRow = fc
    .record({
      key: fc.constantFrom('messages', 'dialog'),
      system: fc.option(text, { nil: undefined }),
      pairs: fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 3 }),
    })
    .map(({ key, system, pairs }) => ({
      [key]: [
        ...(system === undefined ? [] : [{ role: 'system', content: system }]),
        ...pairs.flatMap(([q, a]) => [
          { role: 'user', content: q },
          { role: 'assistant', content: a },
        ]),
      ],
    }));
  const dataset = fc
    .record({
      format: fc.constantFrom('instruction', 'chat'),
      bom: fc.boolean(),
      newline: fc.constantFrom('\n', '\r\n'),
      finalNewline: fc.boolean(),
      blankAfter: fc.array(fc.boolean(), { maxLength: 30 }),
    })
    .chain((shape) =>
      fc
        .array((shape.format === 'chat' ? chatRow : instructionRow) as fc.Arbitrary<object>, {
          minLength: 1,
          maxLength: 25,
        })
        .map((rows) => ({ ...shape, rows })),
    );

  /** Physical lines of a dataset, with blank lines between some rows; returns the row → line map too. */
  function layout(d: { rows: object[]; blankAfter: boolean[] }) {
    const physical: string[] = [];
    const lineOfRow: number[] = [];
    d.rows.forEach((row, i) => {
      lineOfRow.push(physical.length + 1);
      physical.push(JSON.stringify(row));
      if (d.blankAfter[i]) physical.push(i % 2 ? '' : '   ');
    });
    return { physical, lineOfRow };
  }
  const assemble = (lines: (string | Uint8Array)[], d: { bom: boolean; newline: string; finalNewline: boolean }) =>
    concat([
      ...(d.bom ? [new Uint8Array([0xef, 0xbb, 0xbf])] : []),
      ...lines.flatMap((l, i) => [
        typeof l === 'string' ? encoder.encode(l) : l,
        ...(i < lines.length - 1 || d.finalNewline ? [encoder.encode(d.newline)] : []),
      ]),
    ]);

  it('any generated valid dataset, of either format, is valid', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, sizes, async (d, cut) => {
        const { physical } = layout(d);
        const r = await validate(assemble(physical, d), cut);
        expect(r.errors).toEqual([]);
        expect(r).toMatchObject({ valid: true, format: d.format, rows: d.rows.length });
      }),
      { numRuns: 300 },
    );
  });

  type Defect =
    | 'truncate'
    | 'wrong-type'
    | 'missing'
    | 'empty'
    | 'utf8'
    | 'nul'
    | 'long'
    | 'array'
    | 'role'
    | 'alternation'
    | 'mixed';
  const defect = fc.constantFrom<Defect>(
    'truncate',
    'wrong-type',
    'missing',
    'empty',
    'utf8',
    'nul',
    'long',
    'array',
    'role',
    'alternation',
    'mixed',
  );

  function damage(row: Record<string, unknown>, kind: Defect, at: number): string | Uint8Array {
    const json = JSON.stringify(row);
    const turns = (row.messages ?? row.dialog) as { role: string; content: unknown }[] | undefined;
    const firstUser = turns?.findIndex((t) => t.role === 'user') ?? -1;
    const insert = (byte: number) => {
      const b = encoder.encode(json);
      const i = 1 + (at % (b.length - 1));
      return concat([b.subarray(0, i), new Uint8Array([byte]), b.subarray(i)]);
    };
    switch (kind) {
      case 'truncate':
        return json.slice(0, -1);
      case 'utf8':
        return insert(0xff);
      case 'nul':
        return insert(0x00);
      case 'long':
        return JSON.stringify({ ...row, padding: 'x'.repeat(LIMITS.maxLineBytes) });
      case 'array':
        return `[${json}]`;
      case 'wrong-type':
        if (turns) turns[firstUser]!.content = 42;
        else row.response = 42;
        break;
      case 'missing':
        if (turns) delete (turns[firstUser] as Partial<(typeof turns)[0]>).role;
        else delete row.response;
        break;
      case 'empty':
        if (turns) turns[firstUser]!.content = ' ';
        else row.instruction = '';
        break;
      case 'role':
        if (turns) turns[firstUser]!.role = 'bot';
        else return JSON.stringify({ question: 'Q?', answer: 'A.' });
        break;
      case 'alternation':
        if (turns) turns[firstUser]!.role = 'assistant';
        else row.response = ['a'];
        break;
      case 'mixed':
        return turns
          ? JSON.stringify({ instruction: 'Q?', response: 'A.' })
          : JSON.stringify({
              messages: [
                { role: 'user', content: 'Q?' },
                { role: 'assistant', content: 'A.' },
              ],
            });
    }
    return JSON.stringify(row);
  }

  it('a valid dataset with one injected defect is invalid, and the errors name the defect line', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, defect, fc.nat(), fc.nat(), sizes, async (d, kind, which, at, cut) => {
        // A row in the other format only counts as the odd one out after the first row set the format.
        fc.pre(kind !== 'mixed' || d.rows.length > 1);
        const index = kind === 'mixed' ? 1 + (which % (d.rows.length - 1)) : which % d.rows.length;
        const { physical, lineOfRow } = layout(d);
        const lines: (string | Uint8Array)[] = [...physical];
        const line = lineOfRow[index]!;
        lines[line - 1] = damage(structuredClone(d.rows[index]) as Record<string, unknown>, kind, at);
        const r = await validate(assemble(lines, d), cut);
        expect(r.valid).toBe(false);
        expect(r.errors.map((e) => e.line)).toEqual(r.errors.map(() => line));
      }),
      { numRuns: 400 },
    );
  });
});
