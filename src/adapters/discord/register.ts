import { Routes } from 'discord-api-types/v10';
import type { Config } from '../../core/config';
import { LeagueError } from '../../core/errors';
import { leagueCommands } from './commands';
import { call, type DiscordRest } from './rest';

export interface RegistrationSettings {
  applicationId: string;
  botToken: string;
  /** Registers in one server (instant) instead of globally (may take up to an hour to appear). */
  guildId?: string;
}

/**
 * The registration settings of the configuration (DISCORD_APPLICATION_ID, DISCORD_BOT_TOKEN and the
 * optional DISCORD_GUILD_ID); says what is missing.
 */
export function registrationFrom(config: Pick<Config, 'discordRegistration'>): RegistrationSettings {
  const { applicationId, botToken, guildId } = config.discordRegistration;
  const missing = [
    ['DISCORD_APPLICATION_ID', applicationId],
    ['DISCORD_BOT_TOKEN', botToken],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (!applicationId || !botToken) {
    throw new LeagueError(
      'CONFIG',
      `Set ${missing.join(' and ')} to register the commands (developer portal: General Information and Bot). DISCORD_GUILD_ID is optional: with it the commands appear in that server at once.`,
    );
  }
  return { applicationId, botToken, guildId };
}

/** Replaces the application's commands (in one server, or globally) with the league's command set. */
export async function registerLeagueCommands(
  rest: DiscordRest,
  settings: Omit<RegistrationSettings, 'botToken'>,
): Promise<{ route: string; names: string[] }> {
  const route = settings.guildId
    ? Routes.applicationGuildCommands(settings.applicationId, settings.guildId)
    : Routes.applicationCommands(settings.applicationId);
  const registered = (await call(`PUT ${route}`, () => rest.put(route, { body: leagueCommands() }))) as {
    name: string;
  }[];
  return { route, names: registered.map((c) => c.name) };
}
