import { afterEach, describe, expect, it } from 'vitest';
import type { Submission } from '../../src/core/model';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const at = '2026-03-01T10:00:00.000Z';
async function board(l: TestLeague, rows: [string, number, number, number][]) {
  for (const [name, winRate, ciLow, ciHigh] of rows) {
    await l.deps.store.putLeaderboardEntry({
      roundId: 'demo',
      userId: `local:demo:${name}`,
      submissionId: `s${name}`,
      winRate,
      ciLow,
      ciHigh,
      submittedAt: at,
    });
  }
}
const lastPost = (l: TestLeague) => l.chat.conversation('local:league').at(-1)!.message;

describe('round results', () => {
  it('posts the podium of a closed round, marks who beats the reference, and lists the top of the table', async () => {
    league = await startTestLeague();
    await board(league, [
      ['carol', 0.45, 0.35, 0.55],
      ['alice', 0.71, 0.62, 0.8],
      ['bob', 0.58, 0.49, 0.67],
      ['dave', 0.3, 0.2, 0.4],
    ]);
    await league.run(organizerActor(), 'round close demo');
    const reply = await league.run(organizerActor(), 'round results demo');
    expect(reply.message.text).toBe('Posted the results of Personal Finance Sprint (4 ranked).');
    const post = lastPost(league);
    expect(post.text).toBe(
      'Personal Finance Sprint results: #1 <@local:demo:alice> at 71.0%, #2 <@local:demo:bob> at 58.0%, #3 <@local:demo:carol> at 45.0%',
    );
    expect(post.blocks[0]).toEqual({ type: 'heading', text: 'Results · Personal Finance Sprint' });
    expect(post.blocks[1]).toEqual({
      type: 'text',
      tone: 'success',
      text: '🥇 <@local:demo:alice> — *71.0%* (95% CI 62.0%–80.0%) · beats the reference\n🥈 <@local:demo:bob> — *58.0%* (95% CI 49.0%–67.0%)\n🥉 <@local:demo:carol> — *45.0%* (95% CI 35.0%–55.0%)',
    });
    const table = post.blocks.find((b) => b.type === 'table');
    expect(table).toMatchObject({
      rows: [
        ['1', '<@local:demo:alice>', '71.0%', '62.0%–80.0%', 'salice'],
        expect.anything(),
        expect.anything(),
        ['4', '<@local:demo:dave>', '30.0%', '20.0%–40.0%', 'sdave'],
      ],
    });
    expect(JSON.stringify(post.blocks.at(-1))).toMatch(
      /hidden questions against the reference model \(offline stand-in\).*1 of 4 beat the reference/,
    );
  });

  it('waits for running evaluations of a closed round, saying which', async () => {
    league = await startTestLeague();
    const sub: Submission = {
      id: 'srunning',
      roundId: 'demo',
      userId: 'local:demo:erin',
      stage: 'EVALUATING',
      createdAt: at,
      updatedAt: at,
      quotaDay: at.slice(0, 10),
      upload: { name: 'e.jsonl' },
      hyperparameters: DEFAULT_HYPERPARAMETERS,
    };
    await league.deps.store.createSubmission(sub);
    await league.run(organizerActor(), 'round close demo');
    const posts = league.chat.conversation('local:league').length;
    const reply = await league.run(organizerActor(), 'round results demo');
    expect(reply.message.text).toMatch(/1 submission of Personal Finance Sprint is still being evaluated \(srunning\)/);
    expect(league.chat.conversation('local:league')).toHaveLength(posts);
  });

  it("posts an open round's leaderboard as standings so far, not results", async () => {
    league = await startTestLeague();
    await board(league, [['alice', 0.6, 0.5, 0.7]]);
    const reply = await league.run(organizerActor(), 'round results demo');
    expect(reply.message.text).toMatch(/as standings so far .*the round is still open/);
    const post = lastPost(league);
    expect(post.blocks[0]).toEqual({ type: 'heading', text: 'Standings so far · Personal Finance Sprint' });
    expect(post.blocks).toContainEqual({
      type: 'context',
      text: 'The round is still open: these are not the final results.',
    });
  });
});
