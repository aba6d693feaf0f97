import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalHttpHandler } from '../../src/local/http-app';
import type { TestLeague } from './league';

/** The playground's HTTP API over a test league on a free local port, with the bearer token it wants. */
export async function servePlayground(league: TestLeague, token: string) {
  const server = createServer(
    createLocalHttpHandler(league, { organizers: ['local:demo:organizer'], playground: { token } }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    auth: { authorization: `Bearer ${token}` },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
