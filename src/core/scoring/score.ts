import type { Judgment, Score } from '../model';
import { bootstrapInterval } from './bootstrap';
import { lengthControlledRate, lengthGapFlag } from './length-control';
import { summarizeJudgments } from './win-rate';

/** Tokens one model call (or a sum of them) used. */
export interface Usage {
  model: string;
  inputTokens: number;
  outputTokens: number;
}
/** US dollars per million tokens, by model id (the config's price table has this shape). */
export type Prices = Record<string, { inputPerMTok: number; outputPerMTok: number }>;

/** Total tokens and dollars; a model missing from the price table costs nothing but its tokens still count. */
export function costOf(usage: readonly Usage[], prices: Prices): { tokens: number; usd: number } {
  let tokens = 0;
  let usd = 0;
  for (const u of usage) {
    tokens += u.inputTokens + u.outputTokens;
    const price = prices[u.model];
    if (price) usd += (u.inputTokens * price.inputPerMTok + u.outputTokens * price.outputPerMTok) / 1e6;
  }
  return { tokens, usd };
}

/**
 * A submission's score: the win rate against the reference (mean question score) with its seeded
 * question-level bootstrap interval, strict wins, errors, position consistency, the length-controlled
 * rate and its gap flag, and what the evaluation cost.
 */
export function computeScore(
  judgments: Judgment[],
  usage: readonly Usage[],
  prices: Prices,
  opts: { seed?: number; resamples?: number } = {},
): Score {
  const summary = summarizeJudgments(judgments);
  const values = summary.questions.map((q) => q.score);
  const winRate = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  const ci = bootstrapInterval(values, { seed: opts.seed, resamples: opts.resamples });
  const lcWinRate = lengthControlledRate(summary.questions);
  const cost = costOf(usage, prices);
  return {
    winRate,
    ciLow: ci.low,
    ciHigh: ci.high,
    strictWins: summary.strictWins,
    questions: values.length,
    errors: summary.errors,
    consistency: summary.consistency,
    lcWinRate,
    lengthGapFlag: lengthGapFlag(winRate, lcWinRate),
    tokens: cost.tokens,
    costUsd: cost.usd,
  };
}
