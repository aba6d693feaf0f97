import { leaderboardMessage } from '../../messages/leaderboard';
import { resultMessage } from '../../messages/submission';
import { clearestResults } from '../../scoring';
import { isFinal } from '../../submission-stage';
import type { LeagueDeps } from '../context';
import { leaderboardUrl, rankedLeaderboard } from '../leaderboard';
import { updateProgress } from '../progress';
import { loadSubmission } from './advance';

/** notify: exactly one DM per final stage (the chat adapter dedupes on the key), and the progress message finalised. */
export async function handleNotify(deps: LeagueDeps, submissionId: string): Promise<void> {
  const sub = await loadSubmission(deps, submissionId);
  if (!sub || !isFinal(sub.stage)) return;
  const round = await deps.store.getRound(sub.roundId);
  let details = {};
  if (sub.stage === 'SCORED') {
    const [judgments, questions, ranked] = await Promise.all([
      deps.store.listJudgments(sub.id),
      deps.store.getQuestions(sub.roundId),
      rankedLeaderboard(deps, sub.roundId),
    ]);
    const rank = ranked.find((r) => r.submissionId === sub.id)?.rank;
    details = {
      highlights: clearestResults(judgments, questions, 3),
      rank,
      leaderboardUrl: leaderboardUrl(deps, sub.roundId),
    };
  }
  await deps.chat.dm(sub.userId, resultMessage(sub, round, details), {
    idempotencyKey: `result#${sub.id}#${sub.stage}`,
  });
  await updateProgress(deps, sub);
}

/** post-leaderboard: a channel post when the top of the leaderboard changes (once per new leader). */
export async function handlePostLeaderboard(deps: LeagueDeps, roundId: string): Promise<void> {
  const round = await deps.store.getRound(roundId);
  if (!round) return;
  const ranked = await rankedLeaderboard(deps, roundId);
  const top = ranked[0];
  if (!top) return;
  await deps.chat.post(round.channel, leaderboardMessage(round, ranked, leaderboardUrl(deps, roundId), 'New leader'), {
    idempotencyKey: `leader#${roundId}#${top.userId}#${top.submissionId}`,
  });
}
