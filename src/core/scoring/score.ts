import type { PriceTable } from '../config';
import type { Judgment, Score } from '../model';
import { bootstrapInterval } from './bootstrap';
import { LENGTH_GAP_THRESHOLD, lengthControlledRate } from './length-control';
import { summarizeJudgments } from './win-rate';

export interface Usage { model: string; inputTokens: number; outputTokens: number }

/** Tokens and dollars from a per-model price table (unknown models cost 0 but still count tokens). */
export function costOf(usage: Usage[], prices: PriceTable): { tokens: number; usd: number } {
  let tokens = 0;
  let usd = 0;
  for (const u of usage) {
    tokens += u.inputTokens + u.outputTokens;
    const p = prices[u.model];
    if (p) usd += (u.inputTokens * p.inputPerMTok + u.outputTokens * p.outputPerMTok) / 1e6;
  }
  return { tokens, usd };
}

/** The headline: win rate against the reference with a seeded question-level bootstrap interval. */
export function computeScore(judgments: Judgment[], usage: Usage[], prices: PriceTable, opts: { seed?: number; resamples?: number } = {}): Score {
  const summary = summarizeJudgments(judgments);
  const values = summary.questions.map((q) => q.score);
  const winRate = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  const ci = bootstrapInterval(values, { seed: opts.seed ?? 1, resamples: opts.resamples });
  const lcWinRate = lengthControlledRate(summary.questions);
  const cost = costOf(usage, prices);
  return {
    winRate,
    ciLow: ci.low,
    ciHigh: ci.high,
    strictWins: summary.questions.filter((q) => q.strictWin).length,
    questions: values.length,
    errors: summary.errors,
    consistency: summary.consistency,
    lcWinRate,
    lengthGapFlag: Math.abs(winRate - lcWinRate) > LENGTH_GAP_THRESHOLD,
    tokens: cost.tokens,
    costUsd: cost.usd,
  };
}
