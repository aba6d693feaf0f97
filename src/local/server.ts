import { createServer } from 'node:http';
import { loadConfig } from '../core/config';
import { createJsonLogger } from '../adapters/log/json-logger';
import { openDemoRound } from './demo-round';
import { createLocalHttpHandler } from './http-app';
import { startLocalLeague } from './league';

/** `npm start`: the whole league in one process, with embedded stand-ins for AWS and the chat platforms. */
async function main() {
  const config = loadConfig(process.env);
  const log = createJsonLogger({ level: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'warn' });
  const league = await startLocalLeague({ config, log });
  if (!(await league.deps.store.listRounds()).length) await openDemoRound(league.deps);
  const server = createServer(createLocalHttpHandler(league, { organizers: config.organizers }));
  server.listen(config.port, () => {
    console.log(`LLM League is running (offline stand-ins, data in ${config.dataDir}/)`);
    console.log(`  playground   ${config.publicUrl}/`);
    console.log(`  leaderboard  ${config.publicUrl}/leaderboard/demo`);
    console.log(`  health       ${config.publicUrl}/health`);
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
