import { Routes } from 'discord-api-types/v10';
import { LeagueError } from '../../core/errors';
import { leagueCommands } from './commands';
import { call, type DiscordRest } from './rest';

export interface RegistrationSettings {
  applicationId: string;
  botToken: string;
  /** Registers in one server (instant) instead of globally (may take up to an hour to appear). */
  guildId?: string;
}

/** Reads DISCORD_APPLICATION_ID, DISCORD_BOT_TOKEN and the optional DISCORD_GUILD_ID; says what is missing. */
export function registrationFromEnv(env: Record<string, string | undefined>): RegistrationSettings {
  const value = (k: string) => env[k]?.trim() || undefined;
  const missing = ['DISCORD_APPLICATION_ID', 'DISCORD_BOT_TOKEN'].filter((k) => !value(k));
  if (missing.length) {
    throw new LeagueError(
      'CONFIG',
      `Set ${missing.join(' and ')} to register the commands (developer portal: General Information and Bot). DISCORD_GUILD_ID is optional: with it the commands appear in that server at once.`,
    );
  }
  const guildId = value('DISCORD_GUILD_ID');
  for (const [k, v] of [
    ['DISCORD_APPLICATION_ID', value('DISCORD_APPLICATION_ID')],
    ['DISCORD_GUILD_ID', guildId],
  ] as const) {
    if (v !== undefined && !/^\d{1,20}$/.test(v)) throw new LeagueError('CONFIG', `${k} must be a numeric id.`);
  }
  return { applicationId: value('DISCORD_APPLICATION_ID')!, botToken: value('DISCORD_BOT_TOKEN')!, guildId };
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
