import { type DatasetFormat, type DatasetIssue, issue } from './report';

export type Row = Record<string, unknown>;
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The fields of an instruction row, from template.json's placeholders or JumpStart's defaults: all
 * (in train.jsonl order), the prompt's, the answer's (present and non-empty), and the optional ones
 * (may be absent or null; written as "" to train.jsonl).
 */
export interface InstructionFields {
  all: readonly string[];
  prompt: readonly string[];
  completion: readonly string[];
  optional: readonly string[];
  fromTemplate: boolean;
}

export const DEFAULT_INSTRUCTION_FIELDS: InstructionFields = {
  all: ['instruction', 'context', 'response'],
  prompt: ['instruction', 'context'],
  completion: ['response'],
  optional: ['context'],
  fromTemplate: false,
};

const NONE: DatasetIssue[] = [];

/** Which format a row is written in, from its keys; null when it is neither. */
export function detectFormat(row: Row, fields: InstructionFields): DatasetFormat | null {
  if ('messages' in row || 'dialog' in row) return 'chat';
  for (const f of fields.all) if (f in row) return 'instruction';
  if (!fields.fromTemplate && 'instruction' in row) return 'instruction';
  return null;
}

/** Common wrong names for the instruction fields, so the hint can say what to rename. */
const ALIASES: Record<string, string> = Object.fromEntries([
  ...['prompt', 'question', 'input', 'query'].map((k) => [k, 'instruction']),
  ...['output', 'answer', 'completion', 'target'].map((k) => [k, 'response']),
]);

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'text';
  return `a ${typeof v}`;
}

/** Non-empty after trimming; checks the first character before trimming a possibly long text. */
export function hasText(v: string): boolean {
  const n = v.length;
  if (n === 0) return false;
  const c = v.charCodeAt(0);
  if (c > 32 && c !== 0xa0 && c !== 0xfeff && c < 0x1680) return true;
  return v.trim().length > 0;
}

const quoted = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(', ');

/** A row that names no known field: says which format it might have meant. */
export function unknownRowIssue(row: Row, line: number, fields: InstructionFields): DatasetIssue {
  const keys = Object.keys(row);
  const renames = keys.filter((k) => ALIASES[k]).map((k) => `"${k}" → "${ALIASES[k]}"`);
  const expected = fields.fromTemplate ? quoted(fields.all) : '"instruction" and "response"';
  const message = `The row has ${quoted(keys.slice(0, 5)) || 'no fields'}, but neither ${expected} nor "messages".`;
  const hint =
    renames.length && !fields.fromTemplate
      ? `Rename ${renames.join(', ')}.`
      : `Write {"instruction": "…", "response": "…"} or {"messages": [{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}]}.`;
  return issue(line, 'MISSING_FIELD', message, hint);
}

/** Checks one instruction row; returns its problems (none for a good row, without allocating). */
export function checkInstructionRow(row: Row, line: number, fields: InstructionFields): DatasetIssue[] {
  let problems = NONE;
  let promptText = fields.prompt.length === 0;
  for (const f of fields.all) {
    const v = row[f];
    if (typeof v === 'string') {
      // The common case first, with no allocation: a filled text.
      if (hasText(v)) {
        if (!promptText && fields.prompt.includes(f)) promptText = true;
        continue;
      }
      const answer = fields.completion.includes(f);
      if (answer || (!fields.optional.includes(f) && !fields.fromTemplate)) {
        const hint = `Write the ${answer ? 'answer' : f} in "${f}", or delete this row.`;
        problems = add(problems, issue(line, 'EMPTY_FIELD', `"${f}" is empty.`, hint));
        promptText ||= !answer; // reported already
      }
      continue;
    }
    const optional = fields.optional.includes(f);
    if (v === undefined || (v === null && optional)) {
      if (!optional) problems = add(problems, missingField(row, line, f, fields));
      continue;
    }
    const hint =
      typeof v === 'object' && v !== null
        ? `Write "${f}" as one string; join several parts with \\n.`
        : `Put the value of "${f}" in double quotes.`;
    problems = add(problems, issue(line, 'WRONG_TYPE', `"${f}" is ${describeType(v)}; it must be text.`, hint));
  }
  if (!promptText && problems === NONE) {
    const message = `The prompt fields (${quoted(fields.prompt)}) are all empty.`;
    problems = [issue(line, 'EMPTY_FIELD', message, 'Write the question or instruction, or delete this row.')];
  }
  return problems;
}

function add(problems: DatasetIssue[], p: DatasetIssue): DatasetIssue[] {
  if (problems === NONE) return [p];
  problems.push(p);
  return problems;
}

function missingField(row: Row, line: number, field: string, fields: InstructionFields): DatasetIssue {
  const keys = Object.keys(row);
  if (fields.fromTemplate) {
    const others = quoted(keys.slice(0, 6));
    const hint = `Add "${field}" to every row, or change {${field}} in template.json${others ? ` to one of this row's fields (${others})` : ''}.`;
    return issue(
      line,
      'MISSING_FIELD',
      `The row has no "${field}" field, which template.json uses as {${field}}.`,
      hint,
    );
  }
  const alias = keys.find((k) => ALIASES[k] === field);
  const hint = alias ? `Rename "${alias}" to "${field}".` : `Add "${field}": "…" to this row.`;
  return issue(line, 'MISSING_FIELD', `The row has no "${field}".`, hint);
}

const ROLE_ALIASES: Record<string, string> = Object.fromEntries([
  ...['human', 'User'].map((k) => [k, 'user']),
  ...['bot', 'gpt', 'model', 'ai', 'Assistant'].map((k) => [k, 'assistant']),
  ['System', 'system'],
]);

/** Advice on chat rows that does not depend on the row. */
const CHAT = {
  both: 'Keep one of them: "messages" or "dialog".',
  add: "Add a user turn and the assistant's answer.",
  turn: 'Write each turn as {"role": "user", "content": "…"}.',
  role: 'Give every turn a "role": "system", "user" or "assistant".',
  content: 'Give every turn its text in "content".',
  string: 'Write the content as one string (no lists of parts, no images).',
  empty: 'Write the text of this turn, or remove the turn.',
  system: 'Only the first turn may be "system".',
  start: "Start with the user's turn (after an optional system turn).",
  alternate: 'Alternate user and assistant turns; merge two turns in a row from the same role into one.',
  end: "End each conversation with the assistant's answer.",
};

/** Checks one chat row: optional system first, then user/assistant alternating, ending with assistant. */
export function checkChatRow(row: Row, line: number): DatasetIssue[] {
  const fail = (code: string, message: string, hint: string) => [issue(line, code, message, hint)];
  const key = 'messages' in row ? 'messages' : 'dialog';
  if ('messages' in row && 'dialog' in row)
    return fail('MIXED_FORMATS', 'The row has both "messages" and "dialog".', CHAT.both);
  const turns = row[key];
  if (!Array.isArray(turns)) {
    const hint = `Write "${key}": [{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}].`;
    return fail('WRONG_TYPE', `"${key}" is ${describeType(turns)}; it must be a list of turns.`, hint);
  }
  if (turns.length === 0) return fail('EMPTY_FIELD', `"${key}" has no turns.`, CHAT.add);
  let expected: 'user' | 'assistant' = 'user';
  for (let i = 0; i < turns.length; i++) {
    const t: unknown = turns[i];
    const at = `${key}[${i}]`;
    if (typeof t !== 'object' || t === null || Array.isArray(t))
      return fail('WRONG_TYPE', `${at} is ${describeType(t)}; each turn must be an object.`, CHAT.turn);
    const { role, content } = t as Row;
    if (role === undefined) return fail('MISSING_FIELD', `${at} has no "role".`, CHAT.role);
    if (role !== 'system' && role !== 'user' && role !== 'assistant') {
      const alias = typeof role === 'string' ? ROLE_ALIASES[role] : undefined;
      const hint = alias ? `Use "${alias}" instead of "${role}".` : 'The roles are "system", "user" and "assistant".';
      return fail('UNKNOWN_ROLE', `${at} has the role ${JSON.stringify(role)?.slice(0, 40)}.`, hint);
    }
    if (content === undefined) return fail('MISSING_FIELD', `${at} has no "content".`, CHAT.content);
    if (typeof content !== 'string')
      return fail('WRONG_TYPE', `The "content" of ${at} is ${describeType(content)}; it must be text.`, CHAT.string);
    if (!hasText(content)) return fail('EMPTY_FIELD', `The "content" of ${at} (${role}) is empty.`, CHAT.empty);
    if (role === 'system') {
      if (i !== 0)
        return fail('BAD_ALTERNATION', `${at} is a system turn after the start of the conversation.`, CHAT.system);
      continue;
    }
    if (role !== expected) {
      const hint = expected === 'user' && i <= 1 ? CHAT.start : CHAT.alternate;
      return fail('BAD_ALTERNATION', `${at} is "${role}" where "${expected}" was expected.`, hint);
    }
    expected = expected === 'user' ? 'assistant' : 'user';
  }
  if (expected === 'user' && turns.length === 1)
    return fail('BAD_ALTERNATION', `"${key}" has only a system turn.`, CHAT.add);
  if (expected === 'assistant') return fail('BAD_ALTERNATION', `"${key}" ends with a user turn.`, CHAT.end);
  return NONE;
}

/** The turns of a chat row that passed checkChatRow. */
export function chatTurns(row: Row): ChatTurn[] {
  return (row.messages ?? row.dialog) as ChatTurn[];
}

/** The train.jsonl line of a checked row: only the fields JumpStart reads, optional ones as "". */
export function trainLine(row: Row, format: DatasetFormat, fields: InstructionFields): string {
  if (format === 'chat') {
    return `${JSON.stringify({ dialog: chatTurns(row).map((t) => ({ role: t.role, content: t.content })) })}\n`;
  }
  const out: Record<string, string> = {};
  for (const f of fields.all) {
    const v = row[f];
    out[f] = typeof v === 'string' ? v : '';
  }
  return `${JSON.stringify(out)}\n`;
}
