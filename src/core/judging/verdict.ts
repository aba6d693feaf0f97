import type { JudgeOrder } from '../model';

export const VERDICT_SCALE = ['A>>B', 'A>B', 'A=B', 'B>A', 'B>>A'] as const;
export type Verdict = (typeof VERDICT_SCALE)[number];

/** The LAST verdict token in the judge's output counts (it writes a rationale first). */
export function parseVerdict(output: string): Verdict | null {
  const matches = [...output.matchAll(/\[\[\s*(A|B)\s*(>>|>|=)\s*(A|B)\s*\]\]/gi)];
  for (let i = matches.length - 1; i >= 0; i--) {
    const [, left, op, right] = matches[i]!;
    const v = `${left!.toUpperCase()}${op}${right!.toUpperCase()}`;
    if ((VERDICT_SCALE as readonly string[]).includes(v)) return v as Verdict;
  }
  return null;
}

/** 1 when the candidate is preferred, 0.5 for a tie, 0 otherwise; the candidate is A when it goes first. */
export function candidateScore(verdict: Verdict, order: JudgeOrder): 0 | 0.5 | 1 {
  if (verdict === 'A=B') return 0.5;
  const aWins = verdict.startsWith('A');
  return (order === 'candidate-first') === aWins ? 1 : 0;
}
