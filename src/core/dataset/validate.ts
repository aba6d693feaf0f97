import { checkChat, checkInstruction, detectFormat } from './formats';
import { readLines } from './line-reader';
import { MAX_LISTED, type DatasetFormat, type DatasetIssue, type DatasetStats, type ValidateOptions, type ValidationReport } from './report';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const SAMPLE_CAP = 10_000; // token samples kept per field for the percentiles (bounded memory)
const DUPLICATE_CAP = 200_000; // row fingerprints kept for the exact-duplicate check
const estimateTokens = (s: string) => Math.ceil(s.length / 4);
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

const SENSITIVE: { code: string; re: RegExp; what: string }[] = [
  { code: 'EMAIL_ADDRESS', re: /[\w.+-]+@[\w-]+\.[\w.]+/, what: 'an e-mail address' },
  { code: 'PHONE_NUMBER', re: /\+?\d[\d ()-]{8,}\d/, what: 'a phone number' },
  { code: 'SECRET', re: /(AKIA|ASIA)[A-Z0-9]{16}|xox[abposr]-[\w-]{10,}|[MNO][\w-]{23,27}\.[\w-]{6}\.[\w-]{27,}/, what: 'something that looks like a secret key or token' },
];

function percentiles(xs: number[]) {
  if (!xs.length) return { min: 0, median: 0, p95: 0, max: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { min: s[0]!, median: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

/** Stream-validates a dataset: never throws, never holds the whole file, names the line of every error. */
export async function validateDataset(input: AsyncIterable<Uint8Array>, options: ValidateOptions): Promise<ValidationReport> {
  const { limits } = options;
  const errors: DatasetIssue[] = [];
  const warnings: DatasetIssue[] = [];
  const organizerWarnings: DatasetIssue[] = [];
  let errorCount = 0;
  let warningCount = 0;
  const error = (e: DatasetIssue) => { errorCount++; if (errors.length < MAX_LISTED) errors.push(e); };
  const warn = (w: DatasetIssue) => { warningCount++; if (warnings.length < MAX_LISTED) warnings.push(w); };
  let format: DatasetFormat | null = options.format && options.format !== 'auto' ? options.format : null;
  let rows = 0;
  let bytes = 0;
  const samples: Record<string, number[]> = {};
  const seen = new Set<string>();
  let exactDuplicates = 0;
  const hidden = new Set((options.hiddenQuestions ?? []).map(norm));

  const report = (): ValidationReport => {
    const stats: DatasetStats = { rows, tokens: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, percentiles(v)])), exactDuplicates, nearDuplicates: 0 };
    return { valid: errorCount === 0, format, rows, errors, errorCount, warnings, warningCount, stats, organizerWarnings };
  };

  if (options.sizeBytes !== undefined && options.sizeBytes > limits.maxBytes) {
    error({ line: 0, code: 'FILE_TOO_LARGE', message: `The file is ${(options.sizeBytes / 1e6).toFixed(1)} MB; the limit is ${(limits.maxBytes / 1e6).toFixed(1)} MB.`, hint: 'Remove duplicates or split long rows.' });
    return report();
  }
  try {
    for await (const raw of readLines(input, limits.maxLineBytes)) {
      bytes += raw.length + 1;
      if (bytes > limits.maxBytes + 1) {
        error({ line: raw.number, code: 'FILE_TOO_LARGE', message: `The file passes the ${(limits.maxBytes / 1e6).toFixed(1)} MB limit at this line.`, hint: 'Remove duplicates or split the dataset.' });
        break;
      }
      let bytesOfLine = raw.bytes;
      if (raw.number === 1 && bytesOfLine[0] === 0xef && bytesOfLine[1] === 0xbb && bytesOfLine[2] === 0xbf) bytesOfLine = bytesOfLine.subarray(3);
      if (raw.tooLong) { error({ line: raw.number, code: 'LINE_TOO_LONG', message: `The line is ${raw.length} bytes; the limit is ${limits.maxLineBytes}.`, hint: 'Shorten the row or split it into several examples.' }); continue; }
      if (bytesOfLine.includes(0)) { error({ line: raw.number, code: 'NUL_BYTE', message: 'The line contains a NUL byte.', hint: 'Save the file as plain UTF-8 text.' }); continue; }
      let text: string;
      try { text = utf8.decode(bytesOfLine); } catch {
        error({ line: raw.number, code: 'INVALID_UTF8', message: 'The line is not valid UTF-8.', hint: 'Re-save the file with UTF-8 encoding.' });
        continue;
      }
      if (!text.trim()) continue;
      if (raw.number === 1 && text.trimStart().startsWith('[')) {
        error({ line: 1, code: 'JSON_ARRAY', message: 'The file is a JSON array; the league expects JSON Lines.', hint: 'Write one JSON object per line, without the surrounding [ ] and commas.' });
        break;
      }
      let value: unknown;
      try { value = JSON.parse(text); } catch (e) {
        const pos = /position (\d+)/.exec((e as Error).message);
        error({ line: raw.number, code: 'INVALID_JSON', message: `Not valid JSON${pos ? ` (column ${Number(pos[1]) + 1})` : ''}.`, hint: 'Check quotes, commas and braces on this line.', column: pos ? Number(pos[1]) + 1 : undefined });
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        error({ line: raw.number, code: 'WRONG_TYPE', message: 'Each line must be a JSON object.', hint: 'Write {"instruction": "…", "response": "…"} on each line.' });
        continue;
      }
      const row = value as Record<string, unknown>;
      const rowFormat = detectFormat(row);
      if (!rowFormat) { error({ line: raw.number, code: 'MISSING_FIELD', message: 'The row has neither "instruction"/"response" nor "messages".', hint: 'Use {"instruction", "response"} or {"messages": [...]}.' }); continue; }
      format ??= rowFormat;
      if (rowFormat !== format) { error({ line: raw.number, code: 'MIXED_FORMATS', message: `This row is in the ${rowFormat} format; earlier rows are ${format}.`, hint: 'Use one format for the whole file.' }); continue; }
      const problems = format === 'instruction' ? checkInstruction(row, raw.number) : checkChat(row, raw.number);
      if (problems.length) { problems.forEach(error); continue; }
      rows++;
      if (rows === limits.maxRows + 1) error({ line: raw.number, code: 'TOO_MANY_ROWS', message: `More than ${limits.maxRows} rows.`, hint: `Keep your best ${limits.maxRows} examples.` });

      const fields: Record<string, string> = format === 'instruction'
        ? { instruction: row.instruction as string, ...(row.context ? { context: row.context as string } : {}), response: row.response as string }
        : { conversation: ((row.messages ?? row.dialog) as { content: string }[]).map((t) => t.content).join('\n') };
      for (const [k, v] of Object.entries(fields)) {
        const list = (samples[k] ??= []);
        if (list.length < SAMPLE_CAP) list.push(estimateTokens(v));
      }
      const fingerprint = norm(Object.values(fields).join('\u0000'));
      if (seen.has(fingerprint)) { exactDuplicates++; warn({ line: raw.number, code: 'DUPLICATE_ROW', message: 'Exact duplicate of an earlier row.', hint: 'Duplicates add no knowledge; remove them.' }); }
      else if (seen.size < DUPLICATE_CAP) seen.add(fingerprint);
      if (format === 'instruction' && (row.response as string).trim().split(/\s+/).length < 3) warn({ line: raw.number, code: 'SHORT_RESPONSE', message: 'Very short response.', hint: 'Complete answers teach the model more.' });
      const all = Object.values(fields).join(' ');
      if (limits.maxInputTokens && estimateTokens(all) > limits.maxInputTokens) warn({ line: raw.number, code: 'TOO_MANY_TOKENS', message: `About ${estimateTokens(all)} tokens; training cuts rows at ${limits.maxInputTokens}.`, hint: 'Shorten the row.' });
      for (const s of SENSITIVE) if (s.re.test(all)) warn({ line: raw.number, code: s.code, message: `The row contains ${s.what}.`, hint: 'Remove personal data and secrets before training.' });
      const prompt = norm(format === 'instruction' ? (row.instruction as string) : fields.conversation!.split('\n')[0] ?? '');
      if (hidden.has(prompt)) organizerWarnings.push({ line: raw.number, code: 'HIDDEN_QUESTION_OVERLAP', message: 'The instruction matches a hidden evaluation question word for word.' });
      if (options.onTrainLine) await options.onTrainLine(JSON.stringify(format === 'instruction' ? fields : { dialog: (row.messages ?? row.dialog) }) + '\n');
    }
  } catch (e) {
    error({ line: 0, code: 'UNREADABLE', message: `The file could not be read: ${(e as Error).message}`, hint: 'Upload it again.' });
  }
  if (rows === 0 && errorCount === 0) error({ line: 0, code: 'EMPTY_FILE', message: 'The file has no rows.', hint: 'Add at least one example per line.' });
  else if (rows < limits.minRows && errorCount === 0) error({ line: 0, code: 'TOO_FEW_ROWS', message: `${rows} rows; this round needs at least ${limits.minRows}.`, hint: 'Add more examples.' });
  return report();
}
