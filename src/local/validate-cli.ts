import {
  type DatasetFormat,
  type DatasetLimits,
  DEFAULT_LIMITS,
  type ValidationReport,
  validateDataset,
} from '../core/dataset';
import { DEFAULT_DATASET_LIMITS } from '../core/services/rounds';
import { formatReport } from './report-text';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => AsyncIterable<Uint8Array>;
  fileSize: (path: string) => Promise<number>;
}

/** Every option of `league validate`, as `--help` and the usage error list them. */
export const VALIDATE_OPTIONS: [string, string][] = [
  ['--format auto|instruction|chat', 'the dataset format (default: auto, from the first row)'],
  ['--min-rows N', `fewest rows the round takes (default ${DEFAULT_DATASET_LIMITS.minRows})`],
  ['--max-rows N', `most rows the round takes (default ${DEFAULT_DATASET_LIMITS.maxRows.toLocaleString('en-US')})`],
  ['--max-mb N', `largest file the round takes, in MB (default ${DEFAULT_DATASET_LIMITS.maxMb})`],
  ['--template template.json', 'the prompt template of an instruction dataset with other field names'],
  ['--json', 'one JSON object: verdict, errors and warnings with their hints, statistics, the limits used'],
  ['--help', 'this text'],
];
export const VALIDATE_SYNOPSIS = `league validate FILE ${VALIDATE_OPTIONS.map(([o]) => `[${o}]`).join(' ')}`;
const VALIDATE_USAGE = `Usage: ${VALIDATE_SYNOPSIS}`;
const VALIDATE_HELP = [
  VALIDATE_USAGE,
  '',
  "Checks a dataset as a round opened with the default limits does (your round's limits are in `/league rounds`).",
  '',
  ...VALIDATE_OPTIONS.map(([o, about]) => `  ${o.padEnd(32)}${about}`),
  '',
  'Exit code: 0 valid, 1 invalid, 2 usage error or unreadable file.',
].join('\n');

/** A template.json is a few lines; anything bigger is not one. */
const MAX_TEMPLATE_BYTES = 1024 * 1024;

interface Args {
  file: string;
  format: 'auto' | DatasetFormat;
  limits: DatasetLimits;
  template?: string;
  json: boolean;
}

function parseArgs(argv: string[]): Args | string {
  let file: string | undefined;
  let format: Args['format'] = 'auto';
  let template: string | undefined;
  let json = false;
  const limits: DatasetLimits = {
    maxLineBytes: DEFAULT_LIMITS.maxLineBytes,
    minRows: DEFAULT_DATASET_LIMITS.minRows,
    maxRows: DEFAULT_DATASET_LIMITS.maxRows,
    maxBytes: DEFAULT_DATASET_LIMITS.maxMb * 1e6,
  };
  let minRowsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--json') json = true;
    else if (flag === '--format') {
      const v = value();
      if (v !== 'auto' && v !== 'instruction' && v !== 'chat')
        return `--format takes auto, instruction or chat${v ? `, not "${v}"` : ''}.`;
      format = v;
    } else if (flag === '--max-rows' || flag === '--min-rows') {
      const raw = value();
      const v = Number(raw);
      if (!raw || !Number.isSafeInteger(v) || v < (flag === '--max-rows' ? 1 : 0))
        return `${flag} takes a whole number${raw ? `, not "${raw}"` : ''}.`;
      if (flag === '--max-rows') limits.maxRows = v;
      else {
        limits.minRows = v;
        minRowsGiven = true;
      }
    } else if (flag === '--max-mb') {
      const raw = value();
      const v = Number(raw);
      if (!raw || !Number.isFinite(v) || v <= 0)
        return `--max-mb takes a number of megabytes${raw ? `, not "${raw}"` : ''}.`;
      limits.maxBytes = Math.round(v * 1e6);
    } else if (flag === '--template') {
      template = value();
      if (!template) return '--template takes the path of a template.json.';
    } else if (flag === '--help' || flag === '-h') return '';
    else if (arg.startsWith('-') && arg !== '-') return `Unknown option ${arg}.`;
    else if (file !== undefined) return `One file at a time (got "${file}" and "${arg}").`;
    else file = arg;
  }
  if (file === undefined) return 'Which file? Give the path of a .jsonl dataset.';
  if (limits.minRows > limits.maxRows) {
    if (minRowsGiven) return `--min-rows (${limits.minRows}) is above --max-rows (${limits.maxRows}).`;
    limits.minRows = limits.maxRows; // the default minimum gives way to an explicit maximum
  }
  return { file, format, limits, template, json };
}

async function readTemplate(io: CliIo, path: string): Promise<unknown> {
  const size = await io.fileSize(path);
  if (size > MAX_TEMPLATE_BYTES) throw new Error(`${path} is ${size} bytes; a template.json is a few lines`);
  const parts: Uint8Array[] = [];
  for await (const chunk of io.readFile(path)) parts.push(chunk);
  const text = new TextDecoder().decode(Buffer.concat(parts)).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message})`);
  }
}

/** The --json shape: one object; each issue with its line (0: the file), code, message, and hint and column when known. */
function jsonReport(report: ValidationReport, limits: DatasetLimits): string {
  const brief = (issues: ValidationReport['errors']) =>
    issues.map(({ line, code, message, hint, column }) => ({
      line,
      code,
      message,
      ...(hint ? { hint } : {}),
      ...(column ? { column } : {}),
    }));
  return JSON.stringify({
    valid: report.valid,
    format: report.format,
    rows: report.rows,
    errors: brief(report.errors),
    warnings: brief(report.warnings),
    stats: report.stats,
    limits: { minRows: limits.minRows, maxRows: limits.maxRows, maxBytes: limits.maxBytes },
  });
}

/** The limits a check used, in words. */
const limitsText = ({ minRows, maxRows, maxBytes }: DatasetLimits) =>
  `${minRows.toLocaleString('en-US')}–${maxRows.toLocaleString('en-US')} rows, ${+(maxBytes / 1e6).toFixed(3)} MB`;

/** `league validate`: exit 0 valid, 1 invalid, 2 usage error or unreadable file. */
export async function runValidateCli(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args === '') {
      io.stdout(VALIDATE_HELP);
      return 0;
    }
    io.stderr(`${args}\n${VALIDATE_USAGE}`);
    return 2;
  }
  let size: number;
  try {
    size = await io.fileSize(args.file);
  } catch {
    io.stderr(`Cannot read ${args.file}: no such file.`);
    return 2;
  }
  let template: unknown;
  if (args.template) {
    try {
      template = await readTemplate(io, args.template);
    } catch (e) {
      io.stderr(
        `Cannot use the template: ${(e as Error).message.includes('ENOENT') ? `${args.template}: no such file` : (e as Error).message}.`,
      );
      return 2;
    }
  }
  let report: ValidationReport;
  try {
    report = await validateDataset(io.readFile(args.file), {
      format: args.format,
      limits: args.limits,
      sizeBytes: size,
      template,
    });
  } catch (e) {
    io.stderr(`Cannot read ${args.file}: ${(e as Error).message}`);
    return 2;
  }
  if (args.json) io.stdout(jsonReport(report, args.limits));
  else {
    const { minRows, maxRows, maxBytes } = args.limits;
    const defaults =
      minRows === DEFAULT_DATASET_LIMITS.minRows &&
      maxRows === DEFAULT_DATASET_LIMITS.maxRows &&
      maxBytes === DEFAULT_DATASET_LIMITS.maxMb * 1e6;
    io.stdout(formatReport(report, { file: args.file }));
    io.stdout(
      defaults
        ? `\nChecked against a round's default limits (${limitsText(args.limits)}). Your round's are in \`/league rounds\`; match them with --min-rows, --max-rows and --max-mb.`
        : `\nChecked against ${limitsText(args.limits)}.`,
    );
  }
  return report.valid ? 0 : 1;
}
