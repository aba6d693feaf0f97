import { leaderboardChartSvg } from '../charts/leaderboard-chart';
import { modelLabel } from '../messages/format';
import type { Message } from '../messages/message';
import { hyperparameterLabel, type NumberedRun, runsMessage } from '../messages/runs';
import type { Actor, LeagueDeps } from './context';
import { resolveRound } from './rounds';

/**
 * `runs [round]`: the member's submissions of the round side by side (hyperparameters, rows, win
 * rate and interval, cost), numbered in submission order, with the scored ones drawn on the same
 * chart as the leaderboard. The chart needs a file upload, so the comparison with it goes by DM.
 */
export async function compareRuns(deps: LeagueDeps, actor: Actor, roundId?: string): Promise<Message> {
  const round = await resolveRound(deps, roundId);
  const subs = await deps.store.listSubmissionsByUser(actor.userId, round.id);
  const runs: NumberedRun[] = [...subs]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((submission, i) => ({ number: i + 1, submission }));
  const scored = runs.filter((r) => r.submission.score);
  if (!scored.length || !deps.charts) return runsMessage(round, runs);
  try {
    const svg = leaderboardChartSvg(
      scored.map(({ number, submission: s }) => ({
        rank: number,
        name: `#${number} ${hyperparameterLabel(s)}`,
        winRate: s.score!.winRate,
        ciLow: s.score!.ciLow,
        ciHigh: s.score!.ciHigh,
      })),
      { title: `Your runs · ${round.name}`, referenceLabel: `reference (${modelLabel(round.referenceModel)})` },
    );
    const bytes = await deps.charts.png(svg);
    const message = runsMessage(round, runs, 'The chart of your scored runs is attached.');
    await deps.chat.dm(actor.userId, {
      ...message,
      attachments: [
        {
          name: `runs-${round.id}.png`,
          mime: 'image/png',
          bytes,
          alt: `Win rate with its 95% interval for each of your scored runs in ${round.name}; the reference is at 50%.`,
        },
      ],
    });
    return runsMessage(round, runs, 'The chart of your scored runs is in your DMs.');
  } catch (e) {
    deps.log.warn('runs chart not sent', { error: e instanceof Error ? e.message : String(e) });
    return runsMessage(round, runs);
  }
}
