import { computeScore } from '../../scoring';
import type { Submission } from '../../model';
import type { LeagueDeps } from '../context';
import { failSubmission } from '../failures';
import { finishStage, loadSubmission } from './advance';

/** score: win rate with its interval, leaderboard update, model host torn down, DM and channel post queued. */
export async function handleScore(deps: LeagueDeps, submissionId: string): Promise<void> {
  const sub = await loadSubmission(deps, submissionId);
  if (!sub) return;
  if (sub.stage === 'SCORED') return afterScored(deps, sub); // an earlier delivery crashed after scoring
  if (sub.stage !== 'EVALUATING') return;
  const judgments = await deps.store.listJudgments(sub.id);
  const usage = judgments.map((j) => ({ model: j.judge, inputTokens: j.inputTokens, outputTokens: j.outputTokens }));
  const score = computeScore(judgments, usage, deps.settings.prices, { seed: deps.settings.scoringSeed });
  if (score.questions === 0) {
    await failSubmission(deps, sub.id, 'The judge could not reach a verdict on any question; organizers have been told.');
    return;
  }
  const next = await finishStage(deps, sub, 'SCORED', { score });
  if (next) await afterScored(deps, next);
}

/** Leaderboard entry, host teardown, DM and channel post: each idempotent, so safe to repeat. */
async function afterScored(deps: LeagueDeps, sub: Submission): Promise<void> {
  const score = sub.score!;
  await deps.store.putLeaderboardEntry({
    roundId: sub.roundId, userId: sub.userId, submissionId: sub.id,
    winRate: score.winRate, ciLow: score.ciLow, ciHigh: score.ciHigh, submittedAt: sub.createdAt,
  });
  await deps.host.close(sub.id);
  await deps.queue.send([
    { type: 'notify', submissionId: sub.id },
    { type: 'post-leaderboard', roundId: sub.roundId, reason: `scored ${sub.id}` },
  ]);
}

