import type { AuditEntry } from '../model';
import { csv } from './csv';

/** The audit log as CSV: one row per entry, newest first. */
export function auditCsv(entries: AuditEntry[]): string {
  return csv(
    ['at', 'actor', 'action', 'target', 'detail'],
    entries.map((e) => [e.at, e.actor, e.action, e.target, e.detail ? JSON.stringify(e.detail) : '']),
  );
}
