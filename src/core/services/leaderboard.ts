import type { LeagueDeps } from './context';
import { rankLeaderboard } from '../scoring';
import type { RankedRow } from '../messages/leaderboard';

export const leaderboardUrl = (deps: LeagueDeps, roundId: string) => `${deps.settings.publicUrl}/leaderboard/${encodeURIComponent(roundId)}`;

/** The round's standings, ranked by the judging protocol's rules (read by Query). */
export async function rankedLeaderboard(deps: LeagueDeps, roundId: string): Promise<RankedRow[]> {
  return rankLeaderboard(await deps.store.leaderboard(roundId));
}
