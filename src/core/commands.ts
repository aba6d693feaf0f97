import {
  type DraftCommand,
  GENERATE_SYNTAX,
  parseDraft,
  parseGenerate,
  parseRefine,
  REFINE_SYNTAX,
} from './draft-commands';
import { UserError } from './errors';
import { charCount } from './messages/truncate';
import type { Hyperparameters } from './model';
import { type Criterion, RUBRIC } from './scoring/finale';

export const HYPERPARAMETERS = ['epochs', 'learning_rate', 'lora_r', 'lora_alpha', 'lora_dropout'] as const;
export const VERDICTS = ['A>>B', 'A>B', 'A=B', 'B>A', 'B>>A'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A finale prompt: its number in the live finale, or pinned to a finale (buttons carry that). */
export interface PromptRef {
  finaleId?: string;
  number: number;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'rounds' }
  /** With `draftId`, the member's reviewed draft is the dataset (no file). */
  | { kind: 'submit'; round?: string; hyperparameters: Partial<Hyperparameters>; draftId?: string }
  | { kind: 'status'; submissionId?: string }
  | { kind: 'leaderboard'; round?: string }
  | { kind: 'cancel'; submissionId: string }
  | { kind: 'appeal'; submissionId: string; questionId: string; reason: string }
  | { kind: 'round-open'; options: Record<string, string> }
  | { kind: 'round-questions'; round?: string }
  | { kind: 'round-announce'; round?: string }
  | { kind: 'round-close'; round?: string }
  | { kind: 'round-results'; round?: string }
  | {
      kind: 'override';
      submissionId: string;
      questionId: string;
      verdict: Verdict;
      /** Set when the override applies what people agreed on in calibration. */
      source?: 'calibration';
    }
  | { kind: 'export'; round?: string }
  | { kind: 'audit'; limit: number }
  | { kind: 'undelivered'; limit: number }
  /** No finalists: the top five members of the round's final standings. */
  | { kind: 'finale-start'; round: string; finalists: string[] }
  /** A finalist's system prompt for their model's next answers; empty clears it. */
  | { kind: 'finale-system-prompt'; prompt: string }
  | { kind: 'finale-next'; prompt: string }
  | { kind: 'finale-end' }
  | { kind: 'finale-vote'; finalist: string; prompt?: PromptRef }
  /** One rubric criterion, or all three at once when `criterion` is absent. */
  | { kind: 'finale-score'; finalist: string; score: number; criterion?: Criterion; prompt?: PromptRef }
  | { kind: 'runs'; round?: string }
  /** Ask one's own trained model and the reference the same question; the answers come by DM. */
  | { kind: 'try'; submissionId: string; question: string }
  | { kind: 'calibrate'; round?: string }
  | { kind: 'calibrate-join' }
  /** A person's verdict on the pair as shown to them; null for "can't tell". */
  | { kind: 'calibrate-label'; pairId: string; verdict: Verdict | null }
  | { kind: 'calibration'; round?: string }
  | DraftCommand;

export type CommandKind = Command['kind'];

const KINDS: Record<CommandKind, true> = {
  help: true,
  rounds: true,
  submit: true,
  status: true,
  leaderboard: true,
  cancel: true,
  appeal: true,
  'round-open': true,
  'round-questions': true,
  'round-announce': true,
  'round-close': true,
  'round-results': true,
  override: true,
  export: true,
  audit: true,
  undelivered: true,
  'finale-start': true,
  'finale-system-prompt': true,
  'finale-next': true,
  'finale-end': true,
  'finale-vote': true,
  'finale-score': true,
  runs: true,
  try: true,
  calibrate: true,
  'calibrate-join': true,
  'calibrate-label': true,
  calibration: true,
  generate: true,
  refine: true,
  draft: true,
  'draft-keep': true,
  'draft-drop': true,
  'draft-page': true,
};
/** Every command kind (the record above makes the compiler check the list is complete). */
export const COMMAND_KINDS = Object.keys(KINDS) as CommandKind[];

/** Commands only organizers may run. */
export const ORGANIZER_COMMANDS: ReadonlySet<CommandKind> = new Set([
  'round-open',
  'round-questions',
  'round-announce',
  'round-close',
  'round-results',
  'override',
  'export',
  'audit',
  'undelivered',
  'finale-start',
  'finale-next',
  'finale-end',
  'calibration',
]);

/** How many undelivered messages `undelivered` lists by default, and at most. */
export const UNDELIVERED_DEFAULT = 20;
export const UNDELIVERED_MAX = 100;

/** Longest finale prompt, in characters. */
export const MAX_FINALE_PROMPT_CHARS = 2000;
/** Longest `try` question, in characters. */
export const MAX_TRY_QUESTION_CHARS = 2000;
/** Longest system prompt a finalist may give their model, in characters. */
export const MAX_SYSTEM_PROMPT_CHARS = 1000;

export const ROUND_OPEN_KEYS = [
  'name',
  'domain',
  'id',
  'description',
  'deadline',
  'quota',
  'min_rows',
  'max_rows',
  'max_mb',
  'public',
  'leakage',
  'channel',
  'reference',
  'judges',
  'try_per_day',
  'generate_tokens',
  'generate_max',
  ...HYPERPARAMETERS,
] as const;

interface Usage {
  syntax: string;
  about: string;
}
export const PARTICIPANT_USAGE: Usage[] = [
  { syntax: 'help', about: 'this list' },
  { syntax: 'rounds', about: 'open rounds, their deadlines and limits' },
  {
    syntax: 'submit [round] [epochs=N learning_rate=X lora_r=N lora_alpha=N lora_dropout=X]',
    about: 'attach a JSONL dataset to fine-tune and get judged',
  },
  { syntax: 'status [submission]', about: "one submission, or your latest ten and today's quota" },
  { syntax: 'leaderboard [round]', about: 'standings with 95% intervals' },
  { syntax: 'cancel <submission>', about: 'stop a submission (refunded before training starts)' },
  { syntax: 'runs [round]', about: 'your submissions side by side: hyperparameters, rows, win rate, cost, a chart' },
  {
    syntax: 'try <submission> "<question>"',
    about: 'ask your trained model and the reference the same question; both answers and the verdict by DM',
  },
  { syntax: 'appeal <submission> <question> <reason…>', about: 'ask organizers to review one judgment' },
  { syntax: GENERATE_SYNTAX, about: "draft instruction–response pairs for the round's domain (a .jsonl in your DMs)" },
  { syntax: 'draft <draft> [page]', about: 'review a draft: keep or drop each row' },
  { syntax: REFINE_SYNTAX, about: 'regenerate the dropped rows (or all) with your feedback' },
  { syntax: 'submit draft=<draft> [hyperparameters]', about: 'submit the reviewed draft (the rows you kept)' },
  {
    syntax: 'finale vote <finalist>',
    about: 'Grand Finale: vote for the best answer to the open prompt (one vote per prompt)',
  },
  {
    syntax: 'finale score <finalist> <1-10> [accuracy|coherence|domain]',
    about: "Grand Finale experts: score a finalist's answer to the open prompt (one criterion, or all three)",
  },
  {
    syntax: 'finale prompt "<system prompt>"',
    about: 'Grand Finale finalists: the system prompt for your model from the next prompt on (`clear` removes it)',
  },
  {
    syntax: 'calibrate [round] | calibrate join',
    about: 'check the judge: label blind pairs of answers (members join first; closed rounds, public questions)',
  },
];
export const ORGANIZER_USAGE: Usage[] = [
  {
    syntax:
      'round open name="…" domain="…" [deadline=YYYY-MM-DD quota=N min_rows=N max_rows=N max_mb=N public=0.3 leakage=block|warn try_per_day=N generate_tokens=N generate_max=N epochs=1-5 …]',
    about: 'open a round',
  },
  {
    syntax: 'round questions [round]',
    about: 'attach the hidden question set (JSONL: id, category, question, gold, split)',
  },
  { syntax: 'round announce [round]', about: 'announce the round in its channel' },
  { syntax: 'round close [round]', about: 'stop accepting submissions' },
  { syntax: 'round results [round]', about: 'post the final standings' },
  { syntax: 'override <submission> <question> <A>>B|A>B|A=B|B>A|B>>A>', about: 'replace a judgment (candidate is A)' },
  { syntax: 'export [round]', about: 'CSV of every submission' },
  { syntax: 'audit [N]', about: 'the last N entries of the audit log (default 200), as CSV' },
  { syntax: 'undelivered [N]', about: 'the last N messages chat never delivered (default 20), and why' },
  {
    syntax: 'finale start <round> [finalist…]',
    about: 'start the Grand Finale (finalists: members or submission ids; none: the top five of a closed round)',
  },
  {
    syntax: 'finale next "<prompt>"',
    about: 'put a prompt to every finalist and the reference; closes voting on the previous one',
  },
  { syntax: 'finale end', about: 'close voting and announce the final standing' },
  {
    syntax: 'calibration [round]',
    about: "how often the judge agrees with people's blind labels, and the judgments they dispute",
  },
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

/** Edit distance (insert, delete, replace, swap two neighbours), for "did you mean". */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/** The known word a typo most likely meant: one edit away for words up to five letters, two for longer ones. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase().slice(0, 40);
  let best: string | undefined;
  let bestDistance = w.length > 5 ? 3 : 2;
  for (const k of known) {
    const distance = k.startsWith(w) && w.length >= 3 ? 1 : editDistance(w, k);
    if (distance < bestDistance) [best, bestDistance] = [k, distance];
  }
  return best;
}

const COMMAND_WORDS = [
  'help',
  'rounds',
  'submit',
  'status',
  'leaderboard',
  'cancel',
  'runs',
  'try',
  'appeal',
  'round',
  'finale',
  'override',
  'export',
  'calibrate',
  'calibration',
  'audit',
];
const ROUND_ACTIONS = ['open', 'questions', 'announce', 'close', 'results'];
const FINALE_ACTIONS = ['start', 'next', 'end', 'vote', 'score'];

/** "Unknown command `x`." with the likely one, if any, as the hint. */
function unknown(what: string, word: string, known: readonly string[], prefix: string, syntax?: string) {
  const guess = didYouMean(word, known);
  const message = `Unknown ${what} \`${word}\`.`;
  if (!guess) return usageError(message, syntax);
  return new UserError(
    'BAD_COMMAND',
    `${message} Did you mean \`${prefix}${guess}\`?`,
    'Type `/league help` for the commands.',
  );
}

function keyValues(tokens: string[], allowed: readonly string[]): { options: Record<string, string>; rest: string[] } {
  const options: Record<string, string> = {};
  const rest: string[] = [];
  for (const t of tokens) {
    const eq = t.indexOf('=');
    if (eq <= 0) {
      rest.push(t);
      continue;
    }
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
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'rounds':
      return { kind: 'rounds' };
    case 'submit': {
      const { options, rest: positional } = keyValues(rest, [...HYPERPARAMETERS, 'draft']);
      const { draft, ...numbers } = options;
      if (draft !== undefined && !draft.trim()) throw usageError('Which draft? `draft=<id>`.', 'submit draft=<draft>');
      return {
        kind: 'submit',
        round: positional[0],
        hyperparameters: parseHyperparameters(numbers),
        ...(draft ? { draftId: draft.trim() } : {}),
      };
    }
    case 'generate':
      return parseGenerate(rest);
    case 'refine':
      return parseRefine(rest, input);
    case 'draft':
      return parseDraft(rest);
    case 'status':
      return { kind: 'status', submissionId: rest[0] };
    case 'leaderboard':
    case 'lb':
      return { kind: 'leaderboard', round: rest[0] };
    case 'cancel':
      return { kind: 'cancel', submissionId: one(rest, 'the submission id', 'cancel <submission>') };
    case 'runs':
      return { kind: 'runs', round: rest[0] };
    case 'try':
      return parseTry(rest, input);
    case 'appeal': {
      const syntax = 'appeal <submission> <question> <reason…>';
      if (rest.length < 3) throw usageError('An appeal needs a submission, a question and a reason.', syntax);
      return { kind: 'appeal', submissionId: rest[0]!, questionId: rest[1]!, reason: rest.slice(2).join(' ') };
    }
    case 'round':
      return parseRound(rest);
    case 'finale':
      return parseFinale(rest, input);
    case 'override': {
      const syntax = 'override <submission> <question> <verdict>';
      if (rest.length !== 3) throw usageError('An override needs a submission, a question and a verdict.', syntax);
      const verdict = rest[2]!.replace(/^\[\[|\]\]$/g, '').toUpperCase();
      if (!(VERDICTS as readonly string[]).includes(verdict))
        throw usageError(`Unknown verdict \`${rest[2]}\`: use one of ${VERDICTS.join(' ')}.`, syntax);
      return { kind: 'override', submissionId: rest[0]!, questionId: rest[1]!, verdict: verdict as Verdict };
    }
    case 'export':
      return { kind: 'export', round: rest[0] };
    case 'calibrate':
      return parseCalibrate(rest);
    case 'calibration':
      // `calibration override …` is what the organizers' button sends: an override people agreed on.
      if (rest[0]?.toLowerCase() === 'override') {
        const command = parseCommand(`override ${rest.slice(1).join(' ')}`);
        return command.kind === 'override' ? { ...command, source: 'calibration' } : command;
      }
      return { kind: 'calibration', round: rest[0] };
    case 'audit': {
      const limit = rest[0] === undefined ? 200 : Number(rest[0]);
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
        throw usageError('`audit` takes a number of entries from 1 to 5000.', 'audit [N]');
      return { kind: 'audit', limit };
    }
    case 'undelivered': {
      const limit = rest[0] === undefined ? UNDELIVERED_DEFAULT : Number(rest[0]);
      if (!Number.isInteger(limit) || limit < 1 || limit > UNDELIVERED_MAX)
        throw usageError(`\`undelivered\` takes a number of messages from 1 to ${UNDELIVERED_MAX}.`, 'undelivered [N]');
      return { kind: 'undelivered', limit };
    }
    default:
      throw unknown('command', head!, COMMAND_WORDS, '/league ');
  }
}

function parseRound(rest: string[]): Command {
  const [action, ...args] = rest;
  switch ((action ?? '').toLowerCase()) {
    case 'open': {
      const { options, rest: extra } = keyValues(args, ROUND_OPEN_KEYS);
      if (extra.length)
        throw usageError(`Unexpected \`${extra[0]}\`: round options are key=value.`, ORGANIZER_USAGE[0]!.syntax);
      if (!options.name) throw usageError('A round needs a name.', ORGANIZER_USAGE[0]!.syntax);
      return { kind: 'round-open', options };
    }
    case 'questions':
      return { kind: 'round-questions', round: args[0] };
    case 'announce':
      return { kind: 'round-announce', round: args[0] };
    case 'close':
      return { kind: 'round-close', round: args[0] };
    case 'results':
      return { kind: 'round-results', round: args[0] };
    default:
      if (!action) throw usageError('Which round action?', 'round open|questions|announce|close|results');
      throw unknown(
        'round action',
        action,
        ROUND_ACTIONS,
        '/league round ',
        'round open|questions|announce|close|results',
      );
  }
}

const CALIBRATE_SYNTAX = 'calibrate [round] | calibrate join | calibrate label <pair> <A>>B|A>B|A=B|B>A|B>>A|unsure>';

function parseCalibrate(rest: string[]): Command {
  const [first, ...args] = rest;
  switch ((first ?? '').toLowerCase()) {
    case 'join':
      return { kind: 'calibrate-join' };
    case 'label': {
      if (args.length !== 2) throw usageError('Label one pair with one verdict.', CALIBRATE_SYNTAX);
      const raw = args[1]!.replace(/^\[\[|\]\]$/g, '').toUpperCase();
      if (raw === 'UNSURE') return { kind: 'calibrate-label', pairId: args[0]!, verdict: null };
      if (!(VERDICTS as readonly string[]).includes(raw))
        throw usageError(
          `Unknown verdict \`${args[1]}\`: use one of ${VERDICTS.join(' ')} or unsure.`,
          CALIBRATE_SYNTAX,
        );
      return { kind: 'calibrate-label', pairId: args[0]!, verdict: raw as Verdict };
    }
    // `pair` reads as on Discord, where `calibrate` is a group: `/league calibrate pair [round]`.
    case 'pair':
      return { kind: 'calibrate', round: args[0] };
    default:
      if (args.length) throw usageError(`Unexpected \`${args[0]}\`.`, CALIBRATE_SYNTAX);
      return { kind: 'calibrate', round: first };
  }
}

const TRY_SYNTAX = 'try <submission> "<question>"';

/** The question is the raw rest of the line after the submission (quotes optional), so its punctuation survives. */
function parseTry(rest: string[], input: string): Command {
  const submissionId = one(rest, 'the submission id', TRY_SYNTAX);
  const raw = /^\s*(?:\/league\s+)?try\s+\S+([\s\S]*)$/i.exec(input.normalize('NFC').trim())?.[1]?.trim() ?? '';
  const question = (/^(["“'])([\s\S]*)["”']$/.exec(raw)?.[2] ?? raw).trim();
  if (!question) throw usageError('Which question should your model answer?', TRY_SYNTAX);
  if (charCount(question) > MAX_TRY_QUESTION_CHARS)
    throw usageError(`A question is at most ${MAX_TRY_QUESTION_CHARS} characters.`, TRY_SYNTAX);
  return { kind: 'try', submissionId, question };
}

const FINALE_SYNTAX =
  'finale start <round> [finalist…] | next "<prompt>" | end | vote <finalist> | score <finalist> <1-10> [criterion] | prompt "<system prompt>"';
const SCORE_SYNTAX = 'finale score <finalist> <1-10> [accuracy|coherence|domain]';
const SYSTEM_PROMPT_SYNTAX = 'finale prompt "<system prompt>"';

/** `3`, or `<finale>.3` as buttons send it, so a stale button can never vote in a later finale. */
function promptRef(token: string | undefined, syntax: string): PromptRef | undefined {
  if (token === undefined) return undefined;
  const m = /^(?:([a-z0-9-]{1,40})\.)?(\d{1,4})$/i.exec(token);
  if (!m || Number(m[2]) < 1) throw usageError(`\`${token}\` is not a prompt number.`, syntax);
  return { finaleId: m[1], number: Number(m[2]) };
}

/** The raw rest of the line after `finale <action>` (quotes optional), so its punctuation survives. */
function restOfLine(input: string, action: string): { raw: string; text: string } {
  const raw =
    new RegExp(`^\\s*(?:\\/league\\s+)?finale\\s+${action}\\b([\\s\\S]*)$`, 'i')
      .exec(input.normalize('NFC'))?.[1]
      ?.trim() ?? '';
  return { raw, text: (/^(["“'])([\s\S]*)["”']$/.exec(raw)?.[2] ?? raw).trim() };
}

function finalePromptText(input: string): string {
  const { text } = restOfLine(input, 'next');
  if (!text) throw usageError('Which prompt?', 'finale next "<prompt>"');
  if (charCount(text) > MAX_FINALE_PROMPT_CHARS)
    throw usageError(`A finale prompt is at most ${MAX_FINALE_PROMPT_CHARS} characters.`, 'finale next "<prompt>"');
  return text;
}

/** `clear` (unquoted) removes the system prompt. */
function systemPromptText(input: string): string {
  const { raw, text } = restOfLine(input, 'prompt');
  if (raw.toLowerCase() === 'clear') return '';
  if (!text) throw usageError('Which system prompt?', SYSTEM_PROMPT_SYNTAX);
  if (charCount(text) > MAX_SYSTEM_PROMPT_CHARS)
    throw usageError(`A system prompt is at most ${MAX_SYSTEM_PROMPT_CHARS} characters.`, SYSTEM_PROMPT_SYNTAX);
  return text;
}

const isCriterion = (token: string): token is Criterion => (RUBRIC as readonly string[]).includes(token);

function parseFinale(rest: string[], input: string): Command {
  const [action, ...args] = rest;
  switch ((action ?? '').toLowerCase()) {
    case 'start': {
      const syntax = 'finale start <round> [finalist…]';
      if (args.length < 1) throw usageError('Which round? Its finalists are optional.', syntax);
      return { kind: 'finale-start', round: args[0]!, finalists: args.slice(1) };
    }
    case 'prompt':
      return { kind: 'finale-system-prompt', prompt: systemPromptText(input) };
    case 'next':
      return { kind: 'finale-next', prompt: finalePromptText(input) };
    case 'end':
      return { kind: 'finale-end' };
    case 'vote': {
      const syntax = 'finale vote <finalist>';
      if (args.length < 1 || args.length > 2) throw usageError('Vote for one finalist.', syntax);
      return { kind: 'finale-vote', finalist: args[0]!, prompt: promptRef(args[1], syntax) };
    }
    case 'score': {
      const syntax = SCORE_SYNTAX;
      if (args.length < 2 || args.length > 4) throw usageError('Score one finalist from 1 to 10.', syntax);
      const score = Number(args[1]);
      if (!Number.isInteger(score) || score < 1 || score > 10)
        throw usageError(`Scores are whole numbers from 1 to 10, got \`${args[1]}\`.`, syntax);
      // Then optionally a rubric criterion (cards and typed commands) and a pinned prompt (cards).
      let criterion: Criterion | undefined;
      let prompt: PromptRef | undefined;
      for (const token of args.slice(2)) {
        const word = token.toLowerCase();
        if (isCriterion(word) && !criterion) criterion = word;
        else if (!prompt && !isCriterion(word)) prompt = promptRef(token, syntax);
        else throw usageError(`\`${token}\` is given twice.`, syntax);
      }
      if (args.length === 4 && !(criterion && prompt))
        throw usageError('After the score: one criterion (accuracy, coherence or domain), then the prompt.', syntax);
      return { kind: 'finale-score', finalist: args[0]!, score, ...(criterion ? { criterion } : {}), prompt };
    }
    default:
      if (!action) throw usageError('Which finale action?', FINALE_SYNTAX);
      throw unknown('finale action', action, FINALE_ACTIONS, '/league finale ', FINALE_SYNTAX);
  }
}

/** Interactive actions (buttons, selects) that core messages carry, and the commands they stand for. */
export const ACTIONS = {
  cancel: 'cancel',
  finaleVote: 'finale-vote',
  finaleScore: 'finale-score',
  calibrateLabel: 'calibrate-label',
  calibrationOverride: 'calibration-override',
  draftKeep: 'draft-keep',
  draftDrop: 'draft-drop',
  draftPage: 'draft-page',
} as const;

/** The command behind a button or select: adapters pass the action id and value through unchanged. */
export function commandFromAction(action: string, value: string): Command {
  switch (action) {
    case ACTIONS.cancel:
      return {
        kind: 'cancel',
        submissionId: one([value.trim()].filter(Boolean), 'the submission id', 'cancel <submission>'),
      };
    case ACTIONS.finaleVote:
      return parseCommand(`finale vote ${value}`);
    case ACTIONS.finaleScore:
      return parseCommand(`finale score ${value}`);
    case ACTIONS.calibrateLabel:
      return parseCommand(`calibrate label ${value}`);
    case ACTIONS.calibrationOverride:
      return parseCommand(`calibration override ${value}`);
    case ACTIONS.draftKeep:
      return parseCommand(`draft keep ${value}`);
    case ACTIONS.draftDrop:
      return parseCommand(`draft drop ${value}`);
    case ACTIONS.draftPage:
      return parseCommand(`draft page ${value}`);
    default:
      throw usageError(`Unknown action \`${action}\`.`);
  }
}
