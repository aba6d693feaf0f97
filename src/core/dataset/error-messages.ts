import type { LineProblem } from './line-reader';
import { type DatasetFormat, type DatasetIssue, issue } from './report';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytesDigits(bytes))} MB`;
const bytesDigits = (bytes: number) => (bytes < 10e6 ? 1 : 0);
const count = (n: number) => n.toLocaleString('en-US');

/** A size over the limit, with as many decimals as it takes not to read as the limit itself. */
function overLimit(size: number, limit: number): string {
  for (let digits = bytesDigits(limit); digits <= 6; digits++) {
    const shown = `${(size / 1e6).toFixed(digits)} MB`;
    if (shown !== `${(limit / 1e6).toFixed(digits)} MB`) return shown;
  }
  return `${size} bytes`;
}

/** What to do about each error whose advice does not depend on the row. */
const HINTS: Record<string, string> = {
  INVALID_UTF8: 'Save the file with UTF-8 encoding; files saved as Latin-1, Windows-1252 or UTF-16 show this.',
  NUL_BYTE: 'Save the file as UTF-8 text: NUL bytes come from binary files or UTF-16 encoding.',
  LINE_TOO_LONG:
    'Shorten this example or split it into several rows (and check that line breaks separate the examples).',
  JSON_ARRAY: 'Write one {…} object per line, without the surrounding [ ] and without commas between lines.',
  WRONG_TYPE: 'Write each example as {"instruction": "…", "response": "…"} on its own line.',
  FILE_TOO_LARGE: 'Remove duplicates and weak examples until the file fits.',
  EMPTY_FILE: 'Write one JSON object per line, e.g. {"instruction": "…", "response": "…"}.',
};

const error = (line: number, code: string, message: string, hint = HINTS[code]!) => issue(line, code, message, hint);

export function lineProblem(
  line: number,
  problem: LineProblem,
  byteLength: number,
  maxLineBytes: number,
  column: number | undefined,
): DatasetIssue {
  if (problem === 'LINE_TOO_LONG')
    return error(line, problem, `The line is ${count(byteLength)} bytes; the limit is ${count(maxLineBytes)}.`);
  const message =
    problem === 'INVALID_UTF8'
      ? `The line is not valid UTF-8${column ? ` (from column ${column})` : ''}.`
      : `The line contains a NUL byte${column ? ` at column ${column}` : ''}.`;
  return { line, column, code: problem, message, hint: HINTS[problem] };
}

export const invalidJson = (line: number, column: number, message: string, hint: string): DatasetIssue => ({
  line,
  column,
  code: 'INVALID_JSON',
  hint,
  message: `Not valid JSON: ${message.includes('column') ? message : `${message.replace(/\.$/, '')} (column ${column}).`}`,
});

export const jsonArray = (line: number): DatasetIssue =>
  error(line, 'JSON_ARRAY', 'The file is a JSON array; the league reads JSON Lines (one JSON object per line).');

export const notAnObject = (line: number, what: string): DatasetIssue =>
  error(line, 'WRONG_TYPE', `The line is ${what}; each line must be one JSON object.`);

export const formatMismatch = (line: number, rowFormat: DatasetFormat, expected: DatasetFormat): DatasetIssue =>
  error(
    line,
    'FORMAT_MISMATCH',
    `The row is in the ${rowFormat} format, but the ${expected} format was asked for.`,
    expected === 'chat'
      ? 'Write the row as {"messages": [{"role": "user", …}, {"role": "assistant", …}]}, or validate with --format auto.'
      : 'Write the row as {"instruction": "…", "response": "…"}, or validate with --format auto.',
  );

export const mixedFormats = (line: number, rowFormat: DatasetFormat, fileFormat: DatasetFormat, firstLine: number) =>
  error(
    line,
    'MIXED_FORMATS',
    `The row is in the ${rowFormat} format; line ${firstLine} put the file in the ${fileFormat} format.`,
    `Use one format for the whole file: convert this row to the ${fileFormat} format, or move it to another file.`,
  );

export const fileTooLarge = (size: number, limit: number, line?: number): DatasetIssue =>
  error(
    line ?? 0,
    'FILE_TOO_LARGE',
    line === undefined
      ? `The file is ${overLimit(size, limit)}; this round accepts at most ${mb(limit)}.`
      : `The file passes this round's ${mb(limit)} limit at line ${line}; it was not read further.`,
  );

export const tooManyRows = (line: number, limit: number): DatasetIssue =>
  error(
    line,
    'TOO_MANY_ROWS',
    `This is row ${count(limit + 1)}; this round accepts at most ${count(limit)} rows.`,
    `Keep your best ${count(limit)} examples.`,
  );

export const tooFewRows = (rows: number, limit: number): DatasetIssue =>
  error(
    0,
    'TOO_FEW_ROWS',
    `The file has ${rows} example${rows === 1 ? '' : 's'}; this round needs at least ${limit}.`,
    `Add at least ${limit - rows} more example${limit - rows === 1 ? '' : 's'}.`,
  );

export const emptyFile = (): DatasetIssue => error(0, 'EMPTY_FILE', 'The file has no examples.');
