import type { Message } from '../messages/message';
import type { OutboxTarget } from '../outbox-entry';
import type { LeagueDeps } from './context';
import { sendMessage } from './outbox/send';

/** The organizers' channel when one is configured, else each configured organizer's DMs. */
function organizerTargets(deps: LeagueDeps): { target: OutboxTarget; suffix: string }[] {
  const { organizerChannel, organizers } = deps.settings;
  return organizerChannel
    ? [{ target: { kind: 'post', channel: organizerChannel }, suffix: '' }]
    : organizers.map((o) => ({ target: { kind: 'dm', userId: o }, suffix: `#${o}` }));
}

/**
 * Sends to the organizers through the outbox (delivered later when chat is down, never twice);
 * returns how many of the targets got it now.
 */
export async function tellOrganizers(deps: LeagueDeps, message: Message, key: string, about: string): Promise<number> {
  const targets = organizerTargets(deps);
  if (!targets.length) deps.log.warn('no organizer channel or organizer ids configured', { key });
  let delivered = 0;
  for (const { target, suffix } of targets) {
    if (await sendMessage(deps, { key: `${key}${suffix}`, target, message, about })) delivered++;
  }
  return delivered;
}

/**
 * Sends to the organizers straight away, outside the outbox (what tells them of the outbox's own
 * failures); returns how many targets it reached.
 */
export async function tellOrganizersNow(deps: LeagueDeps, message: Message): Promise<number> {
  let delivered = 0;
  for (const { target } of organizerTargets(deps)) {
    try {
      if (target.kind === 'post') await deps.chat.post(target.channel, message);
      else if (target.kind === 'dm') await deps.chat.dm(target.userId, message);
      delivered++;
    } catch (e) {
      deps.log.warn('could not reach an organizer', { error: e instanceof Error ? e.message : String(e) });
    }
  }
  return delivered;
}
