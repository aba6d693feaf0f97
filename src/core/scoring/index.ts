export { seededRandom } from './rng';
export { summarizeJudgments, type QuestionResult, type WinRateSummary } from './win-rate';
export { bootstrapInterval } from './bootstrap';
export { lengthControlledRate, LENGTH_GAP_THRESHOLD } from './length-control';
export { computeScore, costOf, type Usage } from './score';
export { rankLeaderboard, type RankedEntry } from './ranking';
export { clearestResults, type Highlight } from './highlights';
