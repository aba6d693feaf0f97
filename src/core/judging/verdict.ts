import type { JudgeOrder } from '../model';

/** The five-level scale, from A much better to B much better. */
export const VERDICT_SCALE = ['A>>B', 'A>B', 'A=B', 'B>A', 'B>>A'] as const;
export type Verdict = (typeof VERDICT_SCALE)[number];

/** `[[A>B]]`, tolerant of spacing and case; `<` forms (`[[A<B]]`) are read as their mirror image. */
const TOKEN = /\[\[\s*([AB])\s*(>>|<<|>|<|=)\s*([AB])\s*\]\]/gi;

export interface ParsedVerdict {
  verdict: Verdict;
  /** Where the counted token starts in the judge's output: the rationale is what comes before it. */
  index: number;
}

/** Reads one token as a verdict; null for nonsense such as `[[A>A]]`. */
function normalise(left: string, op: string, right: string): Verdict | null {
  const l = left.toUpperCase();
  const r = right.toUpperCase();
  if (l === r) return null;
  if (op === '=') return 'A=B';
  // "X<Y" is "Y>X".
  const [winner, strength] = op.startsWith('>') ? [l, op] : [r, op.replace(/</g, '>')];
  return `${winner}${strength}${winner === 'A' ? 'B' : 'A'}` as Verdict;
}

/** The last well-formed verdict token and its position; the judge writes its rationale first. */
export function findVerdict(output: string): ParsedVerdict | null {
  let found: ParsedVerdict | null = null;
  for (const m of output.matchAll(TOKEN)) {
    const verdict = normalise(m[1]!, m[2]!, m[3]!);
    if (verdict) found = { verdict, index: m.index };
  }
  return found;
}

/** The LAST verdict token in the judge's output counts; null when there is none. */
export function parseVerdict(output: string): Verdict | null {
  return findVerdict(output)?.verdict ?? null;
}

/**
 * The candidate's score for one order: 1 when preferred (`>>` and `>` alike), 0.5 for a tie, 0 when
 * the reference is preferred. The candidate is A in 'candidate-first' and B in 'candidate-second'.
 */
export function candidateScore(verdict: Verdict, order: JudgeOrder): 0 | 0.5 | 1 {
  if (verdict === 'A=B') return 0.5;
  const winner = verdict[0] as 'A' | 'B';
  const candidate = order === 'candidate-first' ? 'A' : 'B';
  return winner === candidate ? 1 : 0;
}

/** Longest rationale kept with a judgment. */
const MAX_RATIONALE_CHARS = 500;

/** The judge's reasoning: its text before the counted verdict token (all of it when there is none). */
export function rationaleOf(output: string): string {
  const found = findVerdict(output);
  const before = found ? output.slice(0, found.index) : output;
  // Drop a dangling "Final verdict:" label left in front of the token.
  const text = before
    .trim()
    .replace(/\s*(?:\*\*)?(?:final\s+)?verdict(?:\*\*)?\s*:?\s*(?:\*\*)?$/i, '')
    .trim();
  return text.length <= MAX_RATIONALE_CHARS ? text : `${text.slice(0, MAX_RATIONALE_CHARS - 1).trimEnd()}…`;
}
