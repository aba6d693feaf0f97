import type { Round } from '../model';
import { interval, mention, modelLabel, pct } from './format';
import type { RankedRow } from './leaderboard';
import type { Block, Message } from './message';

const MEDALS = ['🥇', '🥈', '🥉'];
/** Rows in the results table; the rest are behind the leaderboard link. */
const RESULTS_TABLE_ROWS = 10;

const beats = (r: RankedRow) => r.ciLow > 0.5;

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
        `${MEDALS[i]} ${mention(r.userId)} — *${pct(r.winRate)}* (95% CI ${interval(r.ciLow, r.ciHigh)})${beats(r) ? ' · beats the reference' : ''}`,
    );
  const blocks: Block[] = [
    { type: 'heading', text: title },
    { type: 'text', text: podium.join('\n'), tone: 'success' },
    ...provisional,
  ];
  if (rows.length > 3) {
    blocks.push({
      type: 'table',
      columns: ['#', 'Member', 'Win rate', '95% CI', 'Submission'],
      rows: rows
        .slice(0, RESULTS_TABLE_ROWS)
        .map((r) => [String(r.rank), mention(r.userId), pct(r.winRate), interval(r.ciLow, r.ciHigh), r.submissionId]),
      moreUrl: rows.length > RESULTS_TABLE_ROWS ? url : undefined,
    });
  }
  const winners = rows.filter(beats).length;
  blocks.push({
    type: 'context',
    text:
      `Each member's best model, judged on the round's ${round.questionCount} hidden questions against the reference model (${modelLabel(round.referenceModel)}). ` +
      `${winners} of ${rows.length} beat the reference (the whole 95% interval above 50%). Full standings: ${url}`,
  });
  const text = `${round.name} ${final ? 'results' : 'standings so far'}: ${rows
    .slice(0, 3)
    .map((r) => `#${r.rank} ${mention(r.userId)} at ${pct(r.winRate)}`)
    .join(', ')}`;
  return { text, blocks };
}
