import type { Round } from '../model';
import { interval, mention, modelLabel, pct } from './format';
import type { RankedRow } from './leaderboard';
import type { Block, Message } from './message';

const MEDALS = ['🥇', '🥈', '🥉'];
/** Rows in the results table; the rest are behind the leaderboard link. */
const RESULTS_TABLE_ROWS = 10;

const beats = (r: RankedRow) => r.ciLow > 0.5;

/** A member's move from the public standings to the final ones: ▲2, ▼1, = or new. */
function moveOf(r: RankedRow): string {
  if (r.publicRank === undefined) return '';
  const d = r.publicRank - r.rank;
  return d > 0 ? `▲${d}` : d < 0 ? `▼${-d}` : '=';
}
const hasMoves = (rows: RankedRow[]) => rows.some((r) => r.publicRank !== undefined);

/**
 * The round's results for its channel: the podium, the top of the table, and how to read it. While
 * the round is open they are marked as standings so far, not results.
 */
export function resultsMessage(round: Round, rows: RankedRow[], url: string): Message {
  const final = round.status === 'closed';
  const title = `${final ? 'Results' : 'Standings so far'} · ${round.name}`;
  const provisional: Block[] = final
    ? []
    : [{ type: 'context', text: 'The round is still open: these are not the final results.' }];
  if (!rows.length) {
    const text = `${round.name}: no scored submissions yet.`;
    return { text, blocks: [{ type: 'heading', text: title }, { type: 'text', text }, ...provisional] };
  }
  const podium = rows
    .slice(0, 3)
    .map(
      (r, i) =>
        `${MEDALS[i]} ${mention(r.userId)} — *${pct(r.winRate)}* (95% CI ${interval(r.ciLow, r.ciHigh)})${beats(r) ? ' · beats the reference' : ''}${r.publicRank !== undefined ? ` · ${moveOf(r)} from #${r.publicRank} on the public split` : ''}`,
    );
  const blocks: Block[] = [
    { type: 'heading', text: title },
    { type: 'text', text: podium.join('\n'), tone: 'success' },
    ...provisional,
  ];
  const moves = hasMoves(rows);
  if (rows.length > 3) {
    blocks.push({
      type: 'table',
      columns: ['#', ...(moves ? ['Move'] : []), 'Member', 'Win rate', '95% CI', 'Submission'],
      rows: rows
        .slice(0, RESULTS_TABLE_ROWS)
        .map((r) => [
          String(r.rank),
          ...(moves ? [moveOf(r)] : []),
          mention(r.userId),
          pct(r.winRate),
          interval(r.ciLow, r.ciHigh),
          r.submissionId,
        ]),
      moreUrl: rows.length > RESULTS_TABLE_ROWS ? url : undefined,
    });
  }
  const winners = rows.filter(beats).length;
  blocks.push({
    type: 'context',
    text:
      (moves
        ? "Each member's best model on the public split, ranked on the round's private questions (never shown while the round was open) against the reference model"
        : rows.some((r) => r.private) && !final
          ? "Each member's best model on the round's public questions against the reference model; the final results rank on the private ones"
          : `Each member's best model, judged on the round's ${round.questionCount} hidden questions against the reference model`) +
      ` (${modelLabel(round.referenceModel)}). ` +
      `${winners} of ${rows.length} beat the reference (the whole 95% interval above 50%). Full standings: ${url}`,
  });
  const text = `${round.name} ${final ? 'results' : 'standings so far'}: ${rows
    .slice(0, 3)
    .map((r) => `#${r.rank} ${mention(r.userId)} at ${pct(r.winRate)}`)
    .join(', ')}`;
  return { text, blocks };
}
