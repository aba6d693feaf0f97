import type { LeaderboardEntry } from '../model';

export interface RankedEntry extends LeaderboardEntry {
  rank: number;
  /** The whole interval is above 50%. */
  beatsReference: boolean;
}

/** Win rate, then the interval's lower bound, then the earlier submission. */
export function rankLeaderboard(entries: LeaderboardEntry[]): RankedEntry[] {
  return [...entries]
    .sort((a, b) => b.winRate - a.winRate || b.ciLow - a.ciLow || a.submittedAt.localeCompare(b.submittedAt))
    .map((e, i) => ({ ...e, rank: i + 1, beatsReference: e.ciLow > 0.5 }));
}
