import { displayName, modelLabel } from '../messages/format';
import type { RankedRow } from '../messages/leaderboard';
import type { Message } from '../messages/message';
import type { Round } from '../model';
import type { ChartRenderer, Logger } from '../ports';
import { type ChartEntry, leaderboardChartSvg } from './leaderboard-chart';

const chartEntries = (rows: readonly RankedRow[]): ChartEntry[] =>
  rows.map((r) => ({ rank: r.rank, name: displayName(r), winRate: r.winRate, ciLow: r.ciLow, ciHigh: r.ciHigh }));

/** The round's leaderboard chart, the same for the chat attachment and the web page. */
export const roundChartSvg = (round: Pick<Round, 'name' | 'referenceModel'>, rows: readonly RankedRow[]): string =>
  leaderboardChartSvg(chartEntries(rows), {
    title: `${round.name} · win rate against the reference`,
    referenceLabel: `reference (${modelLabel(round.referenceModel)})`,
  });

/**
 * Attaches the leaderboard chart as a PNG. Without a renderer, with no rows, or when rendering
 * fails, the message goes out as it is: the standings matter more than the picture.
 */
export async function withLeaderboardChart(
  deps: { charts?: ChartRenderer; log: Logger },
  message: Message,
  round: Round,
  rows: readonly RankedRow[],
): Promise<Message> {
  if (!deps.charts || !rows.length) return message;
  try {
    const bytes = await deps.charts.png(roundChartSvg(round, rows));
    const alt = `Win rate with its 95% interval per member of ${round.name}; the reference model (${modelLabel(round.referenceModel)}) is at 50%.`;
    return {
      ...message,
      attachments: [
        ...(message.attachments ?? []),
        { name: `leaderboard-${round.id}.png`, mime: 'image/png', bytes, alt },
      ],
    };
  } catch (e) {
    deps.log.warn('leaderboard chart not rendered', {
      roundId: round.id,
      error: e instanceof Error ? e.message : String(e),
    });
    return message;
  }
}
