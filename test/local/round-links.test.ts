import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizerActor } from '../../src/local/demo-round';
import { createLocalHttpHandler } from '../../src/local/http-app';
import { startTestLeague, type TestLeague } from '../support/league';

/* The playground header's Leaderboard links: one per open round, not only the newest one's. */
let league: TestLeague;
let server: Server;
const auth = { authorization: 'Bearer round-links-test-token' };

beforeAll(async () => {
  league = await startTestLeague();
  server = createServer(
    createLocalHttpHandler(league, {
      organizers: ['local:demo:organizer'],
      playground: { token: 'round-links-test-token' },
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  server.close();
  await league.close();
});

const rounds = async () => {
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state = (await (await fetch(`${base}/api/state?user=local:demo:alice&since=-1`, { headers: auth })).json()) as {
    rounds: { id: string; status: string }[];
  };
  return state.rounds.map((r) => `${r.id} ${r.status}`);
};

describe('leaderboard links in the playground', () => {
  it('links every open round, and the latest round once none is open', async () => {
    expect(await rounds()).toEqual(['demo open']);
    await league.run(organizerActor(), 'round open name="Tax Sprint" domain=tax id=tax');
    expect((await rounds()).sort()).toEqual(['demo open', 'tax open']);
    await league.run(organizerActor(), 'round close tax');
    await league.run(organizerActor(), 'round close demo');
    const closed = await rounds();
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatch(/ closed$/);
  });
});
