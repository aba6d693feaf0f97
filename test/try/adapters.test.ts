import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Submission } from '../../src/core/model';
import type { LeagueDeps } from '../../src/core/services/context';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { type DiscordLeague, startDiscordLeague } from '../discord/harness';
import { commandInteraction, MEMBER as DISCORD_MEMBER, GUILD, str, sub } from '../discord/support';
import { type SlackLeague, startSlackLeague } from '../slack/harness';
import { FORM, MEMBER as SLACK_MEMBER, signed, slashBody, TEAM } from '../slack/support';
import { startTestLeague, type TestLeague } from '../support/league';
import { servePlayground } from '../support/playground-server';

/*
 * `/league try` through each platform's real route: the acknowledgement says the answer comes by
 * DM, and the worker's DM goes out through that platform's chat adapter.
 */

/** A trained submission of `userId`: its model is a retrieval model stored as the offline trainer stores one. */
async function trainedSubmission(deps: LeagueDeps, roundId: string, userId: string): Promise<string> {
  const at = new Date().toISOString();
  const key = `models/try-${roundId}/model.json`;
  await deps.blobs.put(
    key,
    JSON.stringify({
      kind: 'retrieval',
      pairs: [{ prompt: 'How do I get a refund?', response: 'Open Billing, pick the order and choose Refund.' }],
    }),
  );
  const s: Submission = {
    id: 'strained1',
    roundId,
    userId,
    stage: 'SCORED',
    createdAt: at,
    updatedAt: at,
    quotaDay: at.slice(0, 10),
    upload: { name: 'mine.jsonl' },
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    modelUri: `blob://${key}`,
  };
  await deps.store.createSubmission(s);
  return s.id;
}

describe('try on Slack', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague();
    await h.openRound('support');
  });
  afterAll(() => h.close());

  it('acknowledges ephemerally and DMs both answers with the verdict as Block Kit', async () => {
    const id = await trainedSubmission(h.league.deps, 'support', `slack:${TEAM}:${SLACK_MEMBER}`);
    const res = await h.post(signed(slashBody(`try ${id} "How can I get a refund for my order?"`), FORM));
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/come by DM/);
    const dm = await vi.waitFor(
      () => {
        const found = h.slack.of('chat.postMessage').find((m) => String(m.text).startsWith(`Try ${id}`));
        if (!found) throw new Error('no DM yet');
        return found;
      },
      { timeout: 20_000 },
    );
    const blocks = JSON.stringify(dm.blocks);
    expect(blocks).toContain('Your question');
    expect(blocks).toContain('Open Billing, pick the order and choose Refund.');
    expect(blocks).toMatch(/your answer shown first/);
  });

  it('refuses a hidden question without naming it', async () => {
    const body = (await h.post(signed(slashBody('try strained1 "How do I reset my password?"'), FORM))).json();
    expect(body.text).toMatch(/too close to one of the round's hidden evaluation questions/);
    expect(body.text).not.toMatch(/q1|reset my password/);
  });
});

describe('try on Discord', () => {
  let d: DiscordLeague;
  beforeAll(async () => {
    d = await startDiscordLeague();
    await d.openRound('r1');
  });
  afterAll(() => d.close());

  it('takes the registered subcommand, acknowledges ephemerally and DMs the answers', async () => {
    const id = await trainedSubmission(d.league.deps, 'r1', `discord:${GUILD}:${DISCORD_MEMBER}`);
    const res = await d.post(
      commandInteraction(DISCORD_MEMBER, [
        sub('try', [str('submission', id), str('question', 'What does "net 30" mean on an invoice?')]),
      ]),
    );
    expect(res.status).toBe(200);
    await d.route.idle();
    const ack = JSON.stringify(res.json()) + JSON.stringify(d.discord.calls.map((c) => c.body));
    expect(ack).toMatch(/come by DM/);
    const dmRoute = new RegExp(`^/channels/${d.discord.dmChannelOf(DISCORD_MEMBER)}/messages$`);
    const dm = await vi.waitFor(
      () => {
        const found = d.discord.to(dmRoute, 'POST').find((c) => JSON.stringify(c.body).includes(`Try · ${id}`));
        if (!found) throw new Error('no DM yet');
        return found;
      },
      { timeout: 20_000 },
    );
    expect(JSON.stringify(dm.body)).toContain('What does \\"net 30\\" mean on an invoice?');
  });
});

describe('try in the playground', () => {
  let league: TestLeague;
  let playground: Awaited<ReturnType<typeof servePlayground>>;
  beforeAll(async () => {
    league = await startTestLeague();
    playground = await servePlayground(league, 'try-playground-test-token');
  });
  afterAll(async () => {
    await playground.close();
    await league.close();
  });

  it('runs the command typed in the playground and shows the answer in the DMs pane', async () => {
    const { base, auth } = playground;
    const id = await trainedSubmission(league.deps, 'demo', 'local:demo:alice');
    const text = encodeURIComponent(`try ${id} "Can I get a refund after 30 days?"`);
    const reply = (await (
      await fetch(`${base}/api/command?user=local:demo:alice&text=${text}`, { method: 'POST', headers: auth })
    ).json()) as { message: { text: string } };
    expect(reply.message.text).toMatch(/come by DM/);
    await vi.waitFor(
      async () => {
        const state = (await (
          await fetch(`${base}/api/state?user=local:demo:alice&since=-1`, { headers: auth })
        ).json()) as { dms: { message: { text: string } }[] };
        expect(state.dms.some((m) => m.message.text.startsWith(`Try ${id}`))).toBe(true);
      },
      { timeout: 20_000, interval: 200 },
    );
  });
});
