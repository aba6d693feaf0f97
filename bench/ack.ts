import { measureDiscordAck } from './ack-discord';
import { measureSlackAck } from './ack-slack';
import { measureBundle } from './bundle';

/**
 * `npm run bench:ack`: one JSON line per platform (warm ack latency through to the enqueued job, and
 * the cold import of the bundled handler), then one line per worker handler bundle.
 */
console.log(JSON.stringify(await measureSlackAck()));
console.log(JSON.stringify(await measureDiscordAck()));
const WORKERS = [
  ['worker', 'src/handlers/worker.ts'],
  ['training-events', 'src/handlers/training-events.ts'],
  ['sweeper', 'src/handlers/sweeper.ts'],
  ['web', 'src/handlers/web.ts'],
] as const;
for (const [name, entry] of WORKERS) {
  console.log(JSON.stringify({ bench: 'bundle', handler: name, ...(await measureBundle(entry)) }));
}
process.exit(0);
