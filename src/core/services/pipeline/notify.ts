import { leaderboardMessage } from '../../messages/leaderboard';
import { resultMessage } from '../../messages/submission';
import type { Question } from '../../model';
import { clearestResults } from '../../scoring';
import { isFinal } from '../../submission-stage';
import type { LeagueDeps } from '../context';
import { leaderboardUrl, rankedLeaderboard } from '../leaderboard';
import { sendMessage } from '../outbox/send';
import { updateProgress } from '../progress';
import { loadSubmission } from './advance';

/**
 * notify: exactly one DM per final stage (the outbox keeps one message per key, and delivers it
 * later when chat is down), and the progress message finalised.
 */
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
    // A member is quoted public questions only; the private split is described by its size alone.
    const shown = questions.filter((q) => q.split !== 'private');
    const shownIds = new Set(shown.map((q) => q.id));
    details = {
      highlights: clearestResults(
        judgments.filter((j) => shownIds.has(j.questionId)),
        shown,
        3,
      ),
      privateCategories: categoryCounts(questions.filter((q) => q.split === 'private')),
      rank,
      leaderboardUrl: leaderboardUrl(deps, sub.roundId),
    };
  }
  await sendMessage(deps, {
    key: `result#${sub.id}#${sub.stage}`,
    target: { kind: 'dm', userId: sub.userId },
    message: resultMessage(sub, round, details),
    about: `result DM of ${sub.id} (${sub.stage.toLowerCase()})`,
  });
  await updateProgress(deps, sub);
}

/** How many questions each category has, largest first. */
function categoryCounts(questions: Question[]): { category: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const q of questions) counts.set(q.category, (counts.get(q.category) ?? 0) + 1);
  return [...counts]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
}

/** post-leaderboard: a channel post when the top of the leaderboard changes (once per new leader). */
export async function handlePostLeaderboard(deps: LeagueDeps, roundId: string): Promise<void> {
  const round = await deps.store.getRound(roundId);
  if (!round) return;
  const ranked = await rankedLeaderboard(deps, roundId);
  const top = ranked[0];
  if (!top) return;
  await sendMessage(deps, {
    key: `leader#${roundId}#${top.userId}#${top.submissionId}`,
    target: { kind: 'post', channel: round.channel },
    message: leaderboardMessage(round, ranked, leaderboardUrl(deps, roundId), 'New leader'),
    about: `new-leader post of ${roundId}`,
  });
}
