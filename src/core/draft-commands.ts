import { UserError } from './errors';
import { charCount } from './messages/truncate';

/** A draft as a command names it: its id, pinned to a version when a button carries it (`d2k3.2`). */
export interface DraftRef {
  draftId: string;
  version?: number;
}

export type DraftCommand =
  | { kind: 'generate'; round?: string; topic: string; count?: number; style?: string }
  | { kind: 'refine'; draftId: string; feedback: string; all: boolean }
  | { kind: 'draft'; draftId: string; page?: number }
  | { kind: 'draft-keep' | 'draft-drop'; draftId: string; version?: number; rows: number[] }
  | { kind: 'draft-page'; draftId: string; version?: number; page: number };

export const GENERATE_SYNTAX = 'generate [round] topic="…" count=N [style="…"]';
export const REFINE_SYNTAX = 'refine <draft> [all] "feedback"';
const DRAFT_SYNTAX = 'draft <draft> [page] | draft keep|drop <draft> <rows>';

/** Longest topic, style or feedback a member may give the generator, in characters. */
export const MAX_GENERATION_TEXT = 500;
/** Most rows one `generate` may ask for, whatever the round allows. */
export const MAX_GENERATE_COUNT = 2000;

const usage = (message: string, syntax: string) => new UserError('BAD_COMMAND', message, `Usage: /league ${syntax}`);

function text(value: string | undefined, what: string, syntax: string): string | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  if (!t) throw usage(`The ${what} is empty.`, syntax);
  if (charCount(t) > MAX_GENERATION_TEXT)
    throw usage(`The ${what} is at most ${MAX_GENERATION_TEXT} characters.`, syntax);
  return t;
}

/** `generate [round] topic="…" count=N [style="…"]`: the round is the only positional word. */
export function parseGenerate(tokens: string[]): DraftCommand {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (const t of tokens) {
    const eq = t.indexOf('=');
    if (eq <= 0) {
      positional.push(t);
      continue;
    }
    const key = t.slice(0, eq).toLowerCase();
    if (!['topic', 'count', 'style'].includes(key))
      throw usage(`Unknown option \`${key}\`. Known: topic, count, style.`, GENERATE_SYNTAX);
    options[key] = t.slice(eq + 1);
  }
  if (positional.length > 1)
    throw usage(`Unexpected \`${positional[1]}\`: put the topic in quotes, topic="…".`, GENERATE_SYNTAX);
  const topic = text(options.topic, 'topic', GENERATE_SYNTAX);
  if (!topic) throw usage('What should the pairs be about? Give a topic="…".', GENERATE_SYNTAX);
  let count: number | undefined;
  if (options.count !== undefined) {
    count = Number(options.count);
    if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATE_COUNT)
      throw usage(`\`count\` is a whole number of rows from 1 up, got \`${options.count}\`.`, GENERATE_SYNTAX);
  }
  const style = text(options.style, 'style', GENERATE_SYNTAX);
  return {
    kind: 'generate',
    ...(positional[0] ? { round: positional[0] } : {}),
    topic,
    ...(count ? { count } : {}),
    ...(style ? { style } : {}),
  };
}

/** `refine <draft> [all] "feedback"`: the feedback is the raw rest of the line, so its punctuation survives. */
export function parseRefine(tokens: string[], input: string): DraftCommand {
  const draftId = tokens[0];
  if (!draftId) throw usage('Which draft? Its id is in the DM that brought it.', REFINE_SYNTAX);
  const rest = new RegExp(`^\\s*(?:/league\\s+)?refine\\s+${escapeRegExp(draftId)}\\b([\\s\\S]*)$`, 'i').exec(
    input.normalize('NFC'),
  )?.[1];
  let raw = (rest ?? tokens.slice(1).join(' ')).trim();
  const all = /^all\b/i.test(raw);
  if (all) raw = raw.slice(3).trim();
  const feedback = text(
    (/^(["“'])([\s\S]*)["”']$/.exec(raw)?.[2] ?? raw).trim() || undefined,
    'feedback',
    REFINE_SYNTAX,
  );
  if (!feedback) throw usage('Say what to change, in quotes.', REFINE_SYNTAX);
  return { kind: 'refine', draftId, feedback, all };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `d2k3` or `d2k3.2`, as buttons send it: a stale button can never act on a newer version. */
function draftRef(token: string | undefined, syntax: string): DraftRef {
  if (!token) throw usage('Which draft? Its id is in the DM that brought it.', syntax);
  const m = /^(.+?)(?:\.(\d{1,4}))?$/.exec(token)!;
  return { draftId: m[1]!, ...(m[2] ? { version: Number(m[2]) } : {}) };
}

/** Row numbers: `3`, `3,5`, `3-7`, or several words of those. */
function rowList(tokens: string[], syntax: string): number[] {
  const rows = new Set<number>();
  for (const part of tokens.join(',').split(',')) {
    if (!part.trim()) continue;
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part.trim());
    const lo = Number(m?.[1]);
    const hi = Number(m?.[2] ?? m?.[1]);
    if (!m || lo < 1 || hi < lo || hi - lo > MAX_GENERATE_COUNT)
      throw usage(`\`${part.trim()}\` is not a row number or a range like 3-7.`, syntax);
    for (let r = lo; r <= hi; r++) rows.add(r);
  }
  if (!rows.size) throw usage('Which rows? Give their numbers, e.g. 3 or 3-7.', syntax);
  return [...rows].sort((a, b) => a - b);
}

function page(token: string | undefined, syntax: string): number | undefined {
  if (token === undefined) return undefined;
  const n = Number(token);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw usage(`\`${token}\` is not a page number.`, syntax);
  return n;
}

/** `draft <draft> [page]`, `draft keep|drop <draft> <rows>`, `draft page <draft> <n>` (the preview's buttons). */
export function parseDraft(tokens: string[]): DraftCommand {
  const [first, ...rest] = tokens;
  const action = (first ?? '').toLowerCase();
  if (action === 'keep' || action === 'drop') {
    const syntax = `draft ${action} <draft> <rows>`;
    const ref = draftRef(rest[0], syntax);
    return { kind: action === 'keep' ? 'draft-keep' : 'draft-drop', ...ref, rows: rowList(rest.slice(1), syntax) };
  }
  if (action === 'page') {
    const syntax = 'draft page <draft> <n>';
    const ref = draftRef(rest[0], syntax);
    const n = page(rest[1], syntax);
    if (n === undefined) throw usage('Which page?', syntax);
    return { kind: 'draft-page', ...ref, page: n };
  }
  if (!first) throw usage('Which draft? Its id is in the DM that brought it.', DRAFT_SYNTAX);
  if (rest.length > 1) throw usage(`Unexpected \`${rest[1]}\`.`, DRAFT_SYNTAX);
  const n = page(rest[0], DRAFT_SYNTAX);
  return { kind: 'draft', draftId: first, ...(n ? { page: n } : {}) };
}
