import { createServer } from 'node:http';
import { REST } from '@discordjs/rest';
import { createDiscordChat, withDiscordChat } from '../adapters/discord/chat';
import { createDiscordRoute } from '../adapters/discord/http';
import { createJsonLogger } from '../adapters/log/json-logger';
import { createSlackChat, withSlackChat } from '../adapters/slack/chat';
import { createSlackWebClient } from '../adapters/slack/client';
import { createSlackRoute } from '../adapters/slack/http';
import { loadConfig } from '../core/config';
import { openDemoRound } from './demo-round';
import { createLocalHttpHandler, type Route } from './http-app';
import { startLocalLeague } from './league';
import { randomPlaygroundToken } from './playground-access';

/** `npm start`: the whole league in one process, with embedded stand-ins for AWS and the chat platforms. */
async function main() {
  // The playground offers an expert for the Grand Finale unless experts are configured.
  const config = loadConfig({ LEAGUE_FINALE_EXPERTS: 'local:demo:expert', ...process.env });
  const log = createJsonLogger({ level: config.logLevel ?? 'warn' });
  const slack = config.slack && {
    ...config.slack,
    client: createSlackWebClient(config.slack.botToken, { timeoutMs: 2_500, retries: 1, apiUrl: config.slack.apiUrl }),
  };
  const discord = config.discord;
  const discordApi = discord?.apiUrl ? { api: discord.apiUrl.replace(/\/$/, '') } : {};
  const league = await startLocalLeague({
    config,
    log,
    // With Slack or Discord credentials, members' DMs and channel posts on that platform go out through its API.
    override: (deps) => {
      let chat = deps.chat;
      if (slack) chat = withSlackChat(chat, createSlackChat({ client: slack.client, claims: deps.store, log }));
      if (discord?.applicationId && discord.botToken) {
        const rest = new REST({ timeout: 10_000, ...discordApi }).setToken(discord.botToken);
        chat = withDiscordChat(
          chat,
          createDiscordChat({ rest, applicationId: discord.applicationId, store: deps.store, log }),
        );
      }
      return { ...deps, chat };
    },
  });
  if (!(await league.deps.store.listRounds()).length) await openDemoRound(league.deps);
  const routes: Record<string, Route> = {};
  if (slack) routes['/slack/events'] = createSlackRoute(league.deps, { ...slack, organizers: config.organizers });
  if (discord)
    routes['/discord/interactions'] = createDiscordRoute(league.deps, {
      ...discord,
      organizers: config.organizers,
      rest: (() => {
        const rest = new REST({ timeout: 2_500, retries: 1, ...discordApi });
        return discord.botToken ? rest.setToken(discord.botToken) : rest;
      })(),
    });
  const playground = config.playground.enabled
    ? { token: config.playground.token ?? randomPlaygroundToken(), host: config.host }
    : undefined;
  const server = createServer(createLocalHttpHandler(league, { organizers: config.organizers, routes, playground }));
  server.listen(config.port, config.host, () => {
    const local = `http://localhost:${config.port}`;
    console.log(`LLM League is running (offline stand-ins, data in ${config.dataDir}/)`);
    if (league.restoredJobs) console.log(`  resumed      ${league.restoredJobs} queued job(s) from the last run`);
    if (playground) console.log(`  playground   ${local}/?token=${playground.token}`);
    else console.log('  playground   off (LEAGUE_PLAYGROUND=off): only the chat endpoints, health and leaderboards');
    console.log(`  leaderboard  ${config.publicUrl}/leaderboard/demo`);
    console.log(`  health       ${config.publicUrl}/health`);
    if (slack) console.log(`  slack        ${config.publicUrl}/slack/events`);
    if (discord) console.log(`  discord      ${config.publicUrl}/discord/interactions`);
    if (playground && !['127.0.0.1', 'localhost', '::1'].includes(config.host))
      console.log(`  listening on ${config.host}: anyone who can reach it needs the token to use the playground`);
  });
  // The jobs being worked on finish first (what is cut short resumes at the next start). A signal may
  // come twice (the terminal's and npm's): one stop is enough.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    if (league.queue.batchesInFlight)
      console.log(
        `Finishing the jobs in progress (at most ${Math.round(config.queue.visibilityTimeoutMs / 1000)} s; whatever is cut short resumes at the next start)…`,
      );
    await league.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
