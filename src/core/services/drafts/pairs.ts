import { HiddenQuestionIndex } from '../../dataset/leakage';
import { GoldLeakIndex } from '../../judging/gold-leakage';
import type { DraftRow, Question } from '../../model';
import type { DraftRequest } from '../../ports';

/** One instruction–response pair of a draft. */
export type Pair = DraftRow;

/** Pairs asked of the generator per call: a reply stays well inside a model's output cap. */
export const PAIRS_PER_CALL = 8;
/** Output tokens allowed per pair asked. */
const TOKENS_PER_PAIR = 320;
/** The generator's instructions shown to it from a draft's earlier rows, newest last. */
const AVOID_SHOWN = 40;
const MAX_INSTRUCTION_CHARS = 2000;
const MAX_RESPONSE_CHARS = 6000;

const SYSTEM = [
  'You write training data for fine-tuning a small assistant model.',
  'Reply with JSON Lines only: one JSON object per line, {"instruction": "…", "response": "…"}.',
  'Each instruction is a question or task a person could ask; each response is the complete, accurate answer a helpful expert would give.',
  'No numbering, no commentary, no code fences.',
].join(' ');

/** The generator's request for `count` new pairs; the parts are kept for the offline stand-in. */
export function draftRequest(input: {
  domain: string;
  topic: string;
  style?: string;
  feedback?: string;
  count: number;
  avoid: string[];
}): DraftRequest {
  const avoid = input.avoid.slice(-AVOID_SHOWN);
  const lines = [
    `Domain: ${input.domain}`,
    `Topic: ${input.topic}`,
    ...(input.style ? [`Style of the responses: ${input.style}`] : []),
    ...(input.feedback ? [`Feedback on the previous draft, to follow: ${input.feedback}`] : []),
    `Write ${input.count} new, varied instruction–response pairs on this topic.`,
    ...(avoid.length
      ? ['These instructions are taken already; write different ones:', ...avoid.map((a) => `- ${a}`)]
      : []),
  ];
  return {
    system: SYSTEM,
    messages: [{ role: 'user', content: lines.join('\n') }],
    maxTokens: Math.min(4096, input.count * TOKENS_PER_PAIR),
    temperature: 0.8,
    domain: input.domain,
    topic: input.topic,
    ...(input.style ? { style: input.style } : {}),
    ...(input.feedback ? { feedback: input.feedback } : {}),
    count: input.count,
    avoid: input.avoid,
  };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function pairOf(value: unknown): Pair | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const instruction = text(o.instruction) ?? text(o.question) ?? text(o.prompt);
  const response = text(o.response) ?? text(o.answer) ?? text(o.output);
  if (!instruction || !response) return undefined;
  if (instruction.length > MAX_INSTRUCTION_CHARS || response.length > MAX_RESPONSE_CHARS) return undefined;
  return { instruction, response };
}

/**
 * The pairs in a model's reply: JSON Lines as asked, or a JSON array, tolerating the code fences,
 * numbering and trailing commas models add anyway. Anything else in the reply is ignored.
 */
export function parsePairs(reply: string): Pair[] {
  const body = reply.replace(/```[a-z]*\n?/gi, '').trim();
  if (body.startsWith('[')) {
    try {
      const all = JSON.parse(body) as unknown;
      if (Array.isArray(all)) return all.map(pairOf).filter((p): p is Pair => Boolean(p));
    } catch {
      // not one array: read it line by line
    }
  }
  const pairs: Pair[] = [];
  for (const raw of body.split('\n')) {
    const line = raw
      .trim()
      .replace(/^(?:\d+[.)]|[-*•])\s*/, '')
      .replace(/,$/, '');
    if (!line.startsWith('{')) continue;
    try {
      const p = pairOf(JSON.parse(line));
      if (p) pairs.push(p);
    } catch {
      // a line that is not JSON is the model talking: skipped
    }
  }
  return pairs;
}

/** The key two pairs share when they ask the same thing. */
export const instructionKey = (instruction: string): string =>
  instruction
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Rows that must never reach a draft: an instruction that contains a hidden question, or a response
 * that reproduces a hidden gold answer (the same checks as a submitted dataset's). Returns the indexes.
 */
export function leakedRows(pairs: Pair[], questions: Question[]): Set<number> {
  const leaked = new Set<number>();
  const texts = questions.map((q) => q.question).filter((q) => q.trim());
  if (texts.length) {
    const hidden = new HiddenQuestionIndex(texts);
    pairs.forEach((p, i) => {
      if (hidden.overlap(p.instruction)) leaked.add(i);
    });
  }
  if (questions.some((q) => q.gold)) {
    // The index reports each gold answer once; every row that reproduces one must go, so each row is checked alone.
    pairs.forEach((p, i) => {
      const gold = new GoldLeakIndex(questions);
      gold.add(1, p.response);
      if (gold.leaks().length) leaked.add(i);
    });
  }
  return leaked;
}

/** A draft as JSON Lines, in the instruction format the validator and JumpStart read. */
export const toJsonl = (pairs: Pair[]): string =>
  pairs.map((p) => JSON.stringify({ instruction: p.instruction, response: p.response })).join('\n') +
  (pairs.length ? '\n' : '');

/** The pairs of a draft file (as written by toJsonl). */
export const fromJsonl = (text: string): Pair[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => pairOf(JSON.parse(l)))
    .filter((p): p is Pair => Boolean(p));
