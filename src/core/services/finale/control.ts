import { ConflictError, UserError } from '../../errors';
import { finaleEndMessage, promptMessage, scoreboardMessage } from '../../messages/finale';
import { displayName } from '../../messages/format';
import type { Finale, FinalePrompt } from '../../model';
import type { Actor, LeagueDeps } from '../context';
import { resolveRound } from '../rounds';
import { finalistsOf } from './finalists';
import { updatePromptMessage } from './prompt-message';
import { refreshScoreboard, standingOf } from './scoreboard';

export const noFinale = () =>
  new UserError(
    'NOT_FOUND',
    'No finale is running.',
    'Organizers start one with `/league finale start <round> [finalist…]`.',
  );

async function liveFinale(deps: LeagueDeps): Promise<Finale> {
  const finale = await deps.store.liveFinale();
  if (!finale) throw noFinale();
  return finale;
}

/** Closes a prompt to votes and scores, and takes the vote buttons off its message. */
async function closePrompt(deps: LeagueDeps, finale: Finale, number: number): Promise<void> {
  if (await deps.store.closeFinalePrompt(finale.id, number, deps.clock.now().toISOString()))
    await updatePromptMessage(deps, finale, number);
}

/**
 * `finale start <round> [finalist…]`: the finale goes live with its scoreboard in the round's channel;
 * without names, the top five of the round's final standings are the finalists.
 */
export async function startFinale(deps: LeagueDeps, actor: Actor, roundId: string, tokens: string[]): Promise<string> {
  if (!deps.settings.finaleExperts.length) {
    throw new UserError(
      'CONFLICT',
      'No finale experts are configured, so 40% of the score would be missing.',
      'Set LEAGUE_FINALE_EXPERTS to their ids (e.g. slack:T1:U1) and restart the league.',
    );
  }
  const round = await resolveRound(deps, roundId);
  const finalists = await finalistsOf(deps, round, tokens);
  const live = await deps.store.liveFinale();
  if (live)
    throw new UserError(
      'CONFLICT',
      `The finale of ${live.roundId} is live.`,
      'End it first with `/league finale end`.',
    );
  const now = deps.clock.now().toISOString();
  const finale: Finale = {
    id: deps.ids.next('f'),
    roundId: round.id,
    channel: round.channel,
    finalists,
    status: 'live',
    prompts: 0,
    systemPrompts: {},
    startedBy: actor.userId,
    startedAt: now,
  };
  try {
    await deps.store.createFinale(finale);
  } catch (e) {
    if (e instanceof ConflictError)
      throw new UserError('CONFLICT', 'Another finale went live just now.', 'End it first with `/league finale end`.');
    throw e;
  }
  const { rows, prompts } = await standingOf(deps, finale);
  const scoreboard = await deps.chat.post(
    finale.channel,
    scoreboardMessage({ finale, roundName: round.name, rows, prompts, experts: deps.settings.finaleExperts.length }),
  );
  await deps.store.updateFinale(finale.id, { scoreboard });
  await deps.store.appendAudit({
    at: now,
    actor: actor.userId,
    action: 'finale.start',
    target: finale.id,
    detail: { roundId: round.id, finalists: finalists.map((f) => f.submissionId) },
  });
  await deps.queue.send([{ type: 'finale-hosts', finaleId: finale.id, action: 'open' }]);
  return (
    `The Grand Finale of ${round.name} is live with ${finalists.length} finalists${tokens.length ? '' : ', the top of its final standings'}: ${finalists.map((f) => `${f.position} ${displayName(f)} (${f.submissionId})`).join(', ')}. ` +
    'Finalists may set a system prompt for their model with `/league finale prompt "…"` before each prompt. ' +
    'Next: `/league finale next "<prompt>"`.'
  );
}

/** `finale next "<prompt>"`: closes voting on the previous prompt and puts this one to every model. */
export async function nextPrompt(deps: LeagueDeps, actor: Actor, text: string): Promise<string> {
  const finale = await liveFinale(deps);
  const number = finale.prompts + 1;
  if (finale.prompts) await closePrompt(deps, finale, finale.prompts);
  const now = deps.clock.now().toISOString();
  const prompt: FinalePrompt = {
    finaleId: finale.id,
    number,
    text,
    openedAt: now,
    votes: {},
    expertScores: {},
    // The finalists' system prompts as they stand now: a change from here on waits for the next prompt.
    systemPrompts: { ...finale.systemPrompts },
  };
  try {
    await deps.store.createFinalePrompt(prompt);
  } catch (e) {
    if (e instanceof ConflictError)
      throw new UserError('CONFLICT', `Prompt ${number} was opened just now by someone else.`);
    throw e;
  }
  const current = await deps.store.updateFinale(finale.id, { prompts: number });
  // Judging is queued before anything that talks to a chat platform: a failed post must not leave a
  // prompt that is never judged (and a finale that can never end).
  await deps.queue.send([{ type: 'finale-prompt', finaleId: finale.id, prompt: number }]);
  await deps.store.appendAudit({
    at: now,
    actor: actor.userId,
    action: 'finale.prompt',
    target: finale.id,
    detail: { number, text },
  });
  const ref = await deps.chat.post(finale.channel, promptMessage(current, prompt, []));
  await deps.store.patchFinalePrompt(finale.id, number, { message: ref });
  await refreshScoreboard(deps, current);
  return `Prompt ${number} is out: the finalists' models and the reference are answering${number > 1 ? `; voting on prompt ${number - 1} is closed` : ''}.`;
}

/** `finale end`: closes the last prompt, edits the scoreboard into the final standing and announces the winner. */
export async function endFinale(deps: LeagueDeps, actor: Actor): Promise<string> {
  const finale = await liveFinale(deps);
  const waiting = (await deps.store.listFinalePrompts(finale.id)).filter((p) => !p.judged && !p.judgeFailed);
  if (waiting.length) {
    throw new UserError(
      'CONFLICT',
      `The judge is still scoring prompt ${waiting.map((p) => p.number).join(', ')}.`,
      'Try `/league finale end` again in a moment.',
    );
  }
  if (finale.prompts) await closePrompt(deps, finale, finale.prompts);
  const now = deps.clock.now().toISOString();
  let ended: Awaited<ReturnType<typeof deps.store.endFinale>>;
  try {
    ended = await deps.store.endFinale(finale.id, now);
  } catch (e) {
    if (e instanceof ConflictError)
      throw new UserError('CONFLICT', 'The finale has just been ended by another organizer.');
    throw e;
  }
  // The finalists' endpoints bill by the hour: tearing them down is queued before any chat call can fail.
  await deps.queue.send([{ type: 'finale-hosts', finaleId: ended.id, action: 'close' }]);
  const round = await deps.store.getRound(finale.roundId);
  const { rows, prompts } = await standingOf(deps, ended);
  await refreshScoreboard(deps, ended);
  await deps.chat.post(ended.channel, finaleEndMessage(ended, round?.name ?? ended.roundId, rows, prompts.length));
  await deps.store.appendAudit({
    at: now,
    actor: actor.userId,
    action: 'finale.end',
    target: ended.id,
    detail: {
      prompts: prompts.length,
      standing: rows.map((r) => ({
        rank: r.rank,
        submissionId: r.submissionId,
        total: r.total === null ? null : Number(r.total.toFixed(3)),
        partial: r.partial,
      })),
    },
  });
  if (!prompts.length) return 'The finale ended without prompts.';
  const first = rows.filter((r) => r.rank === 1);
  const names = first.map((r) => displayName(ended.finalists.find((f) => f.submissionId === r.submissionId)!));
  const points = `${rows[0]!.total === null ? 'no' : rows[0]!.total.toFixed(1)} points`;
  return first.length > 1
    ? `The Grand Finale is over: ${names.join(' and ')} tie for first place with ${points}. The final standing is in the channel.`
    : `The Grand Finale is over: ${names[0]} wins with ${points}. The final standing is in the channel.`;
}
