import { scoreboardMessage } from '../../messages/finale';
import type { Finale, FinalePrompt } from '../../model';
import { type FinaleRow, finaleStanding } from '../../scoring';
import type { LeagueDeps } from '../context';

/** Live edits from votes and scores at most this often; prompts, judging and the end always edit. */
const SCOREBOARD_EDIT_INTERVAL_MS = 2000;

/** The standing over every prompt so far (a prompt still open counts with what it has). */
export async function standingOf(
  deps: LeagueDeps,
  finale: Finale,
): Promise<{ rows: FinaleRow[]; prompts: FinalePrompt[] }> {
  const [prompts, answers] = await Promise.all([
    deps.store.listFinalePrompts(finale.id),
    deps.store.listFinaleAnswers(finale.id),
  ]);
  const inputs = prompts.map((p) => ({
    judgeScores: Object.fromEntries(
      answers.filter((a) => a.prompt === p.number).map((a) => [a.submissionId, a.judgeScore]),
    ),
    expertScores: p.expertScores,
    votes: p.votes,
  }));
  return { rows: finaleStanding(finale.finalists, inputs), prompts };
}

/**
 * Edits the scoreboard message in place. Cosmetic: a failure is logged, never fails the command.
 * `throttle` (votes, scores) skips the edit when one was made moments ago, so a room voting at once
 * does not run into the platform's rate limits; the next prompt or the end brings it up to date.
 */
export async function refreshScoreboard(
  deps: LeagueDeps,
  finale: Finale,
  options: { throttle?: boolean } = {},
): Promise<void> {
  if (!finale.scoreboard) return;
  try {
    if (
      options.throttle &&
      !(await deps.store.acquireLease(`scoreboard#${finale.id}`, SCOREBOARD_EDIT_INTERVAL_MS, deps.clock.now()))
    )
      return;
    const [round, { rows, prompts }] = await Promise.all([
      deps.store.getRound(finale.roundId),
      standingOf(deps, finale),
    ]);
    await deps.chat.update(
      finale.scoreboard,
      scoreboardMessage({
        finale,
        roundName: round?.name ?? finale.roundId,
        rows,
        prompts,
        experts: deps.settings.finaleExperts.length,
      }),
    );
  } catch (e) {
    deps.log.warn('finale scoreboard not updated', {
      finaleId: finale.id,
      error: e instanceof Error ? e.message : String(e),
    });
  }
}
