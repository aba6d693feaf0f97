/**
 * Grand Finale scoring. Per prompt, each source is put on 0–100:
 * - judge: the judging protocol's (docs/judging.md) mean candidate score against the reference (both orders, every
 *   judge; 1 better, 0.5 tie, 0 worse) × 100 — shown to people as 0–10;
 * - experts: the mean of the experts' 1–10 scores, mapped linearly so 1 -> 0 and 10 -> 100;
 * - audience: the finalist's share of the prompt's votes × 100.
 * A source with nothing to give on a prompt (no parsed verdict, no expert score for that finalist,
 * no votes at all) gives 0 there. The prompt's total is 40% judge + 40% experts + 20% audience; the
 * standing averages every prompt. Ties break on the judge, then the experts, then the audience, then
 * the stage position.
 */

const FINALE_WEIGHTS = { judge: 0.4, experts: 0.4, audience: 0.2 } as const;

export interface FinaleShares {
  judge: number;
  experts: number;
  audience: number;
  /** Weighted: 0.4 judge + 0.4 experts + 0.2 audience, on 0–100. */
  total: number;
}

export interface PromptInput {
  /** Judge score in [0,1] per finalist submission id; null or missing when no verdict could be read. */
  judgeScores: Record<string, number | null | undefined>;
  /** 1–10 per `expert|submissionId`. */
  expertScores: Record<string, number>;
  /** Votes per finalist submission id. */
  votes: Record<string, number>;
}

export interface FinaleRow extends FinaleShares {
  submissionId: string;
  position: number;
  rank: number;
  /** Shares on each prompt, in prompt order. */
  prompts: FinaleShares[];
}

const weighted = (judge: number, experts: number, audience: number): FinaleShares => ({
  judge,
  experts,
  audience,
  total: FINALE_WEIGHTS.judge * judge + FINALE_WEIGHTS.experts * experts + FINALE_WEIGHTS.audience * audience,
});

/** Expert share of one finalist: mean 1–10 score mapped onto 0–100. */
export function expertShare(expertScores: Record<string, number>, submissionId: string): number {
  const scores = Object.entries(expertScores)
    .filter(([key]) => key.slice(key.lastIndexOf('|') + 1) === submissionId)
    .map(([, s]) => s);
  if (!scores.length) return 0;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return ((mean - 1) / 9) * 100;
}

/** Every finalist's shares on one prompt. */
export function promptShares(finalists: readonly string[], prompt: PromptInput): Map<string, FinaleShares> {
  const totalVotes = finalists.reduce((n, id) => n + (prompt.votes[id] ?? 0), 0);
  return new Map(
    finalists.map((id) => {
      const judge = prompt.judgeScores[id];
      return [
        id,
        weighted(
          judge === null || judge === undefined ? 0 : judge * 100,
          expertShare(prompt.expertScores, id),
          totalVotes ? ((prompt.votes[id] ?? 0) / totalVotes) * 100 : 0,
        ),
      ];
    }),
  );
}

const SAME = 1e-9;

/** The standing over the prompts given: averaged shares, ranked. */
export function finaleStanding(
  finalists: readonly { submissionId: string; position: number }[],
  prompts: readonly PromptInput[],
): FinaleRow[] {
  const ids = finalists.map((f) => f.submissionId);
  const perPrompt = prompts.map((p) => promptShares(ids, p));
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const rows = finalists.map((f) => {
    const shares = perPrompt.map((m) => m.get(f.submissionId)!);
    const avg = weighted(
      mean(shares.map((s) => s.judge)),
      mean(shares.map((s) => s.experts)),
      mean(shares.map((s) => s.audience)),
    );
    return { ...avg, submissionId: f.submissionId, position: f.position, rank: 0, prompts: shares };
  });
  const by = (key: keyof FinaleShares) => (a: FinaleRow, b: FinaleRow) =>
    Math.abs(a[key] - b[key]) > SAME ? b[key] - a[key] : 0;
  rows.sort(
    (a, b) =>
      by('total')(a, b) || by('judge')(a, b) || by('experts')(a, b) || by('audience')(a, b) || a.position - b.position,
  );
  return rows.map((r, i) => ({ ...r, rank: i + 1 }));
}
