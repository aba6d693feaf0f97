import type { RankedRow } from '../messages/leaderboard';
import type { LeaderboardEntry, Submission } from '../model';
import type { LeaderboardStore, RoundStore, SubmissionStore } from '../ports';
import { flagLabels, rankStandings } from '../scoring';
import type { LeagueDeps } from './context';

export const leaderboardUrl = (deps: Pick<LeagueDeps, 'settings'>, roundId: string) =>
  `${deps.settings.publicUrl}/leaderboard/${encodeURIComponent(roundId)}`;

/**
 * The round's standings, ranked by the judging protocol's rules (read by Query): the public split
 * while the round is open, the private split once it is closed.
 */
export async function rankedLeaderboard(
  deps: { store: LeaderboardStore & RoundStore },
  roundId: string,
): Promise<RankedRow[]> {
  const [round, entries] = await Promise.all([deps.store.getRound(roundId), deps.store.leaderboard(roundId)]);
  return rankStandings(round ?? { status: 'open' }, entries);
}

/** A scored submission's leaderboard entry. */
export const leaderboardEntryOf = (sub: Submission): LeaderboardEntry => ({
  roundId: sub.roundId,
  userId: sub.userId,
  ...(sub.userName ? { userName: sub.userName } : {}),
  submissionId: sub.id,
  winRate: sub.score!.winRate,
  ciLow: sub.score!.ciLow,
  ciHigh: sub.score!.ciHigh,
  submittedAt: sub.createdAt,
  errors: sub.score!.errors,
  flags: flagLabels(sub.score!),
  ...(sub.score!.private
    ? {
        private: {
          winRate: sub.score!.private.winRate,
          ciLow: sub.score!.private.ciLow,
          ciHigh: sub.score!.private.ciHigh,
          errors: sub.score!.private.errors,
        },
      }
    : {}),
});

/**
 * Puts a rescored submission back on the leaderboard. The store keeps a member's best entry; when
 * the rescored submission was that entry and fell, the member's other scored submissions are offered
 * again so the best of them takes its place.
 */
export async function refreshMemberEntry(
  deps: { store: LeaderboardStore & SubmissionStore },
  rescored: Submission,
): Promise<void> {
  const held = (await deps.store.leaderboard(rescored.roundId)).find((e) => e.userId === rescored.userId);
  await deps.store.putLeaderboardEntry(leaderboardEntryOf(rescored));
  if (held?.submissionId !== rescored.id) return;
  const others = (await deps.store.listSubmissionsByUser(rescored.userId, rescored.roundId)).filter(
    (s) => s.id !== rescored.id && s.stage === 'SCORED' && s.score,
  );
  for (const other of others) await deps.store.putLeaderboardEntry(leaderboardEntryOf(other));
}
