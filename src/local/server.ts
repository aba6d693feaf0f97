import { createServer } from 'node:http';
import { loadConfig } from '../core/config';
import { createJsonLogger } from '../adapters/log/json-logger';
import { openDemoRound } from './demo-round';
import { createLocalHttpHandler, type Route } from './http-app';
import { createSlackChat, withSlackChat } from '../adapters/slack/chat';
import { createSlackWebClient } from '../adapters/slack/client';
import { createSlackRoute } from '../adapters/slack/http';
import { startLocalLeague } from './league';

/** `npm start`: the whole league in one process, with embedded stand-ins for AWS and the chat platforms. */
async function main() {
  const config = loadConfig(process.env);
  const log = createJsonLogger({ level: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'warn' });
  const slack = config.slack && { ...config.slack, client: createSlackWebClient(config.slack.botToken, { timeoutMs: 2_500, retries: 1 }) };
  const league = await startLocalLeague({
    config,
    log,
    // With Slack credentials, members' DMs and channel posts on Slack go out through the Web API.
    override: (deps) => (slack ? { ...deps, chat: withSlackChat(deps.chat, createSlackChat({ client: slack.client, claims: deps.store })) } : deps),
  });
  if (!(await league.deps.store.listRounds()).length) await openDemoRound(league.deps);
  const routes: Record<string, Route> = {};
  if (slack) routes['/slack/events'] = createSlackRoute(league.deps, { ...slack, organizers: config.organizers });
  const server = createServer(createLocalHttpHandler(league, { organizers: config.organizers, routes }));
  server.listen(config.port, () => {
    console.log(`LLM League is running (offline stand-ins, data in ${config.dataDir}/)`);
    console.log(`  playground   ${config.publicUrl}/`);
    console.log(`  leaderboard  ${config.publicUrl}/leaderboard/demo`);
    console.log(`  health       ${config.publicUrl}/health`);
    if (slack) console.log(`  slack        ${config.publicUrl}/slack/events`);
  });
  const stop = async () => {
    server.close();
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
