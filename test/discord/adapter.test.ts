import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST } from '@discordjs/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordChat } from '../../src/adapters/discord/chat';
import { leagueCommands } from '../../src/adapters/discord/commands';
import { snowflakeAt } from '../../src/adapters/discord/ids';
import { interactionRef } from '../../src/adapters/discord/interaction-ref';
import { registerLeagueCommands, registrationFrom } from '../../src/adapters/discord/register';
import { DISCORD_LIMITS, renderedSize, renderMessage } from '../../src/adapters/discord/render';
import { loadConfig } from '../../src/core/config';
import type { Message } from '../../src/core/messages/message';
import { createDiscordInteractionsHandler } from '../../src/handlers/discord-interactions';
import { type DiscordLeague, startDiscordLeague } from './harness';
import {
  APP,
  commandInteraction,
  discordKeys,
  fakeDiscordRest,
  GUILD,
  group,
  MEMBER,
  ORGANIZER,
  ping,
  str,
  sub,
} from './support';

let d: DiscordLeague | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

describe('Discord request signatures (Ed25519)', () => {
  it('passes a signed request; refuses a wrong key, a signature of another body, a missing signature, a stale or future timestamp with 401', async () => {
    d = await startDiscordLeague({ worker: false });
    const body = JSON.stringify(ping());
    const now = Math.floor(Date.now() / 1000);
    const other = discordKeys();
    const post = async (headers: Record<string, string>) => (await d!.post(JSON.parse(body), headers)).status;
    const signed = (ts: number, payload = body, keys = d!.keys) => ({
      'x-signature-timestamp': String(ts),
      'x-signature-ed25519': keys.sign(payload, String(ts)),
    });
    expect(await post(signed(now))).toBe(200);
    expect(await post(signed(now, body, other))).toBe(401);
    expect(
      await post({
        'x-signature-timestamp': String(now),
        'x-signature-ed25519': d.keys.sign(body.replace('"type":1', '"type":2'), String(now)),
      }),
    ).toBe(401);
    expect(await post({ 'x-signature-timestamp': String(now), 'x-signature-ed25519': '' })).toBe(401);
    expect(await post(signed(now - 6 * 60))).toBe(401);
    expect(await post(signed(now + 6 * 60))).toBe(401);
  });

  it('refuses a body changed after signing', async () => {
    d = await startDiscordLeague({ worker: false });
    const signedBody = JSON.stringify(ping());
    const ts = String(Math.floor(Date.now() / 1000));
    const handler = createDiscordInteractionsHandler(d.league.deps, {
      publicKey: d.keys.publicKeyHex,
      organizers: [],
      rest: d.discord.rest,
    });
    const headers = { 'x-signature-ed25519': d.keys.sign(signedBody, ts), 'x-signature-timestamp': ts };
    expect((await handler({ headers, body: signedBody, isBase64Encoded: false })).statusCode).toBe(200);
    expect(
      (await handler({ headers, body: signedBody.replace('ping-token', 'pong-token'), isBase64Encoded: false }))
        .statusCode,
    ).toBe(401);
    expect((await handler({ headers: {}, body: signedBody, isBase64Encoded: false })).statusCode).toBe(401);
  });
});

describe('Discord Lambda handler', () => {
  it('acknowledges a deferred command through the callback endpoint, then edits the original response', async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r1');
    const handler = createDiscordInteractionsHandler(d.league.deps, {
      publicKey: d.keys.publicKeyHex,
      applicationId: APP,
      organizers: [`discord:${GUILD}:${ORGANIZER}`],
      rest: d.discord.rest,
    });
    const interaction = commandInteraction(ORGANIZER, [group('round', sub('close', [str('round', 'r1')]))]);
    const body = JSON.stringify(interaction);
    const ts = String(Math.floor(Date.now() / 1000));
    const result = await handler({
      headers: { 'X-Signature-Ed25519': d.keys.sign(body, ts), 'X-Signature-Timestamp': ts },
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    });
    expect(result.statusCode).toBe(202);
    const [callback] = d.discord.calls;
    const edit = d.discord.calls.find((c) => c.method === 'PATCH');
    expect(callback).toMatchObject({
      method: 'POST',
      route: `/interactions/${interaction.id}/${interaction.token}/callback`,
      auth: false,
      body: { type: 5, data: { flags: 64 } },
    });
    expect(edit).toMatchObject({ method: 'PATCH', auth: false });
    expect(edit!.route).toMatch(new RegExp(`^/webhooks/${APP}/${interaction.token}/messages/(@|%40)original$`));
    expect((await d.league.deps.store.getRound('r1'))!.status).toBe('closed');
  });
});

describe('Discord chat', () => {
  const result: Message = {
    text: 'Your result',
    blocks: [
      { type: 'heading', text: 'Submission s1 scored' },
      { type: 'text', text: 'Win rate *62.5%*' },
    ],
  };

  it("edits a progress message through the interaction webhook while the token lives, then moves it to the member's DM", async () => {
    const rest = fakeDiscordRest();
    let now = Date.now();
    const chat = createDiscordChat({ rest: rest.rest, applicationId: APP, now: () => now });
    const ref = interactionRef({ id: snowflakeAt(now), token: 'tok', channelId: '300000000000000003', userId: MEMBER });
    await chat.update(ref, result);
    expect(rest.calls.map((c) => `${c.method} ${c.route.replace('%40', '@')}`)).toEqual([
      `PATCH /webhooks/${APP}/tok/messages/@original`,
    ]);
    now += 16 * 60_000;
    await chat.update(ref, result);
    await chat.update(ref, { ...result, blocks: [...result.blocks, { type: 'text', text: 'more' }] });
    const after = rest.calls.slice(1).map((c) => `${c.method} ${c.route}`);
    const dm = rest.dmChannelOf(MEMBER);
    expect(after[0]).toBe('POST /users/@me/channels');
    expect(after.filter((c) => c === `POST /channels/${dm}/messages`)).toHaveLength(1);
    expect(after.at(-1)).toMatch(new RegExp(`^PATCH /channels/${dm}/messages/\\d+$`));
  });

  it("retries an edit that races the interaction's own response instead of moving the message to a DM", async () => {
    const rest = fakeDiscordRest();
    let now = Date.now();
    const chat = createDiscordChat({ rest: rest.rest, applicationId: APP, now: () => now });
    const ref = interactionRef({ id: snowflakeAt(now), token: 'tok', channelId: '300000000000000003', userId: MEMBER });
    rest.failWhen((c) =>
      c.method === 'PATCH' && c.route.includes('/webhooks/')
        ? Object.assign(new Error('Unknown Message'), { status: 404, code: 10008 })
        : undefined,
    );
    await expect(chat.update(ref, result)).rejects.toMatchObject({ retryAfterMs: 2_000 });
    expect(rest.to(/^\/users\/@me\/channels$/)).toEqual([]);
    // Long after the response, the same answer means the message is gone: it moves to the DM.
    now += 5 * 60_000;
    await chat.update(ref, result);
    expect(rest.to(/^\/users\/@me\/channels$/)).toHaveLength(1);
  });

  it('sends once per idempotency key, with a nonce Discord enforces, and never pings anyone', async () => {
    const rest = fakeDiscordRest();
    const claims = new Set<string>();
    const store = {
      claimOnce: async (k: string) => !claims.has(k) && Boolean(claims.add(k)),
      listSubmissionsByUser: async () => [],
      getRound: async () => undefined,
    };
    const chat = createDiscordChat({ rest: rest.rest, applicationId: APP, store });
    const a = await chat.dm(`discord:${GUILD}:${MEMBER}`, result, { idempotencyKey: 'notify#s1' });
    // Another process (no shared memory) retries the same send: it finds the message already there.
    const again = createDiscordChat({ rest: rest.rest, applicationId: APP, store });
    const b = await again.dm(`discord:${GUILD}:${MEMBER}`, result, { idempotencyKey: 'notify#s1' });
    expect(b).toEqual(a);
    const posts = rest.to(/^\/channels\/\d+\/messages$/, 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(posts[0]!.body.nonce).toMatch(/^[\w-]{1,25}$/);
  });

  it('waits out a 429 with retry_after and then succeeds (the real REST client, a local API)', async () => {
    const seen: number[] = [];
    const server = createServer((_req, res) => {
      seen.push(Date.now());
      if (seen.length === 1) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1', 'x-ratelimit-scope': 'user' });
        res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: 0.3, global: false }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: '800000000000000008', channel_id: '300000000000000003' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const rest = new REST({
        api: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        retries: 2,
        timeout: 5_000,
      }).setToken('bot-token-for-tests');
      const chat = createDiscordChat({ rest, applicationId: APP });
      const ref = await chat.post('discord:300000000000000003', result);
      expect(ref.ts).toBe('800000000000000008');
      expect(seen).toHaveLength(2);
      expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(250);
    } finally {
      server.close();
    }
  });
});

describe('Discord renderer', () => {
  it("keeps a long leaderboard within Discord's limits, with a link to the full page", () => {
    const rows = Array.from({ length: 400 }, (_, i) => [
      String(i + 1),
      `<@${400000000000000000 + i}>`,
      `${(90 - i / 10).toFixed(1)}%`,
      '[50.0–70.0]',
      `s${i}`.padEnd(12, 'x'),
    ]);
    const rendered = renderMessage({
      text: 'Leaderboard',
      blocks: [
        { type: 'heading', text: 'Leaderboard · Round r1' },
        {
          type: 'table',
          columns: ['#', 'Member', 'Win rate', '95% CI', 'Submission'],
          rows,
          moreUrl: 'https://league.example/leaderboard/r1',
        },
      ],
    });
    expect(rendered.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
    expect(renderedSize(rendered)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    for (const e of rendered.embeds) expect(e.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(rendered.embeds.at(-1)!.description).toContain('https://league.example/leaderboard/r1');
    expect(rendered.allowed_mentions).toEqual({ parse: [] });
  });

  it('lays buttons out in rows of five, at most five rows', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ action: 'cancel', label: `B${i}`, value: `s${i}` }));
    const rendered = renderMessage({ text: 'x', blocks: [{ type: 'buttons', buttons }] });
    expect(rendered.components).toHaveLength(5);
    expect(rendered.components.every((r) => r.components.length === 5)).toBe(true);
  });
});

describe('Discord command definitions and registration', () => {
  it('defines /league with a subcommand for every participant and organizer command', () => {
    const [league] = leagueCommands();
    expect(league!.name).toBe('league');
    const names = (league!.options ?? []).flatMap((o: any) =>
      o.type === 2 ? o.options.map((s: any) => `${o.name} ${s.name}`) : [o.name],
    );
    for (const n of [
      'help',
      'rounds',
      'submit',
      'status',
      'leaderboard',
      'cancel',
      'appeal',
      'round open',
      'round questions',
      'round announce',
      'round close',
      'round results',
      'override',
      'export',
      'audit',
      'runs',
      'try',
      'calibrate pair',
      'calibrate join',
      'calibration',
      'undelivered',
    ]) {
      expect(names).toContain(n);
    }
    const submit = league!.options!.find((o) => o.name === 'submit') as any;
    // A file, or a reviewed draft instead of one.
    expect(submit.options.find((o: any) => o.name === 'dataset')).toMatchObject({ type: 11 });
    expect(submit.options.find((o: any) => o.name === 'draft')).toMatchObject({ type: 3 });
    for (const n of ['generate', 'draft', 'refine']) expect(names).toContain(n);
    // Discord's limit (Application Commands docs): the characters of every name, description and
    // choice value of a command and its options together are at most 8,000.
    const counted = (o: any): number =>
      (o.name?.length ?? 0) +
      (o.description?.length ?? 0) +
      (o.choices ?? []).reduce((n: number, c: any) => n + c.name.length + String(c.value).length, 0) +
      (o.options ?? []).reduce((n: number, child: any) => n + counted(child), 0);
    expect(counted(league)).toBeLessThanOrEqual(8000);
  });

  it('registers in a guild (or globally) with one PUT, and says which settings are missing', async () => {
    const rest = fakeDiscordRest();
    const { route } = await registerLeagueCommands(rest.rest, { applicationId: APP, guildId: GUILD });
    expect(route).toBe(`/applications/${APP}/guilds/${GUILD}/commands`);
    expect(rest.calls).toEqual([expect.objectContaining({ method: 'PUT', route, body: leagueCommands() })]);
    await registerLeagueCommands(rest.rest, { applicationId: APP });
    expect(rest.calls[1]!.route).toBe(`/applications/${APP}/commands`);
    const fromEnv = (env: Record<string, string>) => registrationFrom(loadConfig(env));
    expect(() => fromEnv({})).toThrow(/DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN/);
    expect(() => fromEnv({ DISCORD_BOT_TOKEN: 't' })).toThrow(/Set DISCORD_APPLICATION_ID to register/);
    expect(() => fromEnv({ DISCORD_APPLICATION_ID: 'abc', DISCORD_BOT_TOKEN: 't' })).toThrow(
      /DISCORD_APPLICATION_ID: must be a numeric Discord id/,
    );
    expect(() => fromEnv({ DISCORD_APPLICATION_ID: APP, DISCORD_BOT_TOKEN: 't', DISCORD_GUILD_ID: 'x' })).toThrow(
      /DISCORD_GUILD_ID/,
    );
    expect(fromEnv({ DISCORD_APPLICATION_ID: ` ${APP} `, DISCORD_BOT_TOKEN: 't', DISCORD_GUILD_ID: GUILD })).toEqual({
      applicationId: APP,
      botToken: 't',
      guildId: GUILD,
    });
  });
});

describe('Discord organizers', () => {
  it("trusts the role and Manage Server only in the league's servers; configured ids anywhere they are qualified", async () => {
    const { createOrganizerCheck, MANAGE_GUILD } = await import('../../src/adapters/discord/organizers');
    const check = createOrganizerCheck({
      organizers: [`discord:${GUILD}:${ORGANIZER}`],
      roleId: '600000000000000006',
      guildIds: [GUILD],
    });
    const at = (guildId: string | undefined, userId: string, extra: { roles?: string[]; permissions?: bigint } = {}) =>
      check({ guildId, userId, roles: extra.roles ?? [], permissions: extra.permissions });
    expect(at(GUILD, ORGANIZER)).toBe(true);
    expect(at(GUILD, MEMBER, { permissions: MANAGE_GUILD })).toBe(true);
    expect(at(GUILD, MEMBER, { roles: ['600000000000000006'] })).toBe(true);
    expect(at('200000000000000099', MEMBER, { permissions: MANAGE_GUILD })).toBe(false);
    expect(at('200000000000000099', MEMBER, { roles: ['600000000000000006'] })).toBe(false);
    expect(at(undefined, ORGANIZER)).toBe(false);
    // No servers configured: only the configured ids.
    const bare = createOrganizerCheck({ organizers: [], guildIds: [] });
    expect(bare({ guildId: GUILD, userId: MEMBER, roles: [], permissions: MANAGE_GUILD })).toBe(false);
  });
});
