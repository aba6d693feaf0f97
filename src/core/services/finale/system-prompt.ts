import { UserError } from '../../errors';
import { displayName, literal } from '../../messages/format';
import { message } from '../../messages/message';
import { truncate } from '../../messages/truncate';
import type { Actor, LeagueDeps } from '../context';
import { tellOrganizers } from '../organizers';
import { noFinale } from './control';

/**
 * `finale prompt "<system prompt>"`: a finalist tunes their model between prompts, as on a live stage.
 * The prompt the organizer puts next takes a copy of every finalist's system prompt as it stands, so a
 * change while the models answer applies to the prompt after. Organizers see every change.
 */
export async function setSystemPrompt(deps: LeagueDeps, actor: Actor, text: string): Promise<string> {
  const finale = await deps.store.liveFinale();
  if (!finale) throw noFinale();
  const finalist = finale.finalists.find((f) => f.userId === actor.userId);
  if (!finalist)
    throw new UserError(
      'FORBIDDEN',
      "Only the finale's finalists set a system prompt for their model.",
      'Everyone can vote: `/league finale vote <finalist>`.',
    );
  if (!(await deps.store.setFinaleSystemPrompt(finale.id, finalist.submissionId, text)))
    throw new UserError('CONFLICT', 'The finale has just ended: system prompts are closed.');
  const now = deps.clock.now().toISOString();
  const next = finale.prompts + 1;
  await deps.store.appendAudit({
    at: now,
    actor: actor.userId,
    action: 'finale.system-prompt',
    target: finale.id,
    detail: { submissionId: finalist.submissionId, fromPrompt: next, text },
  });
  const who = `Finalist ${finalist.position} (${displayName(finalist)})`;
  const change = text
    ? `${who} set their model's system prompt, from prompt ${next} on:\n> ${truncate(literal(text), 1500).replace(/\n/g, '\n> ')}`
    : `${who} removed their model's system prompt, from prompt ${next} on.`;
  await tellOrganizers(
    deps,
    message(change),
    `finale-system#${finale.id}#${finalist.submissionId}#${now}`,
    `finale system prompt change of ${finalist.submissionId}`,
  );
  return text
    ? `Your system prompt is set: your model gets it from prompt ${next} on (the next one the organizer puts). You can change it until then; the organizers see every change.`
    : `Your system prompt is removed from prompt ${next} on.`;
}
