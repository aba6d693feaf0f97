import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/adapters/slack/verify';
import { ORGANIZER_USAGE, PARTICIPANT_USAGE } from '../../src/core/commands';
import { createLocalHttpHandler } from '../../src/local/http-app';
import { discordKeys } from '../discord/support';
import { startTestLeague, type TestLeague } from '../support/league';
import { spawnServer } from '../support/server-process';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const body = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

const TOKEN = 'local-server-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('local server routes', () => {
  let league: TestLeague;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    league = await startTestLeague();
    server = createServer(
      createLocalHttpHandler(league, { organizers: ['local:demo:organizer'], playground: { token: TOKEN } }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await league.close();
  });

  it('answers /health and serves the playground and the leaderboard page', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(await (await fetch(base)).text()).toContain('/league');
    expect(await (await fetch(`${base}/leaderboard/demo`)).text()).toContain('Leaderboard');
    expect((await fetch(`${base}/assets/playground.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('runs commands typed in the playground, with file upload, and refuses unknown users', async () => {
    const help = await body(
      fetch(`${base}/api/command?user=local:demo:alice&text=help`, { method: 'POST', headers: auth }),
    );
    expect(help.message.text).toMatch(/LLM League commands/);
    const rows = Array.from({ length: 25 }, (_, i) =>
      JSON.stringify({ instruction: `What is tip ${i}?`, response: `Tip ${i} is to save first.` }),
    ).join('\n');
    const submitted = await body(
      fetch(`${base}/api/command?user=local:demo:zoe&text=submit&file=mine.jsonl`, {
        method: 'POST',
        body: rows,
        headers: auth,
      }),
    );
    expect(submitted.message.text).toMatch(/Received mine.jsonl as submission/);
    expect((await fetch(`${base}/api/command?user=../etc&text=help`, { method: 'POST', headers: auth })).status).toBe(
      400,
    );
    const forbidden = await body(
      fetch(`${base}/api/command?user=local:demo:zoe&text=round%20close`, { method: 'POST', headers: auth }),
    );
    expect(forbidden.message.text).toMatch(/Only organizers/);
    const state = await body(fetch(`${base}/api/state?user=local:demo:zoe&since=-1`, { headers: auth }));
    expect(state.channel.length).toBeGreaterThan(0);
    const lb = await fetch(`${base}/api/leaderboard/demo`);
    expect((await body(lb)).round.id).toBe('demo');
    expect((await fetch(`${base}/api/leaderboard/nope`)).status).toBe(404);
  });

  it('answers every refusal with a message the page can show, the over-long command included', async () => {
    const long = 'a'.repeat(4001);
    const tooLong = await fetch(`${base}/api/command?user=local:demo:alice&text=${long}`, {
      method: 'POST',
      headers: auth,
    });
    expect(tooLong.status).toBe(413);
    const refusal = await body(tooLong);
    expect(refusal.error).toMatch(/4,001 characters; commands are at most 4,000/);
    expect(refusal.visibility).toBe('ephemeral');
    expect(refusal.message.blocks[0]).toMatchObject({ type: 'text', tone: 'error' });
    for (const [url, status] of [
      [`${base}/api/command?user=../etc&text=help`, 400],
      [`${base}/api/nothing`, 404],
    ] as const) {
      const r = await fetch(url, { method: 'POST', headers: auth });
      expect(r.status).toBe(status);
      expect((await body(r)).message.blocks[0].tone).toBe('error');
    }
    const anonymous = await fetch(`${base}/api/state?user=local:demo:alice`);
    expect(anonymous.status).toBe(401);
    expect((await body(anonymous)).message.text).toMatch(/token/);
  });

  it('serves its icon, and the command table `help` prints for completion (organizer commands to organizers only)', async () => {
    const icon = await fetch(`${base}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
    const member = await body(fetch(`${base}/api/commands?user=local:demo:alice`, { headers: auth }));
    const organizer = await body(fetch(`${base}/api/commands?user=local:demo:organizer`, { headers: auth }));
    const syntaxes = (list: { syntax: string }[]) => list.map((c) => c.syntax);
    expect(syntaxes(member.commands)).toEqual(PARTICIPANT_USAGE.map((u) => u.syntax));
    expect(syntaxes(organizer.commands)).toEqual([...PARTICIPANT_USAGE, ...ORGANIZER_USAGE].map((u) => u.syntax));
    expect((await fetch(`${base}/api/commands?user=local:demo:alice`)).status).toBe(401);
  });
});

const SIGNING_SECRET = 'local-server-test-secret';

describe('npm start', () => {
  it('answers GET /health with 200 within 15 s on a fresh data folder, and checks Slack and Discord signatures', async () => {
    const discord = discordKeys();
    const started = Date.now();
    const server = await spawnServer(
      {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token',
        DISCORD_PUBLIC_KEY: discord.publicKeyHex,
      },
      { timeoutMs: 15_000 },
    );
    const port = server.port;
    try {
      expect(Date.now() - started).toBeLessThan(15_000);
      const rounds = await body(fetch(`http://127.0.0.1:${port}/api/leaderboard/demo`));
      expect(rounds.round.name).toBeTruthy(); // a demo round is open on first start

      const form = new URLSearchParams({
        command: '/league',
        text: 'help',
        team_id: 'T1',
        user_id: 'U1',
        channel_id: 'C1',
        user_name: 'u',
        response_url: 'https://hooks.slack.com/commands/1/2',
        trigger_id: 't',
      }).toString();
      const slack = (headers: Record<string, string>, payload = form) =>
        fetch(`http://127.0.0.1:${port}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: payload,
        }).then((r) => r.status);
      const now = Math.floor(Date.now() / 1000);
      const signed = (ts: number, payload = form) => ({
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, payload),
      });
      expect(await slack(signed(now))).toBe(200);
      expect(await slack({ ...signed(now), 'x-slack-signature': signSlackRequest('wrong-secret', now, form) })).toBe(
        401,
      );
      expect(await slack({ 'x-slack-request-timestamp': String(now) })).toBe(401);
      expect(await slack(signed(now - 6 * 60))).toBe(401);
      expect(await slack(signed(now + 6 * 60))).toBe(401);
      expect(await slack(signed(now), form.replace('help', 'rounds'))).toBe(401);

      const ping = JSON.stringify({ id: '1', application_id: '2', type: 1, token: 't', version: 1 });
      const interact = (headers: Record<string, string>, payload = ping) =>
        fetch(`http://127.0.0.1:${port}/discord/interactions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: payload,
        });
      const ed25519 = (ts: number, payload = ping, keys = discord) => ({
        'x-signature-timestamp': String(ts),
        'x-signature-ed25519': keys.sign(payload, String(ts)),
      });
      const pong = await interact(ed25519(now));
      expect(pong.status).toBe(200);
      expect(await pong.json()).toEqual({ type: 1 });
      const discordStatus = async (headers: Record<string, string>, payload = ping) =>
        (await interact(headers, payload)).status;
      expect(await discordStatus(ed25519(now, ping, discordKeys()))).toBe(401);
      expect(await discordStatus(ed25519(now), ping.replace('"t"', '"u"'))).toBe(401);
      expect(await discordStatus({ 'x-signature-timestamp': String(now) })).toBe(401);
      expect(await discordStatus(ed25519(now - 6 * 60))).toBe(401);
      expect(await discordStatus(ed25519(now + 6 * 60))).toBe(401);
    } finally {
      await server.stop({ remove: true });
    }
  }, 30_000);
});
