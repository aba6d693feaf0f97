import { DEFAULT_LIMITS, summarizeReport, validateDataset, type DatasetFormat } from '../core/dataset';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => AsyncIterable<Uint8Array>;
  fileSize: (path: string) => Promise<number>;
}

const USAGE = 'Usage: league validate FILE [--format auto|instruction|chat] [--max-rows N] [--json]';

/** `league validate`: exit 0 valid, 1 invalid, 2 usage error or unreadable file. */
export async function runValidateCli(argv: string[], io: CliIo): Promise<number> {
  let file: string | undefined;
  let format: 'auto' | DatasetFormat = 'auto';
  let maxRows = DEFAULT_LIMITS.maxRows;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--format') {
      const v = argv[++i];
      if (v !== 'auto' && v !== 'instruction' && v !== 'chat') { io.stderr(`--format takes auto, instruction or chat.\n${USAGE}`); return 2; }
      format = v;
    } else if (a === '--max-rows') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) { io.stderr(`--max-rows takes a positive whole number.\n${USAGE}`); return 2; }
      maxRows = v;
    } else if (a.startsWith('-')) { io.stderr(`Unknown option ${a}.\n${USAGE}`); return 2; }
    else if (file) { io.stderr(`One file at a time.\n${USAGE}`); return 2; }
    else file = a;
  }
  if (!file) { io.stderr(USAGE); return 2; }
  let size: number;
  try { size = await io.fileSize(file); } catch { io.stderr(`Cannot read ${file}: no such file.`); return 2; }
  const report = await validateDataset(io.readFile(file), { format, limits: { ...DEFAULT_LIMITS, maxRows, minRows: 1 }, sizeBytes: size });
  if (json) {
    io.stdout(JSON.stringify({
      valid: report.valid, format: report.format, rows: report.rows,
      errors: report.errors.map(({ line, code, message }) => ({ line, code, message })),
      warnings: report.warnings.map(({ line, code, message }) => ({ line, code, message })),
      stats: report.stats,
    }));
  } else {
    io.stdout(`${report.valid ? '✔' : '✘'} ${file}\n${summarizeReport(report, 10)}`);
    if (report.warnings.length) io.stdout(report.warnings.slice(0, 5).map((w) => `  warning line ${w.line}: ${w.message}`).join('\n'));
  }
  return report.valid ? 0 : 1;
}
