import type { PromptRef } from '../../commands';
import { UserError } from '../../errors';
import { CRITERION_NAMES } from '../../messages/finale';
import { displayName } from '../../messages/format';
import type { Finale } from '../../model';
import { type Criterion, expertMeans, RUBRIC } from '../../scoring';
import type { Actor, LeagueDeps } from '../context';
import { noFinale } from './control';
import { findFinalist } from './finalists';
import { refreshScoreboard } from './scoreboard';

const closed = (finale: Finale, number: number) =>
  new UserError(
    'CONFLICT',
    `Voting on prompt ${number} is closed: votes and scores count only while their prompt is open.`,
    finale.status === 'live' && finale.prompts > number ? `Prompt ${finale.prompts} is open now.` : undefined,
  );

/** The live finale and the prompt a vote or score is for (the open one unless a button pinned another). */
async function target(deps: LeagueDeps, ref: PromptRef | undefined): Promise<{ finale: Finale; number: number }> {
  const finale = await deps.store.liveFinale();
  if (ref?.finaleId && ref.finaleId !== finale?.id) {
    throw new UserError(
      'CONFLICT',
      'That finale is over: its voting is closed.',
      finale ? "Vote on the current prompt's buttons." : undefined,
    );
  }
  if (!finale) throw noFinale();
  const number = ref?.number ?? finale.prompts;
  if (number === 0)
    throw new UserError('CONFLICT', 'No prompt is open yet.', 'Votes open with the first `finale next`.');
  if (number > finale.prompts)
    throw new UserError('NOT_FOUND', `There is no prompt ${number} yet; prompt ${finale.prompts} is open.`);
  return { finale, number };
}

/**
 * `finale vote <finalist>`: one vote per person per prompt. The first vote counts and a second is
 * refused (no changing sides mid-prompt); a vote after its prompt closed is refused. Both are checked
 * by the same conditional write that counts the vote.
 */
export async function castVote(
  deps: LeagueDeps,
  actor: Actor,
  finalistToken: string,
  ref?: PromptRef,
): Promise<string> {
  const { finale, number } = await target(deps, ref);
  const finalist = findFinalist(finale, finalistToken);
  // Checked before the write, so the refused vote is not spent: the finalist may still vote for another model.
  if (finalist.userId === actor.userId)
    throw new UserError(
      'FORBIDDEN',
      'Your vote for your own model does not count.',
      'Vote for the best answer among the other finalists.',
    );
  const outcome = await deps.store.castFinaleVote(finale.id, number, actor.userId, finalist.submissionId);
  if (outcome === 'closed') throw closed(finale, number);
  if (outcome === 'duplicate')
    throw new UserError(
      'CONFLICT',
      `You have already voted on prompt ${number}: one vote per person per prompt, and the first one counts.`,
    );
  await refreshScoreboard(deps, finale, { throttle: true });
  return `Your vote for finalist ${finalist.position} (${displayName(finalist)}) on prompt ${number} is counted.`;
}

/**
 * `finale score <finalist> <1-10> [criterion]`: the experts' panel scores each answer on the rubric
 * (accuracy, coherence, domain adaptation); without a criterion the score goes to all three. An
 * expert may change a score until the prompt closes; the answer counts once all three are in.
 */
export async function scoreFinalist(
  deps: LeagueDeps,
  actor: Actor,
  finalistToken: string,
  score: number,
  ref?: PromptRef,
  criterion?: Criterion,
): Promise<string> {
  if (!deps.settings.finaleExperts.includes(actor.userId)) {
    throw new UserError(
      'FORBIDDEN',
      "Only the finale's experts can score finalists.",
      'Everyone can vote: `/league finale vote <finalist>`.',
    );
  }
  const { finale, number } = await target(deps, ref);
  const finalist = findFinalist(finale, finalistToken);
  if (finalist.userId === actor.userId)
    throw new UserError('FORBIDDEN', "Experts cannot score their own model's answers.");
  const scores = criterion ? { [criterion]: score } : Object.fromEntries(RUBRIC.map((c) => [c, score]));
  if (!(await deps.store.putExpertScore(finale.id, number, actor.userId, finalist.submissionId, scores)))
    throw closed(finale, number);
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    actor: actor.userId,
    action: 'finale.score',
    target: finale.id,
    detail: { prompt: number, submissionId: finalist.submissionId, score, criterion: criterion ?? 'all' },
  });
  await refreshScoreboard(deps, finale, { throttle: true });
  const who = `finalist ${finalist.position} (${displayName(finalist)}) on prompt ${number}`;
  if (!criterion)
    return `Your score ${score}/10 for ${who} is recorded on all three criteria; you can change it until the prompt closes.`;
  const stored = (await deps.store.getFinalePrompt(finale.id, number))?.expertScores ?? {};
  const missing = RUBRIC.filter((c) => stored[`${actor.userId}|${finalist.submissionId}|${c}`] === undefined);
  const mean = expertMeans(stored).get(actor.userId)?.get(finalist.submissionId);
  return (
    `Your ${CRITERION_NAMES[criterion]} score ${score}/10 for ${who} is recorded. ` +
    (missing.length || mean === undefined
      ? `It counts once you score ${missing.map((c) => CRITERION_NAMES[c]).join(' and ')} too.`
      : `Your score for this answer is ${mean.toFixed(1)}/10, the mean of the three criteria; you can change it until the prompt closes.`)
  );
}
