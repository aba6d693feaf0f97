/**
 * Grand Finale scoring (JUDGING.md, docs/judging.md "The Grand Finale"). Each part is on 0–100:
 * - judge: the judging protocol's mean candidate score against the reference (both orders, every judge;
 *   1 better, 0.5 tie, 0 worse) × 100, averaged over the prompts on which a verdict could be read;
 * - experts: per prompt, each expert's scores are normalised across the finalists that expert scored
 *   (min–max onto 0–100; a finalist scored alone, or all scored alike, keeps the raw score's share of 10),
 *   then averaged over the experts who scored the finalist, then over the prompts on which anyone did;
 * - audience: the finalist's share of every vote cast in the finale, all prompts pooled.
 * A part with nothing to give is "not scored" (null), never 0: the total is reweighted over the parts
 * present (40% judge, 40% experts, 20% audience) and marked partial. Exact ties share a rank.
 */

const FINALE_WEIGHTS = { judge: 0.4, experts: 0.4, audience: 0.2 } as const;
/** The experts' rubric: each criterion 1–10; an expert's score for an answer is their mean. */
export const RUBRIC = ['accuracy', 'coherence', 'domain'] as const;
export type Criterion = (typeof RUBRIC)[number];

type Part = keyof typeof FINALE_WEIGHTS;
const PARTS = Object.keys(FINALE_WEIGHTS) as Part[];

export interface FinaleShares {
  /** Null: not scored (no readable verdict, no expert score, no votes). */
  judge: number | null;
  experts: number | null;
  audience: number | null;
  /** Weighted over the parts present, on 0–100; null when no part is present. */
  total: number | null;
  /** Some part is missing (here, or on some prompt), so the total is reweighted over the others. */
  partial: boolean;
}

export interface PromptInput {
  /** Judge score in [0,1] per finalist submission id; null or missing when no verdict could be read. */
  judgeScores: Record<string, number | null | undefined>;
  /**
   * 1–10 keyed `expert|submissionId|criterion` (one per rubric criterion), or `expert|submissionId`
   * for all criteria at once (as stored before the rubric).
   */
  expertScores: Record<string, number>;
  /** Votes per finalist submission id. */
  votes: Record<string, number>;
}

export interface FinaleRow extends FinaleShares {
  submissionId: string;
  position: number;
  /** Competition ranking: finalists with exactly the same total share a rank (1, 1, 3). */
  rank: number;
  /** Another finalist has the same rank. */
  tied: boolean;
  /** Shares on each prompt, in prompt order (audience: that prompt's vote share). */
  prompts: FinaleShares[];
}

function weighted(parts: Record<Part, number | null>, missingElsewhere = false): FinaleShares {
  let sum = 0;
  let weight = 0;
  for (const p of PARTS) {
    const v = parts[p];
    if (v === null) continue;
    sum += FINALE_WEIGHTS[p] * v;
    weight += FINALE_WEIGHTS[p];
  }
  return {
    ...parts,
    total: weight ? sum / weight : null,
    partial: missingElsewhere || PARTS.some((p) => parts[p] === null),
  };
}

/**
 * Each expert's complete rubric scores on one prompt: expert -> submission -> the criteria's mean.
 * An answer counts for an expert only once every criterion has a score.
 */
export function expertMeans(expertScores: Record<string, number>): Map<string, Map<string, number>> {
  const byAnswer = new Map<string, { expert: string; submissionId: string; all?: number; criteria: number[] }>();
  for (const [key, score] of Object.entries(expertScores)) {
    const [expert, submissionId, criterion] = key.split('|');
    if (!expert || !submissionId) continue;
    const id = `${expert}|${submissionId}`;
    const entry = byAnswer.get(id) ?? { expert, submissionId, criteria: [] };
    if (criterion === undefined) entry.all = score;
    else if ((RUBRIC as readonly string[]).includes(criterion)) entry.criteria.push(score);
    byAnswer.set(id, entry);
  }
  const out = new Map<string, Map<string, number>>();
  for (const e of byAnswer.values()) {
    const mean = e.criteria.length === RUBRIC.length ? e.criteria.reduce((a, b) => a + b, 0) / RUBRIC.length : e.all;
    if (mean === undefined) continue;
    if (!out.has(e.expert)) out.set(e.expert, new Map());
    out.get(e.expert)!.set(e.submissionId, mean);
  }
  return out;
}

/** The experts' part of every finalist on one prompt (null for a finalist no expert scored). */
export function expertShares(expertScores: Record<string, number>): Map<string, number> {
  const normalised = new Map<string, number[]>();
  for (const scores of expertMeans(expertScores).values()) {
    const values = [...scores.values()];
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    for (const [id, raw] of scores) {
      // Min–max removes each expert's own generosity; with nothing to compare, the raw score speaks.
      const share = hi > lo ? ((raw - lo) / (hi - lo)) * 100 : (raw / 10) * 100;
      normalised.set(id, [...(normalised.get(id) ?? []), share]);
    }
  }
  return new Map([...normalised].map(([id, shares]) => [id, mean(shares)!]));
}

const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
const total = (record: Record<string, number>, ids: readonly string[]) =>
  ids.reduce((n, id) => n + (record[id] ?? 0), 0);

/** Every finalist's shares on one prompt (audience: that prompt's own vote share). */
export function promptShares(finalists: readonly string[], prompt: PromptInput): Map<string, FinaleShares> {
  const votes = total(prompt.votes, finalists);
  const experts = expertShares(prompt.expertScores);
  return new Map(
    finalists.map((id) => {
      const judge = prompt.judgeScores[id];
      return [
        id,
        weighted({
          judge: judge === null || judge === undefined ? null : judge * 100,
          experts: experts.get(id) ?? null,
          audience: votes ? ((prompt.votes[id] ?? 0) / votes) * 100 : null,
        }),
      ];
    }),
  );
}

const SAME = 1e-9;

/** The standing over the prompts given, ranked by total; exact ties share a rank. */
export function finaleStanding(
  finalists: readonly { submissionId: string; position: number }[],
  prompts: readonly PromptInput[],
): FinaleRow[] {
  const ids = finalists.map((f) => f.submissionId);
  const perPrompt = prompts.map((p) => promptShares(ids, p));
  // Pooled: one vote is one vote, whichever prompt it was cast on.
  const allVotes = prompts.reduce((n, p) => n + total(p.votes, ids), 0);
  const rows = finalists.map((f) => {
    const shares = perPrompt.map((m) => m.get(f.submissionId)!);
    const present = (part: 'judge' | 'experts') => shares.map((s) => s[part]).filter((v): v is number => v !== null);
    const votes = prompts.reduce((n, p) => n + (p.votes[f.submissionId] ?? 0), 0);
    const overall = weighted(
      {
        judge: mean(present('judge')),
        experts: mean(present('experts')),
        audience: allVotes ? (votes / allVotes) * 100 : null,
      },
      shares.some((s) => s.judge === null || s.experts === null),
    );
    return { ...overall, submissionId: f.submissionId, position: f.position, rank: 0, tied: false, prompts: shares };
  });
  const value = (r: FinaleRow) => r.total ?? -1;
  rows.sort((a, b) => (Math.abs(value(a) - value(b)) > SAME ? value(b) - value(a) : a.position - b.position));
  const same = (a: FinaleRow, b: FinaleRow) => Math.abs(value(a) - value(b)) <= SAME;
  return rows.map((r) => ({
    ...r,
    rank: rows.findIndex((o) => same(o, r)) + 1,
    tied: rows.some((o) => o !== r && same(o, r)),
  }));
}
