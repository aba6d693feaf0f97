import { UserError } from '../../core/errors';

/** Discord's epoch (2015-01-01) in Unix milliseconds: snowflakes count from it. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;
const SNOWFLAKE = /^\d{1,20}$/;

export const isSnowflake = (s: string): boolean => SNOWFLAKE.test(s);

/** When a snowflake (an interaction, a message) was created, in Unix milliseconds. */
export const snowflakeTime = (id: string): number => Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);

/** A snowflake made for time `ms` (tests and fixtures). */
export const snowflakeAt = (ms: number, increment = 0): string =>
  (((BigInt(ms) - DISCORD_EPOCH_MS) << 22n) + BigInt(increment)).toString();

/** A member's league identity: `discord:<guild>:<user>`. */
export const discordUserId = (guildId: string, userId: string): string => `discord:${guildId}:${userId}`;

/** A channel's league identity: `discord:<channel>`. */
export const discordChannelId = (channelId: string): string => `discord:${channelId}`;

/** The Discord user id of a qualified member id (`discord:G:U` -> `U`); undefined for other platforms. */
export function rawDiscordUser(qualified: string): string | undefined {
  const parts = qualified.split(':');
  if (parts[0] !== 'discord' || parts.length !== 3 || !isSnowflake(parts[2]!)) return undefined;
  return parts[2];
}

/** The Discord channel id of a qualified channel (`discord:C` -> `C`), refusing anything else. */
export function rawDiscordChannel(qualified: string): string {
  const parts = qualified.split(':');
  if (parts[0] !== 'discord' || parts.length !== 2 || !isSnowflake(parts[1]!)) {
    throw new UserError('INVALID_INPUT', `\`${qualified}\` is not a Discord channel.`);
  }
  return parts[1]!;
}
