import { UserError } from './errors';
import type { Hyperparameters } from './model';

export const HYPERPARAMETERS = ['epochs', 'learning_rate', 'lora_r', 'lora_alpha', 'lora_dropout'] as const;
export const VERDICTS = ['A>>B', 'A>B', 'A=B', 'B>A', 'B>>A'] as const;
export type Verdict = (typeof VERDICTS)[number];

export type Command =
  | { kind: 'help' }
  | { kind: 'rounds' }
  | { kind: 'submit'; round?: string; hyperparameters: Partial<Hyperparameters> }
  | { kind: 'status'; submissionId?: string }
  | { kind: 'leaderboard'; round?: string }
  | { kind: 'cancel'; submissionId: string }
  | { kind: 'appeal'; submissionId: string; questionId: string; reason: string }
  | { kind: 'round-open'; options: Record<string, string> }
  | { kind: 'round-questions'; round?: string }
  | { kind: 'round-announce'; round?: string }
  | { kind: 'round-close'; round?: string }
  | { kind: 'round-results'; round?: string }
  | { kind: 'override'; submissionId: string; questionId: string; verdict: Verdict }
  | { kind: 'export'; round?: string }
  | { kind: 'audit'; limit: number };

export type CommandKind = Command['kind'];

/** Commands only organizers may run. */
export const ORGANIZER_COMMANDS: ReadonlySet<CommandKind> = new Set([
  'round-open', 'round-questions', 'round-announce', 'round-close', 'round-results', 'override', 'export', 'audit',
]);

export const ROUND_OPEN_KEYS = [
  'name', 'domain', 'id', 'description', 'deadline', 'quota', 'min_rows', 'max_rows', 'max_mb', 'channel',
  'reference', 'judges', ...HYPERPARAMETERS,
] as const;

interface Usage { syntax: string; about: string }
export const PARTICIPANT_USAGE: Usage[] = [
  { syntax: 'help', about: 'this list' },
  { syntax: 'rounds', about: 'open rounds, their deadlines and limits' },
  { syntax: 'submit [round] [epochs=N learning_rate=X lora_r=N lora_alpha=N lora_dropout=X]', about: 'attach a JSONL dataset to fine-tune and get judged' },
  { syntax: 'status [submission]', about: 'where your submission is; your latest if no id' },
  { syntax: 'leaderboard [round]', about: 'standings with 95% intervals' },
  { syntax: 'cancel <submission>', about: 'stop a submission (refunded before training starts)' },
  { syntax: 'appeal <submission> <question> <reason…>', about: 'ask organizers to review one judgment' },
];
export const ORGANIZER_USAGE: Usage[] = [
  { syntax: 'round open name="…" domain="…" [deadline=YYYY-MM-DD quota=N min_rows=N max_rows=N max_mb=N epochs=1-5 …]', about: 'open a round' },
  { syntax: 'round questions [round]', about: 'attach the hidden question set (JSONL: id, category, question, gold)' },
  { syntax: 'round announce [round]', about: 'announce the round in its channel' },
  { syntax: 'round close [round]', about: 'stop accepting submissions' },
  { syntax: 'round results [round]', about: 'post the final standings' },
  { syntax: 'override <submission> <question> <A>>B|A>B|A=B|B>A|B>>A>', about: 'replace a judgment (candidate is A)' },
  { syntax: 'export [round]', about: 'CSV of every submission' },
  { syntax: 'audit [N]', about: 'the last N entries of the audit log (default 200), as CSV' },
];

/** Splits on whitespace, keeping "quoted text" (straight or curly quotes) together. */
export function tokenize(input: string): string[] {
  const tokens: string[] = [];
  const re = /(?:[^\s"“”']+|"[^"]*"|“[^”]*”|'[^']*')+/g;
  for (const m of input.normalize('NFC').matchAll(re)) {
    tokens.push(m[0].replace(/(^|=)["“']|["”']$/g, '$1'));
  }
  return tokens;
}

const usageError = (message: string, syntax?: string) =>
  new UserError('BAD_COMMAND', message, syntax ? `Usage: /league ${syntax}` : 'Type `/league help` for the commands.');

function keyValues(tokens: string[], allowed: readonly string[]): { options: Record<string, string>; rest: string[] } {
  const options: Record<string, string> = {};
  const rest: string[] = [];
  for (const t of tokens) {
    const eq = t.indexOf('=');
    if (eq <= 0) { rest.push(t); continue; }
    const key = t.slice(0, eq).toLowerCase().replace(/-/g, '_');
    if (!allowed.includes(key)) throw usageError(`Unknown option \`${key}\`. Known: ${allowed.join(', ')}.`);
    options[key] = t.slice(eq + 1);
  }
  return { options, rest };
}

function parseHyperparameters(options: Record<string, string>): Partial<Hyperparameters> {
  const out: Partial<Hyperparameters> = {};
  for (const [key, raw] of Object.entries(options)) {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw usageError(`\`${key}\` must be a number, got \`${raw}\`.`);
    out[key as keyof Hyperparameters] = value;
  }
  return out;
}

const one = (rest: string[], what: string, syntax: string): string => {
  if (!rest[0]) throw usageError(`Missing ${what}.`, syntax);
  return rest[0];
};

/** Parses the text after `/league` into a Command, or throws a UserError with usage. */
export function parseCommand(input: string): Command {
  const tokens = tokenize(input.trim().replace(/^\/league\s*/i, ''));
  const [head, ...rest] = tokens;
  const sub = (head ?? 'help').toLowerCase();
  switch (sub) {
    case 'help': case '?': return { kind: 'help' };
    case 'rounds': return { kind: 'rounds' };
    case 'submit': {
      const { options, rest: positional } = keyValues(rest, HYPERPARAMETERS);
      return { kind: 'submit', round: positional[0], hyperparameters: parseHyperparameters(options) };
    }
    case 'status': return { kind: 'status', submissionId: rest[0] };
    case 'leaderboard': case 'lb': return { kind: 'leaderboard', round: rest[0] };
    case 'cancel': return { kind: 'cancel', submissionId: one(rest, 'the submission id', 'cancel <submission>') };
    case 'appeal': {
      const syntax = 'appeal <submission> <question> <reason…>';
      if (rest.length < 3) throw usageError('An appeal needs a submission, a question and a reason.', syntax);
      return { kind: 'appeal', submissionId: rest[0]!, questionId: rest[1]!, reason: rest.slice(2).join(' ') };
    }
    case 'round': return parseRound(rest);
    case 'override': {
      const syntax = 'override <submission> <question> <verdict>';
      if (rest.length !== 3) throw usageError('An override needs a submission, a question and a verdict.', syntax);
      const verdict = rest[2]!.replace(/^\[\[|\]\]$/g, '').toUpperCase();
      if (!(VERDICTS as readonly string[]).includes(verdict)) throw usageError(`Unknown verdict \`${rest[2]}\`: use one of ${VERDICTS.join(' ')}.`, syntax);
      return { kind: 'override', submissionId: rest[0]!, questionId: rest[1]!, verdict: verdict as Verdict };
    }
    case 'export': return { kind: 'export', round: rest[0] };
    case 'audit': {
      const limit = rest[0] === undefined ? 200 : Number(rest[0]);
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw usageError('`audit` takes a number of entries from 1 to 5000.', 'audit [N]');
      return { kind: 'audit', limit };
    }
    default:
      throw usageError(`Unknown command \`${head}\`.`);
  }
}

function parseRound(rest: string[]): Command {
  const [action, ...args] = rest;
  switch ((action ?? '').toLowerCase()) {
    case 'open': {
      const { options, rest: extra } = keyValues(args, ROUND_OPEN_KEYS);
      if (extra.length) throw usageError(`Unexpected \`${extra[0]}\`: round options are key=value.`, ORGANIZER_USAGE[0]!.syntax);
      if (!options.name) throw usageError('A round needs a name.', ORGANIZER_USAGE[0]!.syntax);
      return { kind: 'round-open', options };
    }
    case 'questions': return { kind: 'round-questions', round: args[0] };
    case 'announce': return { kind: 'round-announce', round: args[0] };
    case 'close': return { kind: 'round-close', round: args[0] };
    case 'results': return { kind: 'round-results', round: args[0] };
    default:
      throw usageError(action ? `Unknown round action \`${action}\`.` : 'Which round action?', 'round open|questions|announce|close|results');
  }
}
