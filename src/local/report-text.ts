import type { DatasetIssue, ValidationReport } from '../core/dataset';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;
const where = (i: DatasetIssue) => (i.line > 0 ? `line ${i.line}` : 'the file');

/** Rows the near-duplicate check covered, when it did not cover them all. */
function nearCheckedPart(report: ValidationReport): number | undefined {
  const checked = report.stats.nearDuplicateRowsChecked;
  return checked !== undefined && checked < report.rows ? checked : undefined;
}

/** The full plain-text report for a terminal: verdict, errors with hints, warnings, statistics. */
export function formatReport(
  report: ValidationReport,
  options: { file?: string; maxErrors?: number; maxWarnings?: number } = {},
): string {
  const { maxErrors = 10, maxWarnings = 5 } = options;
  const name = options.file ? `${options.file}: ` : '';
  const format = report.format ? `, ${report.format} format` : '';
  const out: string[] = [];
  out.push(
    report.valid
      ? `✔ ${name}valid — ${plural(report.rows, 'row')}${format}, ${plural(report.warningCount, 'warning')}`
      : `✘ ${name}invalid — ${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')}, ${plural(report.rows, 'row')} passed${format}`,
  );
  const section = (title: string, items: DatasetIssue[], total: number, max: number, hints: boolean) => {
    if (!total) return;
    out.push('', title);
    const width = Math.max(...items.slice(0, max).map((i) => where(i).length));
    for (const i of items.slice(0, max)) {
      out.push(`  ${where(i).padEnd(width)}  ${i.code}: ${i.message}`);
      if (hints && i.hint) out.push(`  ${' '.repeat(width)}  → ${i.hint}`);
    }
    const shown = Math.min(max, items.length);
    if (total > shown) out.push(`  …and ${n(total - shown)} more (use --json to list up to ${items.length}).`);
  };
  section('Errors', report.errors, report.errorCount, maxErrors, true);
  section('Warnings', report.warnings, report.warningCount, maxWarnings, false);
  const fields = Object.entries(report.stats.tokens);
  if (fields.length) {
    out.push('', 'Estimated tokens   min  median   p95    max');
    for (const [field, t] of fields) {
      out.push(`  ${field.padEnd(15)}${[t.min, t.median, t.p95, t.max].map((x) => String(x).padStart(6)).join('')}`);
    }
  }
  if (report.rows) {
    const { exactDuplicates, nearDuplicates } = report.stats;
    const part = nearCheckedPart(report);
    const partial = part === undefined ? '' : ` (near duplicates looked for in the first ${n(part)} rows)`;
    out.push('', `Duplicates: ${n(exactDuplicates)} exact, ${n(nearDuplicates)} near${partial}.`);
  }
  return out.join('\n');
}
