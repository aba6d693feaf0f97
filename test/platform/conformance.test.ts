import { describe, expect, it } from 'vitest';
import { autocompleteChoices } from '../../src/adapters/discord/autocomplete';
import { createDiscordChat } from '../../src/adapters/discord/chat';
import { leagueCommands } from '../../src/adapters/discord/commands';
import { renderMessage as renderDiscord } from '../../src/adapters/discord/render';
import { roundOpenModal, submitModal } from '../../src/adapters/slack/modals';
import { renderMessage as renderSlack } from '../../src/adapters/slack/render';
import { literal } from '../../src/core/messages/format';
import type { Round } from '../../src/core/model';
import type { LeagueDeps } from '../../src/core/services/context';
import { DEFAULT_BOUNDS } from '../../src/core/services/rounds';
import { fakeDiscordRest } from '../discord/support';
import { isWellFormed, PLATFORM_TOKENS, WIDE_GRAPHEMES } from '../support/hostile-text';
import { blockKitProblems, modalProblems } from './block-kit-limits';
import { discordSchemaProblems, embedTotal } from './discord-schema';
import { allSlots, everyMessage, type TextSlots } from './messages';

const repeat = (parts: string[], n: number) => Array.from({ length: n }, (_, i) => parts[i % parts.length]).join('');
const EMOJI_1600 = repeat(WIDE_GRAPHEMES, 1600);
const words = (n: number) => repeat(['lorem ', 'a<b ', 'R&D ', '> quote\n', '*bold* ', '`code` ', '🐦 '], n);

/** Extreme but legal data, slot by slot. */
const EXTREMES: [string, TextSlots][] = [
  ['1,600 emoji everywhere', allSlots(EMOJI_1600)],
  [
    'longest texts (5,000-character reasons, 8,000-character answers), escapes that grow',
    {
      roundName: repeat(['<&>'], 26),
      description: words(300),
      reason: '<&>'.repeat(1666),
      answer: words(1200).slice(0, 8000),
      rationale: words(400),
      question: words(400),
      validation: words(100),
      prompt: '🐦'.repeat(2000),
    },
  ],
  ['platform syntax everywhere', allSlots(repeat(PLATFORM_TOKENS, 400))],
];

/** Every string in a payload is well-formed Unicode (nothing Slack's or Discord's encoders would choke on). */
function illFormedStrings(payload: unknown): string[] {
  const bad: string[] = [];
  JSON.stringify(payload, (_k, v) => {
    if (typeof v === 'string' && !isWellFormed(v)) bad.push(v.slice(0, 40));
    return v;
  });
  return bad;
}

describe.each(EXTREMES)('payloads with %s', (_name, slots) => {
  const messages = everyMessage(slots, 120);

  it.each(messages)('Slack: %s stays within Block Kit limits', (_builder, message) => {
    const rendered = renderSlack(message);
    expect(blockKitProblems(rendered, 'message')).toEqual([]);
    expect(illFormedStrings(rendered)).toEqual([]);
  });

  it.each(messages)("Discord: %s matches Discord's request schemas and the 6,000-character total", (_b, message) => {
    const body = renderDiscord(message);
    expect(discordSchemaProblems('POST /channels/{channel_id}/messages', body)).toEqual([]);
    expect(discordSchemaProblems('PATCH /channels/{channel_id}/messages/{message_id}', body)).toEqual([]);
    expect(discordSchemaProblems('PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original', body)).toEqual([]);
    expect(
      discordSchemaProblems('POST /interactions/{interaction_id}/{interaction_token}/callback', {
        type: 4,
        data: { ...body, flags: 64 },
      }),
    ).toEqual([]);
    expect(embedTotal(body.embeds)).toBeLessThanOrEqual(6000);
    expect(body.components.length).toBeLessThanOrEqual(5);
    const customIds = body.components.flatMap((r) => r.components.map((c) => c.custom_id));
    expect(new Set(customIds).size).toBe(customIds.length);
    expect(illFormedStrings(body)).toEqual([]);
  });
});

const round = (name: string, i: number): Round => ({
  id: `round-${i}`,
  name: literal(name),
  domain: 'general',
  status: 'open',
  channel: 'slack:C0ROUND',
  deadline: '2026-12-31T23:59:00.000Z',
  quotaPerDay: 5,
  minRows: 20,
  maxRows: 10_000,
  maxBytes: 50_000_000,
  bounds: DEFAULT_BOUNDS,
  referenceModel: 'offline-reference',
  judgeModels: ['offline-judge'],
  questionCount: 100,
  createdBy: 'slack:T0:U0',
  createdAt: '2026-12-01T00:00:00.000Z',
});

describe('forms, commands and choices', () => {
  const rounds = Array.from({ length: 120 }, (_, i) => round(EMOJI_1600, i));

  it('Slack: the submit and round forms stay within the limits of modals', () => {
    const views = [
      submitModal(rounds, { round: 'round-3', hyperparameters: { epochs: 3 } }, 'C0ROUND'),
      roundOpenModal('C0ROUND', { reference: 'offline-reference', judges: Array(40).fill('offline-judge') }),
    ];
    for (const view of views) {
      expect(modalProblems(view as never)).toEqual([]);
      expect(illFormedStrings(view)).toEqual([]);
    }
  });

  it("Discord: /league's registration matches the command schema", () => {
    for (const command of leagueCommands())
      expect(discordSchemaProblems('PUT /applications/{application_id}/commands (each item)', command)).toEqual([]);
  });

  it('Discord: autocomplete choices for rounds named in 1,600 emoji match the callback schema', async () => {
    const deps = { store: { listRounds: async () => rounds } } as unknown as LeagueDeps;
    const actor = { userId: 'discord:1:2', channel: 'discord:3', isOrganizer: true };
    const choices = await autocompleteChoices(deps, actor, { path: ['leaderboard'], name: 'round', value: '' });
    expect(choices).toHaveLength(25);
    expect(
      discordSchemaProblems('POST /interactions/{interaction_id}/{interaction_token}/callback', {
        type: 8,
        data: { choices },
      }),
    ).toEqual([]);
    expect(illFormedStrings(choices)).toEqual([]);
  });

  it('Discord: a message with the results chart names its attachment by a snowflake id', async () => {
    const rest = fakeDiscordRest();
    const chat = createDiscordChat({ rest: rest.rest, applicationId: '1' });
    const [, results] = everyMessage(allSlots(EMOJI_1600), 120).find(([n]) => n === 'results')!;
    await chat.post('discord:333333333333333333', {
      ...results,
      attachments: [{ name: 'chart.png', mime: 'image/png', bytes: new Uint8Array(8), alt: EMOJI_1600 }],
    });
    const [post] = rest.to(/^\/channels\/333333333333333333\/messages$/, 'POST');
    expect(discordSchemaProblems('POST /channels/{channel_id}/messages', post!.body)).toEqual([]);
    expect(post!.body.attachments[0].id).toBe('0');
    expect(illFormedStrings(post!.body)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('catch what the platforms refuse', () => {
    const body = renderDiscord(everyMessage(allSlots('x'), 3)[0]![1]);
    expect(
      discordSchemaProblems('POST /channels/{channel_id}/messages', { ...body, attachments: [{ id: 0 }] }),
    ).not.toEqual([]);
    expect(
      discordSchemaProblems('POST /channels/{channel_id}/messages', { ...body, embeds: [{ title: 'x'.repeat(257) }] }),
    ).not.toEqual([]);
    expect(
      blockKitProblems(
        { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] },
        'message',
      ),
    ).not.toEqual([]);
    expect(blockKitProblems({ text: '\uD83D…', blocks: [] }, 'message')).not.toEqual([]);
    expect(embedTotal([{ description: 'x'.repeat(4096) }, { description: 'x'.repeat(2000) }])).toBeGreaterThan(6000);
  });
});
