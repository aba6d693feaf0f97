export { bootstrapInterval, quantile } from './bootstrap';
export {
  type Criterion,
  expertMeans,
  expertShares,
  type FinaleRow,
  finaleStanding,
  promptShares,
  RUBRIC,
} from './finale';
export { clearestResults } from './highlights';
export {
  LENGTH_GAP_THRESHOLD,
  LENGTH_SCALE_CHARS,
  type LengthPoint,
  leansOnLength,
  lengthControlledRate,
  lengthFeature,
  lengthGapFlag,
  lengthStats,
  medianLengthExcess,
  sharedLengthSlope,
  UNIFORM_PADDING_CHARS,
} from './length-control';
export { rankLeaderboard, rankStandings } from './ranking';
export { seededRandom } from './rng';
export { computeScore, costOf, coverageOf, flagLabels, trainingCostOf } from './score';
export { wilsonInterval } from './wilson';
export { positionConsistency, questionScores, strictWins, summarizeJudgments } from './win-rate';
