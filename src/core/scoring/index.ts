export {
  bootstrapInterval,
  DEFAULT_BOOTSTRAP_SEED,
  DEFAULT_RESAMPLES,
  type Interval,
  MIN_RESAMPLES,
  quantile,
} from './bootstrap';
export {
  expertShare,
  FINALE_WEIGHTS,
  type FinaleRow,
  type FinaleShares,
  finaleStanding,
  type PromptInput,
  promptShares,
} from './finale';
export { clearestResults, cutText, HIGHLIGHT_ANSWER_CHARS, type Highlight } from './highlights';
export {
  DEFAULT_SLOPE_RIDGE,
  LENGTH_GAP_THRESHOLD,
  type LengthPoint,
  lengthControlledRate,
  lengthGapFlag,
} from './length-control';
export { type RankedEntry, rankLeaderboard } from './ranking';
export { seededRandom } from './rng';
export { computeScore, costOf, type Prices, type Usage } from './score';
export {
  positionConsistency,
  type QuestionResult,
  questionScores,
  strictWins,
  summarizeJudgments,
  type WinRateSummary,
} from './win-rate';
