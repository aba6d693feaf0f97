import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/local/paths';
import { measureSlackAck } from './ack-slack';
import { measureBundle } from './bundle';

/**
 * `npm run bench:ack`: one JSON line per platform (warm ack latency through to the enqueued job, and
 * the cold import of the bundled handler), then one line per worker handler bundle.
 */
console.log(JSON.stringify(await measureSlackAck()));
if (existsSync(join(projectRoot(), 'bench', 'ack-discord.ts'))) {
  const { measureDiscordAck } = (await import('./ack-discord' + '.ts')) as { measureDiscordAck: () => Promise<unknown> };
  console.log(JSON.stringify(await measureDiscordAck()));
}
for (const [name, entry] of [['worker', 'src/handlers/worker.ts']] as const) {
  console.log(JSON.stringify({ bench: 'bundle', handler: name, ...(await measureBundle(entry)) }));
}
process.exit(0);
