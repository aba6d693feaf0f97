/**
 * What this guards: with the `byteText` option, the validator reads each batch of lines as a
 * string of one character per byte (latin1) instead of decoding UTF-8, and only decodes where
 * it needs the text. That fast path must give exactly the same report (errors, columns,
 * warnings, statistics, organizer warnings) and exactly the same train.jsonl lines as the path
 * that decodes every line. So each property validates the same bytes both ways, cut into the
 * same random chunks (for two different cuttings), and compares everything. The generators aim
 * at where a one-byte-per-character string can differ from decoded text: multi-byte characters
 * (lengths, columns, word splits, token estimates), Unicode whitespace (what counts as empty or
 * blank), JSON escapes next to raw UTF-8, personal data next to non-ASCII characters,
 * duplicates of non-ASCII rows, non-ASCII keys, a BOM, CRLF, NUL bytes, invalid UTF-8 and
 * over-long lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeByteText } from '../../src/adapters/node/byte-text';
import { type DatasetLimits, type ValidateOptions, validateDataset } from '../../src/core/dataset';
import { chunked, encoder } from './support';

type Row = Record<string, unknown>;

/** The report and the train.jsonl lines of one validation. */
async function run(bytes: Uint8Array, cut: number[], options: ValidateOptions) {
  const lines: string[] = [];
  const report = await validateDataset(chunked(bytes, cut), {
    ...options,
    onTrainLine: (l) => {
      lines.push(l);
    },
  });
  return { report, lines };
}

/** Validates the bytes without and with the fast path, both cut into the same chunks, once per cut. */
async function expectSameBothWays(bytes: Uint8Array, options: ValidateOptions, cuts: number[][]): Promise<void> {
  for (const cut of cuts) {
    const slow = await run(bytes, cut, options);
    const fast = await run(bytes, cut, { ...options, byteText: nodeByteText });
    expect(fast.report).toEqual(slow.report);
    expect(fast.lines.join('')).toEqual(slow.lines.join('')); // the fast path hands over several lines at a time
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- Pieces of text ----

/** What JavaScript's trim() removes besides ASCII spaces: values of only these are empty. */
const UNICODE_SPACES = [
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];
const ASCII_WORDS = [
  'save',
  'money',
  'every',
  'month',
  'the',
  'rainy',
  'day',
  'fund',
  'budget',
  'interest',
  'rate',
  'account',
  'spend',
  'less',
  'plan',
  'early',
  'a',
  'of',
  'and',
  'pay',
  'yourself',
  'first',
];
const ACCENTED = [
  'café',
  'über',
  'niño',
  'élève',
  'façade',
  'größer',
  'Ærø',
  'señor',
  'déjà',
  'naïve',
  '½',
  '£20',
  '±',
];
const WIDE = [
  '中文字',
  '答え',
  '储蓄',
  '日本語の文',
  '中文字中文字中文字',
  '“quoted”',
  '‘single’',
  '—',
  '…',
  '€5',
  '、',
  '。',
];
const ASTRAL = ['😀', '𝔘', '👍🏽', '𝔘𝔫𝔦', '🇩🇪', '💰💰'];
/** Written as JSON escapes (\" \\ \n \t \u0000) by JSON.stringify; \u200b and U+0085 are not whitespace to trim(). */
const TRICKY = [
  'say "hi"',
  'C:\\path',
  'line\nbreak',
  'tab\there',
  'nul\u0000byte',
  '\u200b',
  'x\u0085y',
  '\u007f',
  '"',
  '\\',
  '\u2028x',
];
const CONTACTS = [
  'anna.müller@example.de',
  'me@example.com',
  'josé@correo.es',
  '+44 20 7946 0958',
  '(555) 123-4567',
  '555-123-4567',
  '020 7946 0958',
  '+81 3-1234-5678',
];
const NEIGHBOURS = ['', ' ', 'é', '中', '😀', '\u00a0', '“'];
const HIDDEN = [
  'Wie viel sollte ich jeden Monat für größere Ausgaben zurücklegen?',
  '如何为退休储蓄足够的钱？',
  'Qu’est-ce qu’un fonds d’urgence — et pourquoi en ai-je besoin…?',
  'How much should I save every month for a rainy day fund?',
];
/** Keys no format uses, for the ignored-field warning; the long one is cut at 40 UTF-16 units, inside the emoji. */
const EXTRA_KEYS = ['métadonnée', '备注', 'größe', 'emoji😀', 'id', 'métadonnée_supplémentaire_très_longue_x😀'];
const BLANK_LINES = ['', '   ', '\t', '\u00a0', '\u3000\u2028', '\ufeff', ' \u205f '];
const BAD_UTF8 = [[0xc3], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]];

const awsKey = fc
  .string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 16, maxLength: 16 })
  .map((s) => `AKIA${s}`);
const sensitive = fc
  .tuple(fc.constantFrom(...NEIGHBOURS), fc.oneof(fc.constantFrom(...CONTACTS), awsKey), fc.constantFrom(...NEIGHBOURS))
  .map((p) => p.join(''));
const word = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ASCII_WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...ACCENTED) },
  { weight: 2, arbitrary: fc.constantFrom(...WIDE) },
  { weight: 1, arbitrary: fc.constantFrom(...ASTRAL) },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: sensitive },
);
const separator = fc.oneof(
  { weight: 8, arbitrary: fc.constant(' ') },
  { weight: 1, arbitrary: fc.constantFrom('', ...UNICODE_SPACES) },
);
/** Nothing, or Unicode whitespace, at the start or end of a value. */
const edge = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(' ', ...UNICODE_SPACES), { minLength: 1, maxLength: 3 }).map((s) => s.join('')),
  },
);
/** A value that is only whitespace: empty, like "   ". */
const blank = fc
  .array(fc.constantFrom(' ', '\t', ...UNICODE_SPACES), { minLength: 1, maxLength: 4 })
  .map((s) => s.join(''));

const text = (minWords: number, maxWords: number) =>
  fc
    .tuple(edge, fc.array(fc.tuple(word, separator), { minLength: minWords, maxLength: maxWords }), edge)
    .map(([before, words, after]) => before + words.flat().slice(0, -1).join('') + after);
const prompt = fc.oneof({ weight: 6, arbitrary: text(1, 15) }, { weight: 1, arbitrary: fc.constantFrom(...HIDDEN) });
/** A word or three of multi-byte characters: far fewer characters than bytes, around the short-answer limits. */
const wideShort = fc
  .tuple(
    fc.constantFrom('', 'a ', 'Ok '),
    fc.constantFrom('é', '中', '😀'),
    fc.integer({ min: 6, max: 36 }),
    fc.constantFrom('', ' b', '.', ' \u3000'),
  )
  .map(([head, c, n, tail]) => head + c.repeat(n) + tail);
/** Short (1–3 words: the short-answer warning), medium, or long (≥ 30 words: near duplicates). */
const answer = fc.oneof(text(1, 3), text(4, 20), text(30, 45), wideShort);

// ---- Rows and datasets ----

const extraKey = fc.option(fc.constantFrom(...EXTRA_KEYS), { nil: undefined, freq: 4 });
const withExtra = (row: Row, key: string | undefined): Row => (key === undefined ? row : { ...row, [key]: 1 });

const instructionRow: fc.Arbitrary<Row> = fc
  .record({
    instruction: prompt,
    context: fc.option(fc.oneof(text(1, 15), blank, fc.constant(null)), { nil: undefined }),
    response: answer,
    extra: extraKey,
  })
  .map(({ instruction, context, response, extra }) =>
    withExtra({ instruction, ...(context === undefined ? {} : { context }), response }, extra),
  );

const chatRow: fc.Arbitrary<Row> = fc
  .record({
    key: fc.constantFrom('messages', 'dialog'),
    system: fc.option(text(1, 12), { nil: undefined }),
    pairs: fc.array(fc.tuple(prompt, answer), { minLength: 1, maxLength: 3 }),
    extra: extraKey,
  })
  .map(({ key, system, pairs, extra }) =>
    withExtra(
      {
        [key]: [
          ...(system === undefined ? [] : [{ role: 'system', content: system }]),
          ...pairs.flatMap(([q, a]) => [
            { role: 'user', content: q },
            { role: 'assistant', content: a },
          ]),
        ],
      },
      extra,
    ),
  );

/** template.json files and the fields they name; {größe} and {答え} are not field names, so that one is refused. */
const TEMPLATES = [
  {
    template: { prompt: 'Frage: {frage}\n\nKontext: {kontext}\n\nAntwort:', completion: ' {antwort}' },
    prompt: ['frage', 'kontext'],
    completion: ['antwort'],
  },
  { template: { prompt: '質問：{question}', completion: '{answer}' }, prompt: ['question'], completion: ['answer'] },
  { template: { prompt: '{größe} — {frage}', completion: '{答え}' }, prompt: ['größe', 'frage'], completion: ['答え'] },
  {
    template: { prompt: '{instruction}\n\n{context}', completion: '{response}' },
    prompt: ['instruction', 'context'],
    completion: ['response'],
  },
];
const templateRow = (t: (typeof TEMPLATES)[number]): fc.Arbitrary<Row> =>
  fc
    .tuple(fc.tuple(...t.prompt.map(() => prompt)), fc.tuple(...t.completion.map(() => answer)))
    .map(([p, c]) =>
      Object.fromEntries([...t.prompt.map((f, i) => [f, p[i]]), ...t.completion.map((f, i) => [f, c[i]])]),
    );

interface Dataset {
  rows: Row[];
  template?: unknown;
}
const rowsOf = (row: fc.Arbitrary<Row>) => fc.array(row, { minLength: 1, maxLength: 12 });

/** The turns of a chat row, if it is one. */
const turnsOf = (row: Row) => (row.messages ?? row.dialog) as Row[] | undefined;
/** Where a row keeps its question (first user turn, or first text field) and its answer (last turn, or last text field). */
function slot(row: Row, which: 'prompt' | 'answer'): [Row, string] {
  const turns = turnsOf(row);
  if (Array.isArray(turns))
    return [which === 'prompt' ? (turns.find((t) => t.role === 'user') ?? turns[0]!) : turns.at(-1)!, 'content'];
  const keys = Object.keys(row).filter((k) => typeof row[k] === 'string');
  return [row, (which === 'prompt' ? keys[0] : keys.at(-1)) ?? 'response'];
}

/** A copy of a row with one word of its answer changed: a near duplicate when the answer is long. */
function nearCopy(row: Row, at: number, newWord: string): Row {
  const copy = structuredClone(row);
  const [holder, key] = slot(copy, 'answer');
  if (typeof holder[key] !== 'string') return copy;
  const words = (holder[key] as string).split(' ');
  words[at % words.length] = newWord;
  holder[key] = words.join(' ');
  return copy;
}

const copies = fc.array(fc.record({ from: fc.nat(), to: fc.nat(), near: fc.boolean(), at: fc.nat(), word }), {
  maxLength: 3,
});

/** Rows of one format (instruction, instruction with template.json, or chat), with exact and near copies of some. */
const dataset: fc.Arbitrary<Dataset> = fc
  .oneof(
    fc
      .tuple(rowsOf(instructionRow), fc.option(fc.constant(TEMPLATES[3]!.template), { nil: undefined, freq: 4 }))
      .map(([rows, template]) => ({ rows, template })),
    fc.constantFrom(...TEMPLATES).chain((t) => rowsOf(templateRow(t)).map((rows) => ({ rows, template: t.template }))),
    fc
      .tuple(rowsOf(chatRow), fc.option(fc.constant(TEMPLATES[3]!.template), { nil: undefined, freq: 8 }))
      .map(([rows, template]) => ({ rows, template })), // template.json is then ignored
  )
  .chain((d) =>
    copies.map((cs) => {
      const rows = [...d.rows];
      for (const c of cs) {
        const source = rows[c.from % rows.length]!;
        rows.splice(c.to % (rows.length + 1), 0, c.near ? nearCopy(source, c.at, c.word) : structuredClone(source));
      }
      return { ...d, rows };
    }),
  );

// ---- Files ----

const fileShape = fc.record({
  bom: fc.boolean(),
  newline: fc.constantFrom('\n', '\r\n'),
  finalNewline: fc.boolean(),
  /** Blank or whitespace-only lines, before the row of the same index. */
  blanks: fc.array(fc.option(fc.constantFrom(...BLANK_LINES), { nil: undefined, freq: 3 }), { maxLength: 20 }),
  /** Which non-ASCII characters, in turn, are written as \uXXXX escapes (none if empty). */
  escapes: fc.oneof(fc.constant<boolean[]>([]), fc.array(fc.boolean(), { minLength: 1, maxLength: 6 })),
});
type FileShape = typeof fileShape extends fc.Arbitrary<infer T> ? T : never;

/** JSON of a row with some non-ASCII characters written as \uXXXX (surrogate pairs as two): the same value. */
function serialize(row: unknown, escapes: boolean[]): string {
  const json = JSON.stringify(row);
  let k = 0;
  return escapes.length === 0
    ? json
    : json.replace(/[^\x00-\x7f]/gu, (c) =>
        escapes[k++ % escapes.length]
          ? [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')
          : c,
      );
}

function fileBytes(lines: (string | Uint8Array)[], shape: FileShape): Uint8Array {
  const physical = lines.flatMap((l, i) => (shape.blanks[i] === undefined ? [l] : [shape.blanks[i]!, l]));
  return concat([
    ...(shape.bom ? [new Uint8Array([0xef, 0xbb, 0xbf])] : []),
    ...physical.flatMap((l, i) => [
      typeof l === 'string' ? encoder.encode(l) : l,
      ...(i < physical.length - 1 || shape.finalNewline ? [encoder.encode(shape.newline)] : []),
    ]),
  ]);
}

// ---- Options ----

/** Chunk sizes: small (lines cross chunks), medium, or whole (every line in one batch). */
const cut: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 4 }),
  fc.array(fc.integer({ min: 400, max: 5000 }), { minLength: 1, maxLength: 3 }),
  fc.constant<number[]>([65536]),
);
const limits: fc.Arbitrary<DatasetLimits> = fc.record({
  maxBytes: fc.oneof(
    { weight: 8, arbitrary: fc.constant(10_000_000) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 4000 }) },
  ),
  maxLineBytes: fc.oneof(
    { weight: 5, arbitrary: fc.constant(20_000) },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 1500 }) },
  ),
  minRows: fc.oneof(
    { weight: 3, arbitrary: fc.constant(1) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }) },
  ),
  maxRows: fc.oneof(
    { weight: 3, arbitrary: fc.constant(100_000) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }) },
  ),
  maxInputTokens: fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined }),
});
/** Mostly detected; sometimes required, which rejects every row of the other format. */
const format = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(undefined, 'auto' as const) },
  { weight: 1, arbitrary: fc.constantFrom('instruction' as const, 'chat' as const) },
);
/** Hidden questions: fixed ones (some non-ASCII), or (a number) the question of a row of the dataset. */
const hidden = fc.option(
  fc.array(fc.oneof(fc.constantFrom(...HIDDEN, '  '), fc.nat()), { minLength: 1, maxLength: 4 }),
  { nil: undefined },
);

function hiddenQuestions(picks: (string | number)[] | undefined, rows: Row[]): string[] | undefined {
  return picks?.map((p) => {
    if (typeof p === 'string' || rows.length === 0) return String(p);
    const [holder, key] = slot(rows[p % rows.length]!, 'prompt');
    return typeof holder[key] === 'string' ? (holder[key] as string) : 'x';
  });
}

// ---- Broken rows ----

type Defect =
  | 'truncated'
  | 'garbage'
  | 'array'
  | 'not-object'
  | 'wrong-type'
  | 'missing'
  | 'role'
  | 'blank'
  | 'other-format'
  | 'nul'
  | 'bad-utf8'
  | 'too-long';
const defect = fc.constantFrom<Defect>(
  'truncated',
  'garbage',
  'array',
  'not-object',
  'wrong-type',
  'missing',
  'role',
  'blank',
  'other-format',
  'nul',
  'bad-utf8',
  'too-long',
);

/** The line of a row with one defect; `at` picks where and which variant. */
function damage(row: Row, kind: Defect, at: number, space: string, escapes: boolean[]): string | Uint8Array {
  const r = structuredClone(row);
  const json = serialize(r, escapes);
  const pick = <T>(xs: readonly T[]): T => xs[at % xs.length]!;
  const insert = (bytes: number[]) => {
    const b = encoder.encode(json);
    const i = at % (b.length + 1);
    return concat([b.subarray(0, i), new Uint8Array(bytes), b.subarray(i)]);
  };
  const [holder, key] = slot(r, at % 2 ? 'prompt' : 'answer');
  const turns = turnsOf(r);
  switch (kind) {
    case 'truncated':
      return json.slice(0, 1 + (at % (json.length - 1))); // invalid JSON after the text so far
    case 'garbage':
      return json.replace('",', `" ${pick(['«oops»', 'é', '中文', '😀', '\u00a0x', '\u3000'])},`);
    case 'array':
      return `[${json}]`;
    case 'not-object':
      return pick(['"中文"', 'null', '42', '"\\u00e9"', '[]', '\u3000[1]', '"😀"']);
    case 'nul':
      return insert([0]);
    case 'bad-utf8':
      return insert(pick(BAD_UTF8));
    case 'too-long': // 9 bytes and 5 UTF-16 units a time: some lines are too long in bytes but not in characters
      holder[key] = `${String(holder[key])} ${'中é😀'.repeat(at % 3 === 0 ? 2000 + (at % 500) : at % 400)}`;
      break;
    case 'wrong-type':
      holder[key] = pick([42, ['é', '中'], { text: '中' }, null, true]);
      break;
    case 'missing':
      delete holder[key];
      break;
    case 'blank':
      holder[key] = space;
      break;
    case 'role':
      if (!turns)
        return serialize(
          pick([
            { frâge: 'Qu’est-ce que c’est ?', réponse: 'Un café.' },
            { question: '¿Qué?', answer: '中文 😀' },
          ]),
          escapes,
        );
      slot(r, 'prompt')[0].role = pick(['usér', 'ユーザー', 'bot', 'User', 'assistänt']);
      break;
    case 'other-format':
      return serialize(
        turns
          ? { instruction: 'Qu’est-ce ?', response: 'Un café — 中文.' }
          : {
              messages: [
                { role: 'user', content: '¿Qué?' },
                { role: 'assistant', content: 'Un café 😀.' },
              ],
            },
        escapes,
      );
  }
  return serialize(r, escapes);
}

// ---- Any bytes ----

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\n',
  '\r\n',
  ' ',
  'instruction',
  'response',
  'context',
  'messages',
  'dialog',
  'role',
  'content',
  'user',
  'assistant',
  'system',
  'usér',
  '\\',
  '\\u00e9',
  '\\u4e2d',
  '\\ud83d\\ude00',
  '\\ud83d',
  '\\"',
  '\\n',
  '\\t',
  'null',
  '1',
  'é',
  'ü',
  '中',
  '“',
  '…',
  '😀',
  '𝔘',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\ufeff',
  '\u0085',
  '\0',
  'AKIAIOSFODNN7EXAMPLE',
  '+44 20 7946 0958',
  'anna@example.de',
];
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc
    .array(
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...PIECES).map((s) => encoder.encode(s)) },
        { weight: 1, arbitrary: fc.constantFrom(...BAD_UTF8).map((b) => new Uint8Array(b)) },
      ),
      { maxLength: 120 },
    )
    .map(concat),
  fc
    .tuple(
      fc.array(fc.tuple(text(1, 6), text(1, 6)), { maxLength: 8 }),
      fc.array(
        fc.oneof(
          fc.uint8Array({ maxLength: 4 }),
          fc.constantFrom(...BAD_UTF8).map((b) => new Uint8Array(b)),
        ),
        { maxLength: 3 },
      ),
      fc.nat(),
    )
    .map(([pairs, noise, at]) => {
      const good = encoder.encode(
        pairs.map(([instruction, response]) => JSON.stringify({ instruction, response })).join('\n'),
      );
      return noise.reduce<Uint8Array>((bytes, n, k) => {
        const i = (at * (k + 1)) % (bytes.length + 1);
        return concat([bytes.subarray(0, i), n, bytes.subarray(i)]);
      }, good);
    }),
);

// ---- Properties ----

describe('the byte-text fast path', () => {
  it('gives the same report and train.jsonl for valid datasets full of non-ASCII text', async () => {
    await fc.assert(
      fc.asyncProperty(
        dataset,
        fileShape,
        format,
        limits,
        hidden,
        cut,
        cut,
        async (d, shape, fmt, lim, picks, cutA, cutB) => {
          const lines = d.rows.map((row) => serialize(row, shape.escapes));
          const options: ValidateOptions = {
            format: fmt,
            limits: lim,
            template: d.template,
            hiddenQuestions: hiddenQuestions(picks, d.rows),
          };
          await expectSameBothWays(fileBytes(lines, shape), options, [cutA, cutB]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the same report and train.jsonl when broken rows are mixed in', async () => {
    const defects = fc.array(fc.record({ kind: defect, which: fc.nat(), at: fc.nat(), space: blank }), {
      minLength: 1,
      maxLength: 4,
    });
    await fc.assert(
      fc.asyncProperty(
        dataset,
        defects,
        fileShape,
        format,
        limits,
        hidden,
        cut,
        cut,
        async (d, ds, shape, fmt, lim, picks, cutA, cutB) => {
          const lines: (string | Uint8Array)[] = d.rows.map((row) => serialize(row, shape.escapes));
          for (const { kind, which, at, space } of ds) {
            const index = kind === 'array' && at % 2 === 0 ? 0 : which % d.rows.length; // a JSON array first stops the validation
            lines[index] = damage(d.rows[index]!, kind, at, space, shape.escapes);
          }
          const options: ValidateOptions = {
            format: fmt,
            limits: lim,
            template: d.template,
            hiddenQuestions: hiddenQuestions(picks, d.rows),
          };
          await expectSameBothWays(fileBytes(lines, shape), options, [cutA, cutB]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the same report and train.jsonl for any byte string', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, format, limits, hidden, cut, cut, async (bytes, fmt, lim, picks, cutA, cutB) => {
        await expectSameBothWays(bytes, { format: fmt, limits: lim, hiddenQuestions: hiddenQuestions(picks, []) }, [
          cutA,
          cutB,
        ]);
      }),
      { numRuns: 1500 },
    );
  });
});
