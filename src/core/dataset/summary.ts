import type { ValidationReport } from './report';

/** The short chat reply: verdict, counts, the first few errors with line numbers, a hint. */
export function summarizeReport(report: ValidationReport, maxItems = 3): string {
  if (report.valid) {
    const w = report.warningCount ? `, ${report.warningCount} warning${report.warningCount === 1 ? '' : 's'}` : '';
    return `Valid ${report.format} dataset: ${report.rows} rows${w}.`;
  }
  const lines = report.errors.slice(0, maxItems).map((e) => `• ${e.line ? `line ${e.line}: ` : ''}${e.message}${e.hint ? ` — ${e.hint}` : ''}`);
  const more = report.errorCount > lines.length ? `\n…and ${report.errorCount - lines.length} more.` : '';
  return `Invalid dataset: ${report.errorCount} error${report.errorCount === 1 ? '' : 's'}.\n${lines.join('\n')}${more}`;
}
