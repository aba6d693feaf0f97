import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';
import { servePlayground } from '../support/playground-server';

/* The playground header's Leaderboard links: one per open round, not only the newest one's. */
let league: TestLeague;
let playground: Awaited<ReturnType<typeof servePlayground>>;

beforeAll(async () => {
  league = await startTestLeague();
  playground = await servePlayground(league, 'round-links-test-token');
});
afterAll(async () => {
  await playground.close();
  await league.close();
});

const rounds = async () => {
  const { base, auth } = playground;
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
