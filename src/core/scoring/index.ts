export { seededRandom } from './rng';
export {
  summarizeJudgments, questionScores, strictWins, positionConsistency,
  type QuestionResult, type WinRateSummary,
} from './win-rate';
export { bootstrapInterval, quantile, MIN_RESAMPLES, DEFAULT_RESAMPLES, DEFAULT_BOOTSTRAP_SEED, type Interval } from './bootstrap';
export { lengthControlledRate, lengthGapFlag, LENGTH_GAP_THRESHOLD, DEFAULT_SLOPE_RIDGE, type LengthPoint } from './length-control';
export { computeScore, costOf, type Usage, type Prices } from './score';
export { rankLeaderboard, type RankedEntry } from './ranking';
export { clearestResults, cutText, HIGHLIGHT_ANSWER_CHARS, type Highlight } from './highlights';
export { finaleStanding, promptShares, expertShare, FINALE_WEIGHTS, type FinaleShares, type FinaleRow, type PromptInput } from './finale';
