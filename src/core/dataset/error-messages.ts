import type { LineProblem } from './line-reader';
import type { DatasetFormat, DatasetIssue } from './report';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
/** A size over the limit, with as many decimals as it takes not to read as the limit itself. */
function overLimit(size: number, limit: number): string {
  for (let digits = bytesDigits(limit); digits <= 6; digits++) {
    const shown = `${(size / 1e6).toFixed(digits)} MB`;
    if (shown !== `${(limit / 1e6).toFixed(digits)} MB`) return shown;
  }
  return `${size} bytes`;
}
const bytesDigits = (bytes: number) => (bytes < 10e6 ? 1 : 0);

export function lineProblem(
  line: number,
  problem: LineProblem,
  byteLength: number,
  maxLineBytes: number,
  column: number | undefined,
): DatasetIssue {
  switch (problem) {
    case 'INVALID_UTF8':
      return {
        line,
        column,
        code: 'INVALID_UTF8',
        message: `The line is not valid UTF-8${column ? ` (from column ${column})` : ''}.`,
        hint: 'Save the file with UTF-8 encoding; files saved as Latin-1, Windows-1252 or UTF-16 show this.',
      };
    case 'NUL_BYTE':
      return {
        line,
        column,
        code: 'NUL_BYTE',
        message: `The line contains a NUL byte${column ? ` at column ${column}` : ''}.`,
        hint: 'Save the file as UTF-8 text: NUL bytes come from binary files or UTF-16 encoding.',
      };
    case 'LINE_TOO_LONG':
      return {
        line,
        code: 'LINE_TOO_LONG',
        message: `The line is ${byteLength.toLocaleString('en-US')} bytes; the limit is ${maxLineBytes.toLocaleString('en-US')}.`,
        hint: 'Shorten this example or split it into several rows (and check that line breaks separate the examples).',
      };
  }
}

export const invalidJson = (line: number, column: number, message: string, hint: string): DatasetIssue => ({
  line,
  column,
  code: 'INVALID_JSON',
  hint,
  message: `Not valid JSON: ${message.includes('column') ? message : `${message.replace(/\.$/, '')} (column ${column}).`}`,
});

export const jsonArray = (line: number): DatasetIssue => ({
  line,
  code: 'JSON_ARRAY',
  message: 'The file is a JSON array; the league reads JSON Lines (one JSON object per line).',
  hint: 'Write one {…} object per line, without the surrounding [ ] and without commas between lines.',
});

export const notAnObject = (line: number, what: string): DatasetIssue => ({
  line,
  code: 'WRONG_TYPE',
  message: `The line is ${what}; each line must be one JSON object.`,
  hint: 'Write each example as {"instruction": "…", "response": "…"} on its own line.',
});

export const formatMismatch = (line: number, rowFormat: DatasetFormat, expected: DatasetFormat): DatasetIssue => ({
  line,
  code: 'FORMAT_MISMATCH',
  message: `The row is in the ${rowFormat} format, but the ${expected} format was asked for.`,
  hint:
    expected === 'chat'
      ? 'Write the row as {"messages": [{"role": "user", …}, {"role": "assistant", …}]}, or validate with --format auto.'
      : 'Write the row as {"instruction": "…", "response": "…"}, or validate with --format auto.',
});

export const mixedFormats = (
  line: number,
  rowFormat: DatasetFormat,
  fileFormat: DatasetFormat,
  firstLine: number,
): DatasetIssue => ({
  line,
  code: 'MIXED_FORMATS',
  message: `The row is in the ${rowFormat} format; line ${firstLine} put the file in the ${fileFormat} format.`,
  hint: `Use one format for the whole file: convert this row to the ${fileFormat} format, or move it to another file.`,
});

export const fileTooLarge = (size: number, limit: number, line?: number): DatasetIssue => ({
  line: line ?? 0,
  code: 'FILE_TOO_LARGE',
  message:
    line === undefined
      ? `The file is ${overLimit(size, limit)}; this round accepts at most ${mb(limit)}.`
      : `The file passes this round's ${mb(limit)} limit at line ${line}; it was not read further.`,
  hint: 'Remove duplicates and weak examples until the file fits.',
});

export const tooManyRows = (line: number, limit: number): DatasetIssue => ({
  line,
  code: 'TOO_MANY_ROWS',
  message: `This is row ${(limit + 1).toLocaleString('en-US')}; this round accepts at most ${limit.toLocaleString('en-US')} rows.`,
  hint: `Keep your best ${limit.toLocaleString('en-US')} examples.`,
});

export const tooFewRows = (rows: number, limit: number): DatasetIssue => ({
  line: 0,
  code: 'TOO_FEW_ROWS',
  message: `The file has ${rows} example${rows === 1 ? '' : 's'}; this round needs at least ${limit}.`,
  hint: `Add at least ${limit - rows} more example${limit - rows === 1 ? '' : 's'}.`,
});

export const emptyFile = (): DatasetIssue => ({
  line: 0,
  code: 'EMPTY_FILE',
  message: 'The file has no examples.',
  hint: 'Write one JSON object per line, e.g. {"instruction": "…", "response": "…"}.',
});
