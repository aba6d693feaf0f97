import { flagAnswers } from '../judging/flags';
import type { Judgment, Question, Score, SplitScore, TrainingBilling, TrainingCost } from '../model';
import { bootstrapInterval } from './bootstrap';
import {
  type LengthStats,
  leansOnLength,
  lengthControlledRate,
  lengthStats,
  medianLengthExcess,
  sharedLengthSlope,
} from './length-control';
import { honestInterval, wilsonInterval } from './wilson';
import { summarizeJudgments, type WinRateSummary } from './win-rate';

/** Tokens one model call (or a sum of them) used. */
export interface Usage {
  model: string;
  inputTokens: number;
  outputTokens: number;
}
/** US dollars per million tokens, by model id (the config's price table has this shape). */
export type Prices = Record<string, { inputPerMTok: number; outputPerMTok: number }>;

/** Share of a split's questions that must get a verdict for the submission to rank (MIN_JUDGED). */
const DEFAULT_MIN_JUDGED = 0.9;

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

/** US dollars per instance-hour, by SageMaker instance type. */
export type InstancePrices = Record<string, number>;

/** A training job's instance-seconds and their price (null for an instance type missing from the table). */
export function trainingCostOf(billing: TrainingBilling, prices: InstancePrices): TrainingCost {
  const seconds = billing.billableSeconds * billing.instanceCount;
  const perHour = prices[billing.instanceType];
  return {
    instanceType: billing.instanceType,
    seconds,
    usd: perHour === undefined ? null : (seconds / 3600) * perHour,
  };
}

export interface ScoreOptions {
  seed?: number;
  resamples?: number;
  /**
   * The round's questions with their splits. Without them every judged question is public and the
   * set counts as whole; with them a question never judged still counts against coverage.
   */
  questions?: readonly Pick<Question, 'id' | 'split'>[];
  /** Share of each split's questions that must have a verdict to rank; 0.9 by default. */
  minJudged?: number;
  /** The length sums of the round's other scored submissions, which share the length slope. */
  roundLengthStats?: readonly LengthStats[];
  /** The training job's billed instance time, priced by `instancePrices`. */
  training?: TrainingBilling;
  instancePrices?: InstancePrices;
}

/** One split's figures from its judgments; `total` counts its questions whether judged or not. */
function splitScore(summary: WinRateSummary, total: number, opts: ScoreOptions): SplitScore {
  const values = summary.questions.map((q) => q.score);
  const sum = values.reduce((a, b) => a + b, 0);
  const winRate = values.length ? sum / values.length : 0;
  const ci = values.length
    ? honestInterval(bootstrapInterval(values, opts), wilsonInterval(sum, values.length))
    : { low: 0, high: 0 };
  return {
    winRate,
    ciLow: ci.low,
    ciHigh: ci.high,
    strictWins: summary.strictWins,
    questions: values.length,
    total: Math.max(total, values.length),
    errors: summary.errors,
  };
}

/** Questions with a verdict as a share of the split's questions (an empty split is fully covered). */
export const coverageOf = (s: Pick<SplitScore, 'questions' | 'total'>): number => (s.total ? s.questions / s.total : 1);

/**
 * A submission's score: per split, the win rate against the reference (mean question score) with an
 * interval never narrower than Wilson's on the summed question scores, strict wins and errors; the
 * headline split's position consistency and length-controlled rate; whether coverage allows a rank;
 * and what the evaluation cost.
 */
export function computeScore(
  judgments: Judgment[],
  usage: readonly Usage[],
  prices: Prices,
  opts: ScoreOptions = {},
): Score {
  const splitOf = new Map((opts.questions ?? []).map((q) => [q.id, q.split ?? 'public']));
  const isPrivate = (questionId: string) => splitOf.get(questionId) === 'private';
  const hasPrivate = [...splitOf.values()].includes('private');
  const publicJudgments = judgments.filter((j) => !isPrivate(j.questionId));
  const publicSummary = summarizeJudgments(publicJudgments);
  const judgedIds = new Set(publicJudgments.map((j) => j.questionId));
  const publicTotal = opts.questions ? opts.questions.filter((q) => !isPrivate(q.id)).length : judgedIds.size;
  const headline = splitScore(publicSummary, publicTotal, opts);
  const privateScore = hasPrivate
    ? splitScore(
        summarizeJudgments(judgments.filter((j) => isPrivate(j.questionId))),
        [...splitOf.values()].filter((s) => s === 'private').length,
        opts,
      )
    : undefined;
  const minJudged = opts.minJudged ?? DEFAULT_MIN_JUDGED;
  const covered = (s: SplitScore | undefined) => !s || coverageOf(s) >= minJudged - 1e-12;
  const ownLength = lengthStats(publicSummary.questions);
  const lengthSlope = sharedLengthSlope([...(opts.roundLengthStats ?? []), ownLength]);
  const lcWinRate = lengthControlledRate(ownLength, lengthSlope);
  const lengthExcessChars = medianLengthExcess(publicSummary.questions);
  const cost = costOf(usage, prices);
  const training = opts.training && trainingCostOf(opts.training, opts.instancePrices ?? {});
  // One answer per question: the candidate's answer is the same in every judgment of it.
  const answers = new Map(judgments.map((j) => [j.questionId, j.candidateAnswer]));
  const flags = flagAnswers([...answers].map(([questionId, text]) => ({ questionId, text })));
  return {
    ...headline,
    split: hasPrivate ? 'public' : 'all',
    ...(privateScore ? { private: privateScore } : {}),
    ranked: headline.questions > 0 && covered(headline) && covered(privateScore),
    consistency: publicSummary.consistency,
    lcWinRate,
    lengthGapFlag: leansOnLength(headline.winRate, lcWinRate, lengthExcessChars),
    lengthExcessChars,
    lengthStats: ownLength,
    lengthSlope,
    tokens: cost.tokens,
    costUsd: cost.usd + (training?.usd ?? 0),
    ...(training ? { training } : {}),
    flags,
  };
}

/** The flags a score raises, in words: for organizers' views and the member's own result. */
export function flagLabels(
  score: Pick<Score, 'flags' | 'lengthGapFlag' | 'winRate' | 'lcWinRate' | 'lengthExcessChars'>,
): string[] {
  const labels: string[] = [];
  const f = score.flags;
  if (f?.addressesJudge.length)
    labels.push(`${f.addressesJudge.length} answer${f.addressesJudge.length === 1 ? '' : 's'} address the judge`);
  if (f?.nearIdentical)
    labels.push(`near-identical answers to different questions (${Math.round(f.nearIdenticalShare * 100)}%)`);
  if (score.lengthGapFlag)
    labels.push(
      `leans on length (${Math.round(score.winRate * 100)}% raw, ${Math.round(score.lcWinRate * 100)}% length-controlled` +
        `${score.lengthExcessChars ? `, answers ${Math.round(score.lengthExcessChars)} characters longer than the reference's on the median question` : ''})`,
    );
  return labels;
}
