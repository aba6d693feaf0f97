import type { Judgment, Score, Submission } from '../../model';
import { computeScore } from '../../scoring';
import type { LeagueDeps } from '../context';
import { failSubmission } from '../failures';
import { leaderboardEntryOf } from '../leaderboard';
import { finishStage, loadSubmission } from './advance';

/** The score of a set of judgments, with the league's prices and bootstrap seed (the same after an override). */
export function scoreJudgments(deps: LeagueDeps, judgments: Judgment[]): Score {
  const usage = judgments.map((j) => ({ model: j.judge, inputTokens: j.inputTokens, outputTokens: j.outputTokens }));
  return computeScore(judgments, usage, deps.settings.prices, { seed: deps.settings.scoringSeed });
}

/** score: win rate with its interval, leaderboard update, model host torn down, DM and channel post queued. */
export async function handleScore(deps: LeagueDeps, submissionId: string): Promise<void> {
  const sub = await loadSubmission(deps, submissionId);
  if (!sub) return;
  if (sub.stage === 'SCORED') return afterScored(deps, sub); // an earlier delivery crashed after scoring
  if (sub.stage !== 'EVALUATING') return;
  const score = scoreJudgments(deps, await deps.store.listJudgments(sub.id));
  if (score.questions === 0) {
    await failSubmission(
      deps,
      sub.id,
      'The judge could not reach a verdict on any question; organizers have been told.',
    );
    return;
  }
  const next = await finishStage(deps, sub, 'SCORED', { score });
  if (next) await afterScored(deps, next);
}

/** Leaderboard entry, host teardown, DM and channel post: each idempotent, so safe to repeat. */
async function afterScored(deps: LeagueDeps, sub: Submission): Promise<void> {
  await deps.store.putLeaderboardEntry(leaderboardEntryOf(sub));
  await deps.host.close(sub.id);
  await deps.queue.send([
    { type: 'notify', submissionId: sub.id },
    { type: 'post-leaderboard', roundId: sub.roundId, reason: `scored ${sub.id}` },
  ]);
}
