import { LeagueError } from '../core/errors';
import type { Platform } from '../core/model';
import type { Chat } from '../core/ports';

/** Platform of a qualified id (`slack:T1:U1`, `discord:G1:U1`, `local:league`). */
export const platformOf = (qualifiedId: string): Platform => qualifiedId.split(':', 1)[0] as Platform;

/**
 * One Chat over every configured platform: users, channels and message refs carry their platform,
 * so a DM or a post goes out where the member or round lives.
 */
export function createChatRouter(chats: Partial<Record<Platform, Chat>>): Chat {
  const pick = (platform: Platform): Chat => {
    const chat = chats[platform];
    if (!chat) throw new LeagueError('CONFIG', `No chat adapter configured for ${platform}.`);
    return chat;
  };
  return {
    post: (channel, message, options) => pick(platformOf(channel)).post(channel, message, options),
    dm: (userId, message, options) => pick(platformOf(userId)).dm(userId, message, options),
    update: (ref, message) => pick(ref.platform).update(ref, message),
  };
}
