import type { LeaderboardEntry, Round } from '../model';

export interface RankedEntry extends LeaderboardEntry {
  /** 1 for the leader; ties are broken, so every entry has its own rank. */
  rank: number;
  /** The whole 95% interval is above 50%. */
  beatsReference: boolean;
  /** In final standings (ranked on the private split): the rank the entry had on the public split. */
  publicRank?: number;
}

/** Rates computed along different paths can differ in the last bits; closer than this is equal. */
const SAME = 1e-9;

const scored = (e: LeaderboardEntry) =>
  Number.isFinite(e.winRate) && Number.isFinite(e.ciLow) && Number.isFinite(e.ciHigh);

function compareTimes(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Ranks by win rate, then by the interval's lower bound (the surer result first), then the earlier
 * submission; the submission id settles anything left so the order is stable. Entries without a
 * finite score are never ranked.
 */
export function rankLeaderboard(entries: LeaderboardEntry[]): RankedEntry[] {
  return entries
    .filter(scored)
    .sort((a, b) => {
      if (Math.abs(a.winRate - b.winRate) > SAME) return b.winRate - a.winRate;
      if (Math.abs(a.ciLow - b.ciLow) > SAME) return b.ciLow - a.ciLow;
      return (
        compareTimes(a.submittedAt, b.submittedAt) ||
        (a.submissionId < b.submissionId ? -1 : a.submissionId > b.submissionId ? 1 : 0)
      );
    })
    .map((e, i) => ({ ...e, rank: i + 1, beatsReference: e.ciLow > 0.5 }));
}

/**
 * The round's standings: on the public split while the round is open; once it is closed, on the
 * private split, each entry carrying the rank it held on the public one. A round whose questions
 * are not split ranks on the whole set throughout.
 */
export function rankStandings(round: Pick<Round, 'status'>, entries: LeaderboardEntry[]): RankedEntry[] {
  const publicRanks = rankLeaderboard(entries);
  if (round.status !== 'closed' || !entries.some((e) => e.private)) return publicRanks;
  const before = new Map(publicRanks.map((e) => [e.submissionId, e.rank]));
  const finals = entries.flatMap((e) =>
    e.private
      ? [
          {
            ...e,
            winRate: e.private.winRate,
            ciLow: e.private.ciLow,
            ciHigh: e.private.ciHigh,
            errors: e.private.errors,
          },
        ]
      : [],
  );
  return rankLeaderboard(finals).map((e) => ({ ...e, publicRank: before.get(e.submissionId) }));
}
