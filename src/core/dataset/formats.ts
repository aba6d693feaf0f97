import type { DatasetFormat, DatasetIssue } from './report';

type Row = Record<string, unknown>;
const issue = (line: number, code: string, message: string, hint: string): DatasetIssue => ({ line, code, message, hint });

export function detectFormat(row: Row): DatasetFormat | null {
  if (Array.isArray(row.messages) || Array.isArray(row.dialog)) return 'chat';
  if ('instruction' in row || 'response' in row) return 'instruction';
  return null;
}

function text(row: Row, field: string, line: number, required: boolean): DatasetIssue | undefined {
  const v = row[field];
  if (v === undefined) return required ? issue(line, 'MISSING_FIELD', `Missing "${field}".`, `Add a "${field}" string to this row.`) : undefined;
  if (typeof v !== 'string') return issue(line, 'WRONG_TYPE', `"${field}" must be a string, not ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}.`, `Put the ${field} text in quotes.`);
  if (required && !v.trim()) return issue(line, 'EMPTY_FIELD', `"${field}" is empty.`, `Write the ${field}, or remove the row.`);
  return undefined;
}

/** Checks one row of the instruction format: instruction, optional context, response. */
export function checkInstruction(row: Row, line: number): DatasetIssue[] {
  return [text(row, 'instruction', line, true), text(row, 'context', line, false), text(row, 'response', line, true)].filter((x): x is DatasetIssue => !!x);
}

const ROLES = new Set(['system', 'user', 'assistant']);

/** Checks one chat row: optional system first, then user/assistant alternating, ending with assistant. */
export function checkChat(row: Row, line: number): DatasetIssue[] {
  const field = Array.isArray(row.messages) ? 'messages' : 'dialog';
  const turns = row[field] as unknown[];
  if (!turns.length) return [issue(line, 'EMPTY_FIELD', `"${field}" has no turns.`, 'Add at least one user turn and one assistant turn.')];
  let expected: 'user' | 'assistant' = 'user';
  for (const [i, t] of turns.entries()) {
    const at = `${field}[${i}]`;
    if (typeof t !== 'object' || t === null || Array.isArray(t)) return [issue(line, 'WRONG_TYPE', `${at} must be an object with "role" and "content".`, 'Write each turn as {"role": "user", "content": "…"}.')];
    const { role, content } = t as Row;
    if (typeof role !== 'string' || !ROLES.has(role)) return [issue(line, 'UNKNOWN_ROLE', `${at} has role ${JSON.stringify(role)}.`, 'Roles are "system", "user" and "assistant".')];
    if (typeof content !== 'string' || !content.trim()) return [issue(line, 'EMPTY_FIELD', `${at} has no text in "content".`, 'Give every turn a non-empty "content" string.')];
    if (role === 'system') {
      if (i !== 0) return [issue(line, 'BAD_ALTERNATION', `${at} is a system turn after the start.`, 'Only the first turn may be "system".')];
      continue;
    }
    if (role !== expected) return [issue(line, 'BAD_ALTERNATION', `${at} is "${role}" where "${expected}" was expected.`, 'Alternate user and assistant turns, starting with user.')];
    expected = expected === 'user' ? 'assistant' : 'user';
  }
  if (expected !== 'user') return [issue(line, 'BAD_ALTERNATION', `"${field}" ends with a user turn.`, 'End each conversation with the assistant\'s answer.')];
  return [];
}
