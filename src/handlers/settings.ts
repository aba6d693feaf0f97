import type { Config } from '../core/config';
import type { LeagueSettings } from '../core/services/context';

export const settingsFrom = (config: Config): LeagueSettings => ({
  organizers: config.organizers,
  organizerChannel: config.organizerChannel,
  finaleExperts: config.finaleExperts,
  publicUrl: config.publicUrl,
  judgeChunkSize: config.judgeChunkSize,
  answerMaxChars: config.answerMaxChars,
  maxAnswerTokens: config.maxAnswerTokens,
  prices: config.prices,
  trainingPrices: config.trainingPrices,
  scoringSeed: config.scoringSeed,
  minJudged: config.minJudged,
  jobLeaseMs: config.queue.visibilityTimeoutMs,
  chatRetryDelaysMs: config.chatRetryDelaysMs,
  judgeMaxTokens: 400,
  waitLimitsMs: config.waitLimitsMs,
  capacity: config.capacity,
  runEstimateMs: config.runEstimateMs,
  tryIdleMs: config.tryIdleMs,
});
