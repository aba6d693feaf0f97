import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Score, Submission } from '../../src/core/model';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { scriptedModels, withModels } from '../finale/support';
import { type DiscordLeague, startDiscordLeague } from './harness';
import {
  buttonInteraction,
  commandInteraction,
  GUILD,
  group,
  int,
  MEMBER,
  ORGANIZER,
  OTHER,
  ROUND_CHANNEL,
  str,
  sub,
} from './support';

const EPHEMERAL = 64;
const EXPERT = '400000000000000077';
const AUDIENCE = '400000000000000088';
const FINALISTS = { alice: MEMBER, bob: OTHER } as const;
const score = (winRate: number): Score => ({
  winRate,
  ciLow: winRate - 0.1,
  ciHigh: winRate + 0.1,
  total: 10,
  split: 'all',
  ranked: true,
  strictWins: 10,
  questions: 40,
  errors: 0,
  consistency: 1,
  lcWinRate: winRate,
  lengthGapFlag: false,
  tokens: 1000,
  costUsd: 0.01,
});
const embedText = (body: any): string =>
  [
    body?.content ?? '',
    ...(body?.embeds ?? []).flatMap((e: any) => [
      e.title,
      e.description,
      ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]),
    ]),
  ].join('\n');

let d: DiscordLeague;
const models = scriptedModels({ 1: { alice: ['A>B', 'B>A'], bob: ['B>A', 'A>B'], carol: ['A=B', 'A=B'] } });

beforeAll(async () => {
  d = await startDiscordLeague({
    env: { LEAGUE_FINALE_EXPERTS: `discord:${GUILD}:${EXPERT}` },
    override: withModels(models),
  });
  await d.openRound('r1');
  const at = '2026-01-10T10:00:00.000Z';
  for (const [name, user] of Object.entries(FINALISTS)) {
    const userId = `discord:${GUILD}:${user}`;
    const s: Submission = {
      id: `s${name}`,
      roundId: 'r1',
      userId,
      stage: 'SCORED',
      createdAt: at,
      updatedAt: at,
      quotaDay: at.slice(0, 10),
      upload: { name: `${name}.jsonl` },
      hyperparameters: DEFAULT_HYPERPARAMETERS,
      modelUri: `test://${name}`,
      score: score(name === 'alice' ? 0.7 : 0.6),
    };
    await d.league.deps.store.createSubmission(s);
    await d.league.deps.store.putLeaderboardEntry({
      roundId: 'r1',
      userId,
      submissionId: s.id,
      winRate: s.score!.winRate,
      ciLow: 0.5,
      ciHigh: 0.8,
      submittedAt: at,
    });
  }
});
afterAll(() => d.close());

const roundPosts = () => d.discord.to(new RegExp(`^/channels/${ROUND_CHANNEL}/messages$`), 'POST');

describe('Grand Finale on Discord', () => {
  it('starts from /league finale start with @mentions, puts a prompt, and takes votes and expert scores from components', async () => {
    const start = await d.post(
      commandInteraction(ORGANIZER, [
        group('finale', sub('start', [str('round', 'r1'), str('finalists', `<@${MEMBER}> <@${OTHER}>`)])),
      ]),
    );
    expect(start.json().type).toBe(5);
    await d.route.idle();
    expect(embedText(roundPosts().at(-1)!.body)).toMatch(/live scoreboard/i);

    await d.post(
      commandInteraction(ORGANIZER, [
        group('finale', sub('next', [str('prompt', "Prompt 1: how many r's are in strawberry?")])),
      ]),
    );
    await d.route.idle();
    await d.league.queue.drain(20_000);
    // The prompt's channel message is edited in place once the answers are in: the vote buttons come with them.
    const prompt = d.discord
      .to(new RegExp(`^/channels/${ROUND_CHANNEL}/messages/\\d+$`), 'PATCH')
      .filter((c) => embedText(c.body).includes('strawberry'))
      .at(-1)!;
    expect(prompt).toBeDefined();
    const buttons = prompt.body.components.flatMap((r: any) => r.components);
    expect(buttons.map((b: any) => b.label)).toEqual([
      expect.stringMatching(/^Vote 1/),
      expect.stringMatching(/^Vote 2/),
    ]);

    // An audience vote: answered privately, the shared button stays enabled for everyone else.
    const vote = (await d.post(buttonInteraction(AUDIENCE, buttons[0].custom_id, prompt.body.components))).json();
    expect(vote.type).toBe(4);
    expect(vote.data.flags).toBe(EPHEMERAL);
    expect(embedText(vote.data)).toMatch(/vote/i);
    const again = (await d.post(buttonInteraction(AUDIENCE, buttons[1].custom_id, prompt.body.components))).json();
    expect(again.data.flags).toBe(EPHEMERAL);
    expect(embedText(again.data)).toMatch(/already/i);

    // The expert's scoring cards came by DM, one per finalist, each with a menu per rubric criterion.
    await d.route.idle();
    const cards = d.discord
      .to(new RegExp(`^/channels/${d.discord.dmChannelOf(EXPERT)}/messages$`), 'POST')
      .filter((c) => /Score finalist/.test(embedText(c.body)));
    expect(cards).toHaveLength(2);
    const card = cards.find((c) => /Score finalist 1/.test(embedText(c.body)))!;
    const menus = card.body.components.map((r: any) => r.components[0]).filter((c: any) => c.type === 3);
    expect(menus.map((m: any) => m.placeholder)).toEqual([
      'Accuracy: 1–10',
      'Coherence: 1–10',
      'Domain adaptation: 1–10',
    ]);
    expect(new Set(menus.map((m: any) => m.custom_id)).size).toBe(3);
    const seven = menus[0].options.find((o: any) => o.label === '7').value;
    const pick = {
      ...buttonInteraction(EXPERT, menus[0].custom_id, card.body.components),
      data: { custom_id: menus[0].custom_id, component_type: 3, values: [seven] },
    };
    const scored = (await d.post(pick)).json();
    expect(scored.data.flags).toBe(EPHEMERAL);
    expect(embedText(scored.data)).toMatch(/accuracy score 7\/10/);

    // The card is in the expert's DMs, where Discord names no server: the clicks still count as theirs.
    // Each click is its own interaction, with its own id (the same id again is a replay).
    const freshId = () => buttonInteraction(EXPERT, menus[0].custom_id).id;
    const inDm = (menu: any, label: string) => ({
      ...pick,
      id: freshId(),
      guild_id: undefined,
      member: undefined,
      user: { id: EXPERT, username: 'expert' },
      data: {
        custom_id: menu.custom_id,
        component_type: 3,
        values: [menu.options.find((o: any) => o.label === label).value],
      },
    });
    expect(embedText((await d.post(inDm(menus[1], '8'))).json().data)).toMatch(/coherence score 8\/10/);
    const last = (await d.post(inDm(menus[2], '9'))).json();
    expect(embedText(last.data)).toMatch(/Your score for this answer is 8\.0\/10, the mean of the three criteria/);
    const finale = (await d.league.deps.store.liveFinale())!;
    expect(Object.values((await d.league.deps.store.getFinalePrompt(finale.id, 1))!.expertScores).sort()).toEqual([
      7, 8, 9,
    ]);

    // A member who is not an expert cannot score.
    const refused = (
      await d.post({
        ...pick,
        id: freshId(),
        member: { user: { id: AUDIENCE, username: 'a' }, roles: [], permissions: '0' },
      })
    ).json();
    expect(embedText(refused.data)).toMatch(/expert/i);

    await d.post(commandInteraction(ORGANIZER, [group('finale', sub('end'))]));
    await d.route.idle();
    expect(embedText(roundPosts().at(-1)!.body)).toMatch(/final standing|winner|champion/i);
  });

  it('starts a finale without names on a closed round, takes a system prompt and a score on one criterion', async () => {
    const refused = await d.post(commandInteraction(ORGANIZER, [group('finale', sub('start', [str('round', 'r1')]))]));
    await d.route.idle();
    expect(JSON.stringify(refused.json()) + JSON.stringify(d.discord.calls.slice(-3).map((c) => c.body))).toMatch(
      /still open/,
    );
    await d.post(commandInteraction(ORGANIZER, [group('round', sub('close', [str('round', 'r1')]))]));
    await d.route.idle();
    await d.post(commandInteraction(ORGANIZER, [group('finale', sub('start', [str('round', 'r1')]))]));
    await d.route.idle();
    const finale = (await d.league.deps.store.liveFinale())!;
    expect(finale.finalists.map((f) => f.submissionId)).toEqual(['salice', 'sbob']);

    await d.post(
      commandInteraction(MEMBER, [group('finale', sub('prompt', [str('text', 'Answer in two sentences.')]))]),
    );
    await d.route.idle();
    expect((await d.league.deps.store.getFinale(finale.id))!.systemPrompts).toEqual({
      salice: 'Answer in two sentences.',
    });

    await d.post(commandInteraction(ORGANIZER, [group('finale', sub('next', [str('prompt', 'Prompt 1: an ETF?')]))]));
    await d.route.idle();
    await d.league.queue.drain(20_000);
    await d.post(
      commandInteraction(EXPERT, [
        group('finale', sub('score', [str('finalist', '2'), int('score', 6), str('criterion', 'coherence')])),
      ]),
    );
    await d.route.idle();
    const prompt = (await d.league.deps.store.getFinalePrompt(finale.id, 1))!;
    expect(prompt.systemPrompts).toEqual({ salice: 'Answer in two sentences.' });
    expect(prompt.expertScores).toEqual({ [`discord:${GUILD}:${EXPERT}|sbob|coherence`]: 6 });
    await d.post(commandInteraction(ORGANIZER, [group('finale', sub('end'))]));
    await d.route.idle();
  });
});
