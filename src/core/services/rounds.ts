import { z } from 'zod';
import { MAX_GENERATE_COUNT } from '../draft-commands';
import { ConflictError, UserError } from '../errors';
import { literal } from '../messages/format';
import type { HyperparameterBounds, Question, Round } from '../model';
import type { LeagueDeps } from './context';

export const DEFAULT_BOUNDS: HyperparameterBounds = {
  epochs: [1, 5],
  learning_rate: [0.00001, 0.001],
  lora_r: [4, 64],
  lora_alpha: [8, 128],
  lora_dropout: [0, 0.3],
};

/** What any round may allow: beyond these a fine-tuning job fails or is pointless. */
const PLATFORM_BOUNDS: HyperparameterBounds = {
  epochs: [1, 20],
  learning_rate: [0, 0.1],
  lora_r: [1, 1024],
  lora_alpha: [1, 4096],
  lora_dropout: [0, 1],
};

const DAY_MS = 86_400_000;

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'round';

function number(options: Record<string, string>, key: string, fallback: number, min: number, max: number): number {
  const raw = options[key];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new UserError('INVALID_INPUT', `\`${key}\` must be a number from ${min} to ${max}, got \`${raw}\`.`);
  return v;
}

function wholeNumber(options: Record<string, string>, key: string, fallback: number, min: number, max: number): number {
  const v = number(options, key, fallback, min, max);
  if (!Number.isInteger(v))
    throw new UserError(
      'INVALID_INPUT',
      `\`${key}\` must be a whole number from ${min} to ${max}, got \`${options[key]}\`.`,
    );
  return v;
}

function range(options: Record<string, string>, key: keyof HyperparameterBounds): [number, number] {
  const raw = options[key];
  if (raw === undefined) return DEFAULT_BOUNDS[key];
  // A number may carry an exponent (1e-5), so the range's dash is the one between two numbers.
  const m = /^(\d*\.?\d+(?:e-?\d+)?)(?:-(\d*\.?\d+(?:e-?\d+)?))?$/i.exec(raw.trim());
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2] ?? m?.[1]);
  if (!m || !Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi || lo < 0) {
    throw new UserError(
      'INVALID_INPUT',
      `\`${key}\` takes a range like ${DEFAULT_BOUNDS[key].join('-')}, got \`${raw}\`.`,
    );
  }
  const [min, max] = PLATFORM_BOUNDS[key];
  if (lo < min || hi > max)
    throw new UserError(
      'INVALID_INPUT',
      `\`${key}\` must stay within ${min}-${max}, got \`${raw}\`.`,
      `For example ${key}=${DEFAULT_BOUNDS[key].join('-')}.`,
    );
  return [lo, hi];
}

function deadline(raw: string | undefined, now: Date): string {
  if (!raw) return new Date(now.getTime() + 14 * DAY_MS).toISOString();
  const rel = /^(\d+)d$/.exec(raw);
  const d = rel
    ? new Date(now.getTime() + Number(rel[1]) * DAY_MS)
    : new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T23:59:59Z` : raw);
  if (Number.isNaN(d.getTime()))
    throw new UserError(
      'INVALID_INPUT',
      `Unreadable deadline \`${raw}\`: use YYYY-MM-DD, an ISO time, or a number of days like 14d.`,
    );
  if (d <= now) throw new UserError('INVALID_INPUT', 'The deadline is in the past.');
  return d.toISOString();
}

function leakageMode(raw: string | undefined): 'block' | 'warn' {
  if (raw === undefined || raw === 'block') return 'block';
  if (raw === 'warn') return 'warn';
  throw new UserError('INVALID_INPUT', `\`leakage\` is \`block\` or \`warn\`, got \`${raw}\`.`);
}

export interface RoundDefaults {
  referenceModel: string;
  judgeModels: string[];
}

/** Generator tokens per member and day, and rows per `generate`, unless the round says otherwise. */
export const DEFAULT_GENERATE_TOKENS = 100_000;
export const DEFAULT_GENERATE_MAX = 200;

/** Share of a round's questions drawn into the public split when the question file does not say. */
const DEFAULT_PUBLIC_SHARE = 0.3;

/** `try` questions a member may ask per day unless the round says otherwise. */
export const DEFAULT_TRY_PER_DAY = 20;

/** Rows a round takes at most unless its organizer says otherwise; the near-duplicate check covers that many. */
export const DEFAULT_MAX_ROWS = 10_000;

/** Dataset limits of a round opened without `min_rows`, `max_rows` or `max_mb` (`league validate` checks these). */
export const DEFAULT_DATASET_LIMITS = { minRows: 20, maxRows: DEFAULT_MAX_ROWS, maxMb: 50 } as const;

/** Builds a round from `round open` options; every value is checked with a message that says what to fix. */
export function roundFromOptions(
  options: Record<string, string>,
  createdBy: string,
  channel: string,
  now: Date,
  defaults: RoundDefaults,
): Round {
  const name = options.name!.trim();
  return {
    id: options.id ? slug(options.id) : slug(name),
    // Shown in messages as they are: inert, so a name can never mention anyone.
    name: literal(name),
    domain: literal(options.domain?.trim() || 'general'),
    description: options.description === undefined ? undefined : literal(options.description),
    status: 'open',
    channel: options.channel ?? channel,
    deadline: deadline(options.deadline, now),
    quotaPerDay: number(options, 'quota', 5, 1, 100),
    minRows: number(options, 'min_rows', DEFAULT_DATASET_LIMITS.minRows, 1, 1_000_000),
    maxRows: number(options, 'max_rows', DEFAULT_DATASET_LIMITS.maxRows, 1, 1_000_000),
    maxBytes: Math.round(number(options, 'max_mb', DEFAULT_DATASET_LIMITS.maxMb, 0.001, 1024) * 1e6),
    bounds: {
      epochs: range(options, 'epochs'),
      learning_rate: range(options, 'learning_rate'),
      lora_r: range(options, 'lora_r'),
      lora_alpha: range(options, 'lora_alpha'),
      lora_dropout: range(options, 'lora_dropout'),
    },
    referenceModel: options.reference ?? defaults.referenceModel,
    judgeModels: options.judges
      ? options.judges
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : defaults.judgeModels,
    questionCount: 0,
    publicShare: number(options, 'public', DEFAULT_PUBLIC_SHARE, 0.05, 0.95),
    leakage: leakageMode(options.leakage),
    tryPerDay: wholeNumber(options, 'try_per_day', DEFAULT_TRY_PER_DAY, 0, 1000),
    generateTokensPerDay: Math.round(number(options, 'generate_tokens', DEFAULT_GENERATE_TOKENS, 0, 100_000_000)),
    generateMaxCount: Math.round(number(options, 'generate_max', DEFAULT_GENERATE_MAX, 1, MAX_GENERATE_COUNT)),
    createdBy,
    createdAt: now.toISOString(),
  };
}

export async function openRound(deps: LeagueDeps, round: Round): Promise<Round> {
  if (round.minRows > round.maxRows) throw new UserError('INVALID_INPUT', '`min_rows` is larger than `max_rows`.');
  try {
    await deps.store.createRound(round);
  } catch (e) {
    if (e instanceof ConflictError)
      throw new UserError(
        'CONFLICT',
        `A round with id \`${round.id}\` exists already.`,
        'Pick another name or pass id=…',
      );
    throw e;
  }
  await deps.store.appendAudit({
    at: round.createdAt,
    actor: round.createdBy,
    action: 'round.open',
    target: round.id,
    detail: { name: round.name },
  });
  return round;
}

/**
 * The named round, or the open one. With several open, a command that changes something (`ask`: its
 * words, e.g. `submit`) asks which rather than guessing; a read-only one takes the newest.
 */
export async function resolveRound(
  deps: LeagueDeps,
  id?: string,
  { mustBeOpen = false, ask }: { mustBeOpen?: boolean; ask?: string } = {},
): Promise<Round> {
  if (id) {
    const round = await deps.store.getRound(id);
    if (!round) throw new UserError('NOT_FOUND', `No round \`${id}\`.`, 'See `/league rounds` for the open ones.');
    if (mustBeOpen && round.status !== 'open')
      throw new UserError(
        'ROUND_CLOSED',
        `Round ${round.name} is already closed.`,
        'See `/league rounds` for the open ones.',
      );
    return round;
  }
  const rounds = await deps.store.listRounds();
  const openRounds = rounds.filter((r) => r.status === 'open');
  if (ask && openRounds.length > 1)
    throw new UserError(
      'INVALID_INPUT',
      `Several rounds are open: ${openRounds.map((r) => `${r.name} (\`${r.id}\`)`).join(', ')}. Which one?`,
      `Name it: \`/league ${ask} ${openRounds[0]!.id}\`.`,
    );
  const open = openRounds[0];
  if (open) return open;
  if (!mustBeOpen && rounds[0]) return rounds[0];
  throw new UserError('NOT_FOUND', 'No round is open right now.', 'Organizers open one with `/league round open`.');
}

const QuestionLine = z.object({
  id: z.union([z.string().min(1).max(64), z.number().int()]).transform(String),
  category: z.string().max(64).default('general'),
  question: z.string().min(1).max(8000),
  gold: z.string().max(8000).optional(),
  split: z.enum(['public', 'private']).optional(),
});

const MAX_QUESTIONS = 2000;
const QUESTION_LINE_HINT =
  'Each line is {"id", "category", "question", "gold", "split"}; gold and split ("public" or "private") are optional.';

/** FNV-1a of a string: the split's draw is a function of the round and the question, nothing else. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Gives every question a split. A question the file marks keeps its mark; the others are ordered by
 * a hash seeded with the round id and the first `share` of them (rounded, at least one when any are
 * left and at most all but one) become public. The same round and file always draw the same split.
 */
export function assignSplits(roundId: string, questions: readonly Question[], share: number): Question[] {
  const unmarked = questions.filter((q) => !q.split);
  const order = [...unmarked].sort(
    (a, b) => fnv1a(`${roundId}#${a.id}`) - fnv1a(`${roundId}#${b.id}`) || (a.id < b.id ? -1 : 1),
  );
  const wanted = Math.round(share * unmarked.length);
  const publicCount = unmarked.length < 2 ? unmarked.length : Math.min(unmarked.length - 1, Math.max(1, wanted));
  const publicIds = new Set(order.slice(0, publicCount).map((q) => q.id));
  return questions.map((q) => ({ ...q, split: q.split ?? (publicIds.has(q.id) ? 'public' : 'private') }));
}

/** Parses the hidden question set (JSONL); errors name the line. */
export function parseQuestions(text: string): Question[] {
  const questions: Question[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UserError('INVALID_INPUT', `Questions line ${i + 1}: not valid JSON.`, QUESTION_LINE_HINT);
    }
    const parsed = QuestionLine.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UserError(
        'INVALID_INPUT',
        `Questions line ${i + 1}: \`${issue.path.join('.') || 'row'}\` ${issue.message}.`,
        QUESTION_LINE_HINT,
      );
    }
    if (seen.has(parsed.data.id))
      throw new UserError('INVALID_INPUT', `Questions line ${i + 1}: id \`${parsed.data.id}\` is used twice.`);
    seen.add(parsed.data.id);
    questions.push(parsed.data);
  });
  if (!questions.length) throw new UserError('INVALID_INPUT', 'The question file is empty.');
  if (questions.length > MAX_QUESTIONS)
    throw new UserError('INVALID_INPUT', `At most ${MAX_QUESTIONS} questions per round.`);
  return questions;
}

export async function loadQuestions(
  deps: LeagueDeps,
  round: Round,
  questions: Question[],
  actor: string,
): Promise<Round> {
  if (round.status !== 'open')
    throw new UserError('ROUND_CLOSED', `Round ${round.name} is closed: its questions cannot change.`);
  const started = (await deps.store.listSubmissionsByRound(round.id)).some(
    (s) => s.stage === 'EVALUATING' || s.stage === 'SCORED',
  );
  if (started)
    throw new UserError(
      'CONFLICT',
      `Submissions to ${round.name} are already judged on the current questions.`,
      'Open a new round for a new question set.',
    );
  const split = assignSplits(round.id, questions, round.publicShare ?? DEFAULT_PUBLIC_SHARE);
  if (!split.some((q) => q.split === 'public'))
    throw new UserError(
      'INVALID_INPUT',
      'Every question is marked private: members would see no standings while the round is open.',
      'Mark some questions "split": "public", or leave the split out and the round draws one.',
    );
  await deps.store.putQuestions(round.id, split);
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    actor,
    action: 'round.questions',
    target: round.id,
    detail: {
      count: questions.length,
      public: split.filter((q) => q.split === 'public').length,
      private: split.filter((q) => q.split === 'private').length,
    },
  });
  return deps.store.updateRound(round.id, { questionCount: questions.length });
}
