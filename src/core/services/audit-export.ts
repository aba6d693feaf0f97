import type { AuditEntry } from '../model';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; formula-looking cells defused. */
function field(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The audit log as CSV: one row per entry, newest first. */
export function auditCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) => [e.at, e.actor, e.action, e.target, e.detail ? JSON.stringify(e.detail) : ''].map(field).join(','));
  return ['at,actor,action,target,detail', ...rows].join('\r\n') + '\r\n';
}
