import { withLeaderboardChart } from '../charts/round-chart';
import { UserError } from '../errors';
import { agreementLine } from '../messages/calibration';
import { resultsMessage } from '../messages/results';
import { isFinal } from '../submission-stage';
import { roundCalibration } from './calibration';
import type { Actor, LeagueDeps } from './context';
import { leaderboardUrl, rankedLeaderboard } from './leaderboard';
import { hash } from './pipeline/evaluate';
import { resolveRound } from './rounds';

/**
 * `round results`: the leaderboard posted to the round's channel. It is already computed on the
 * round's hidden questions (the only evaluation set a round has). Results of a closed round are final,
 * so they wait until every evaluation has finished; an open round's are posted as standings so far.
 */
export async function announceResults(deps: LeagueDeps, actor: Actor, roundId?: string): Promise<string> {
  const round = await resolveRound(deps, roundId, { ask: 'round results' });
  const running =
    round.status === 'closed'
      ? (await deps.store.listSubmissionsByRound(round.id)).filter((s) => !isFinal(s.stage))
      : [];
  if (running.length) {
    throw new UserError(
      'CONFLICT',
      `${running.length} submission${running.length === 1 ? '' : 's'} of ${round.name} ${running.length === 1 ? 'is' : 'are'} still being evaluated (${running
        .slice(0, 5)
        .map((s) => s.id)
        .join(', ')}${running.length > 5 ? ', …' : ''}).`,
      'Post the results once they finish; the sweeper fails any that get stuck, or cancel one with `/league cancel <submission>`.',
    );
  }
  const ranked = await rankedLeaderboard(deps, round.id);
  // Nothing to post stays private; the same standings are posted once.
  if (!ranked.length)
    return `Nothing was posted: ${round.name} has no scored submissions yet. The channel hears of it when there is a standing to show.`;
  const posted = hash(
    `${round.status}|${ranked.map((r) => `${r.submissionId}:${r.rank}:${r.winRate}:${r.ciLow}:${r.ciHigh}`).join('|')}`,
  ).toString(36);
  if (round.resultsPosted?.key === posted)
    return `These results of ${round.name} were posted already (${round.resultsPosted.at.slice(0, 16).replace('T', ' ')} UTC) and nothing has changed since; nothing was posted again.`;
  const message = resultsMessage(round, ranked, leaderboardUrl(deps, round.id));
  const checked = agreementLine(await roundCalibration(deps, round));
  if (checked) message.blocks.push({ type: 'context', text: checked });
  await deps.chat.post(round.channel, await withLeaderboardChart(deps, message, round, ranked));
  await deps.store.updateRound(round.id, { resultsPosted: { at: deps.clock.now().toISOString(), key: posted } });
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    actor: actor.userId,
    action: 'round.results',
    target: round.id,
    detail: { entries: ranked.length },
  });
  return round.status === 'closed'
    ? `Posted the results of ${round.name} (${ranked.length} ranked).`
    : `Posted the results of ${round.name} as standings so far (${ranked.length} ranked): the round is still open. Close it with \`/league round close ${round.id}\` for final results.`;
}
