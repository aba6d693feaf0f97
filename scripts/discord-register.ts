import { REST } from '@discordjs/rest';
import { registerLeagueCommands, registrationFrom } from '../src/adapters/discord/register';
import { loadConfig } from '../src/core/config';

/** `npm run discord:register`: registers `/league` with Discord (in DISCORD_GUILD_ID if set, else globally). */
try {
  const settings = registrationFrom(loadConfig(process.env));
  const rest = new REST({ timeout: 15_000 }).setToken(settings.botToken);
  const { names } = await registerLeagueCommands(rest, settings);
  console.log(
    `Registered /${names.join(', /')} ${settings.guildId ? `in server ${settings.guildId}` : 'globally (may take up to an hour to appear)'}.`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
