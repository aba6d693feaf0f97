import type { MessageRef } from '../../core/model';
import { discordChannelId, isSnowflake } from './ids';

/**
 * Where an interaction response lives: `ts` is `interaction:<interaction id>:<user id>` (the id dates
 * the token, the user is where the message moves once the token has expired) and `token` is the
 * interaction token that edits `@original` for 15 minutes.
 */
export function interactionRef(i: { id: string; token: string; channelId?: string; userId: string }): MessageRef {
  return {
    platform: 'discord',
    channel: discordChannelId(i.channelId ?? i.userId),
    ts: `interaction:${i.id}:${i.userId}`,
    token: i.token,
  };
}

export function parseInteractionTs(ts: string): { interactionId: string; userId: string } | undefined {
  const [kind, interactionId, userId, ...rest] = ts.split(':');
  if (
    kind !== 'interaction' ||
    rest.length ||
    !interactionId ||
    !userId ||
    !isSnowflake(interactionId) ||
    !isSnowflake(userId)
  )
    return undefined;
  return { interactionId, userId };
}
