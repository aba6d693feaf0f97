import type { DatasetIssue, ValidationReport } from './report';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;
const where = (i: DatasetIssue) => (i.line > 0 ? `line ${i.line}` : 'file');

/** Warning codes grouped into words a member reads at a glance, e.g. "2 exact duplicates". */
const WARNING_WORDS: Record<string, string> = {
  DUPLICATE_ROW: 'exact duplicate',
  NEAR_DUPLICATE: 'near duplicate',
  SHORT_RESPONSE: 'very short answer',
  TOO_MANY_TOKENS: 'over-long example',
  EMAIL_ADDRESS: 'e-mail address',
  PHONE_NUMBER: 'phone number',
  AWS_ACCESS_KEY: 'AWS key',
  SLACK_TOKEN: 'Slack token',
  DISCORD_TOKEN: 'Discord token',
  PRIVATE_KEY: 'private key',
  IGNORED_FIELD: 'unused field',
};

/** Rows the near-duplicate check covered, when it did not cover them all. */
function nearCheckedPart(report: ValidationReport): number | undefined {
  const checked = report.stats.nearDuplicateRowsChecked;
  return checked !== undefined && checked < report.rows ? checked : undefined;
}

function warningBreakdown(warnings: DatasetIssue[]): string {
  const counts = new Map<string, number>();
  for (const w of warnings) {
    const word = WARNING_WORDS[w.code] ?? 'other';
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].map(([word, count]) => plural(count, word)).join(', ');
}

/**
 * The short chat reply: verdict, counts, the first few errors with line numbers, a hint.
 * Plain text (no platform markup); the full report is stored separately.
 */
export function summarizeReport(report: ValidationReport, maxItems = 3): string {
  if (report.valid) {
    const head = `Valid ${report.format ?? ''} dataset: ${plural(report.rows, 'row')}`.replace('  ', ' ');
    const part = nearCheckedPart(report);
    const near = part === undefined ? '' : ` Near duplicates were looked for in the first ${n(part)} rows.`;
    if (!report.warningCount) return `${head}, no warnings.${near}`;
    // The breakdown covers the listed warnings; the count covers them all.
    const listed = report.warnings.length < report.warningCount ? ' (first ones)' : '';
    const lines = report.warnings.slice(0, maxItems).map((w) => `• ${where(w)}: ${w.message}`);
    return `${head}, ${plural(report.warningCount, 'warning')}: ${warningBreakdown(report.warnings)}${listed}.${near}\n${lines.join('\n')}`;
  }
  const shown = report.errors.slice(0, maxItems);
  const lines = shown.map((e) => `• ${where(e)}: ${e.message}${e.hint ? ` ${e.hint}` : ''}`);
  const more =
    report.errorCount > shown.length ? `\n…and ${plural(report.errorCount - shown.length, 'more error')}.` : '';
  const rows = report.rows ? ` (${plural(report.rows, 'row')} passed)` : '';
  const fix = shown.some((e) => e.line > 0)
    ? '\nFix the lines above and upload the file again.'
    : '\nFix this and upload the file again.';
  return `Invalid dataset: ${plural(report.errorCount, 'error')}${rows}.\n${lines.join('\n')}${more}${fix}`;
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
