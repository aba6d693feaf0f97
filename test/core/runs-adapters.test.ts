import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeagueDeps } from '../../src/core/services/context';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { type DiscordLeague, startDiscordLeague } from '../discord/harness';
import { commandInteraction, MEMBER as DISCORD_MEMBER, GUILD, str, sub } from '../discord/support';
import { type SlackLeague, startSlackLeague } from '../slack/harness';
import { FORM, MEMBER as SLACK_MEMBER, signed, slashBody, TEAM } from '../slack/support';
import { startTestLeague, type TestLeague } from '../support/league';
import { servePlayground } from '../support/playground-server';

/* `/league runs` through each platform's real route: the member's own runs, nobody else's. */

/** A scored run of `userId` with lr 3e-4, and one of someone else's in the same round. */
async function seedRuns(deps: LeagueDeps, roundId: string, userId: string): Promise<void> {
  const at = new Date().toISOString();
  const base = { roundId, stage: 'SCORED' as const, createdAt: at, updatedAt: at, quotaDay: at.slice(0, 10) };
  const score = {
    winRate: 0.625,
    ciLow: 0.5,
    ciHigh: 0.75,
    strictWins: 5,
    questions: 8,
    total: 8,
    split: 'all' as const,
    ranked: true,
    errors: 0,
    consistency: 1,
    lcWinRate: 0.6,
    lengthGapFlag: false,
    tokens: 100,
    costUsd: 0.01,
  };
  await deps.store.createSubmission({
    ...base,
    id: 'sminerun1',
    userId,
    upload: { name: 'mine.jsonl' },
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, learning_rate: 0.0003 },
    score,
  });
  await deps.store.createSubmission({
    ...base,
    id: 'sotherrun',
    userId: `${userId}x`,
    upload: { name: 'theirs.jsonl' },
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    score,
  });
}

const own = (text: string) => {
  expect(text).toContain('sminerun1');
  expect(text).toContain('lr 3e-4');
  expect(text).toContain('62.5%');
  expect(text).not.toContain('sotherrun');
};

describe('runs on Slack', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague({ worker: false });
    await h.openRound('support');
  });
  afterAll(() => h.close());

  it('answers the slash command ephemerally with the member’s runs as Block Kit', async () => {
    await seedRuns(h.league.deps, 'support', `slack:${TEAM}:${SLACK_MEMBER}`);
    const body = (await h.post(signed(slashBody('runs support'), FORM))).json();
    expect(body.response_type).toBe('ephemeral');
    own(JSON.stringify(body.blocks));
  });
});

describe('runs on Discord', () => {
  let d: DiscordLeague;
  beforeAll(async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r1');
  });
  afterAll(() => d.close());

  it('takes the registered subcommand and answers ephemerally', async () => {
    await seedRuns(d.league.deps, 'r1', `discord:${GUILD}:${DISCORD_MEMBER}`);
    const res = await d.post(commandInteraction(DISCORD_MEMBER, [sub('runs', [str('round', 'r1')])]));
    await d.route.idle();
    own(JSON.stringify(res.json()) + JSON.stringify(d.discord.calls.map((c) => c.body)));
  });
});

describe('runs in the playground', () => {
  let league: TestLeague;
  let playground: Awaited<ReturnType<typeof servePlayground>>;
  beforeAll(async () => {
    league = await startTestLeague();
    playground = await servePlayground(league, 'runs-playground-test-token');
  });
  afterAll(async () => {
    await playground.close();
    await league.close();
  });

  it('runs the command typed in the playground', async () => {
    await seedRuns(league.deps, 'demo', 'local:demo:alice');
    const { base, auth } = playground;
    const res = await fetch(`${base}/api/command?user=local:demo:alice&text=${encodeURIComponent('runs demo')}`, {
      method: 'POST',
      headers: auth,
    });
    own(JSON.stringify(await res.json()));
  });
});
