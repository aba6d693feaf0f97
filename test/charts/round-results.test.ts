import { afterEach, describe, expect, it } from 'vitest';
import type { LeaderboardEntry } from '../../src/core/model';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const entry = (name: string, winRate: number, ciLow: number, ciHigh: number): LeaderboardEntry => ({
  roundId: 'demo',
  userId: `local:demo:${name}`,
  submissionId: `s-${name}`,
  winRate,
  ciLow,
  ciHigh,
  submittedAt: '2026-01-01T00:00:00Z',
});

async function scoredDemo(l: TestLeague) {
  for (const e of [entry('carol', 0.2, 0.1, 0.3), entry('alice', 0.8, 0.7, 0.9), entry('bob', 0.5, 0.4, 0.6)])
    await l.deps.store.putLeaderboardEntry(e);
}
/** Results are announced for a closed round. */
const announce = async (l: TestLeague) => {
  await l.run(organizerActor(), 'round close demo');
  return l.run(organizerActor(), 'round results demo');
};
/** The newest post in the round's channel: what `round results` just posted. */
const lastPost = (l: TestLeague) => l.chat.conversation('local:league').at(-1)!;

describe('round results with the chart', () => {
  it('posts the standings with the leaderboard chart attached as a PNG', async () => {
    league = await startTestLeague();
    await scoredDemo(league);
    const reply = await announce(league);
    expect(reply.message.text).toMatch(/Posted the results/);
    const post = lastPost(league);
    expect(post.message.text).toMatch(/#1 <@local:demo:alice>/);
    const [png] = post.message.attachments ?? [];
    expect(png).toMatchObject({ name: 'leaderboard-demo.png', mime: 'image/png', alt: expect.stringContaining('50%') });
    expect([...png!.bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png!.bytes.byteLength).toBeGreaterThan(5_000);
  });

  it('posts the standings as text when the chart cannot be drawn', async () => {
    league = await startTestLeague({
      override: (deps) => ({ ...deps, charts: { png: () => Promise.reject(new Error('renderer missing')) } }),
    });
    await scoredDemo(league);
    await announce(league);
    const post = lastPost(league);
    expect(post.message.text).toMatch(/#1 <@local:demo:alice>/);
    expect(post.message.attachments).toBeUndefined();
    expect(
      league.logs.some((l) => l.includes('leaderboard chart not rendered') && l.includes('renderer missing')),
    ).toBe(true);
  });

  it('posts nothing, chart or text, for an empty leaderboard: the organizer alone is told', async () => {
    league = await startTestLeague();
    const reply = await announce(league);
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.message.text).toMatch(/Nothing was posted: .* no scored submissions yet/);
    // The channel's newest post is the closing notice.
    expect(lastPost(league).message.text).toMatch(/closed/i);
    expect(league.chat.conversation('local:league').some((e) => e.message.attachments?.length)).toBe(false);
  });
});
