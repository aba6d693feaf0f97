import type { LeaderboardEntry, Round } from '../model';
import { interval, mention, pct } from './format';
import type { Block, Message } from './message';

export interface RankedRow extends LeaderboardEntry {
  rank: number;
  /** Final standings only: the rank on the public split, for the move. */
  publicRank?: number;
}

const TOP_ROWS = 20;

export function leaderboardMessage(round: Round, rows: RankedRow[], url: string, title = 'Leaderboard'): Message {
  if (!rows.length) {
    const text = `${round.name}: no scored submissions yet.`;
    return { text, blocks: [{ type: 'text', text }] };
  }
  const shown = rows.slice(0, TOP_ROWS);
  const blocks: Block[] = [
    { type: 'heading', text: `${title} · ${round.name}` },
    {
      type: 'table',
      columns: ['#', 'Member', 'Win rate', '95% CI', 'Judge errors', 'Submission'],
      rows: shown.map((r) => [
        String(r.rank),
        mention(r.userId),
        pct(r.winRate),
        interval(r.ciLow, r.ciHigh),
        String(r.errors ?? 0),
        r.submissionId,
      ]),
      moreUrl: rows.length > shown.length ? url : undefined,
    },
    {
      type: 'context',
      text: `Win rate against the reference model; a model beats it when the whole interval is above 50%. ${url}`,
    },
  ];
  const lead = rows[0]!;
  return { text: `${round.name} leaderboard: #1 ${mention(lead.userId)} at ${pct(lead.winRate)}`, blocks };
}
