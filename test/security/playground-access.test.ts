import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from '../support/server-process';

/** A raw request, so Host and Origin are exactly what an attacker's page or a rebinding name would send. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; address?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: options.address ?? '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const externalAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('the playground of a spawned npm start', () => {
  let open: ServerProcess;
  let fixed: ServerProcess;
  let botOnly: ServerProcess;
  beforeAll(async () => {
    [open, fixed, botOnly] = await Promise.all([
      spawnServer(),
      spawnServer({ LEAGUE_PLAYGROUND_TOKEN: 'chosen-by-the-operator-0123' }),
      spawnServer({ LEAGUE_PLAYGROUND: 'off', SLACK_SIGNING_SECRET: 's3cret', SLACK_BOT_TOKEN: 'xoxb-not-real' }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([open, fixed, botOnly].map((s) => s?.stop({ remove: true })));
  });

  it('prints a link carrying a fresh token, and the API answers only with it', async () => {
    expect(open.output()).toContain(`http://localhost:${open.port}/?token=${open.token}`);
    expect(open.token!.length).toBeGreaterThanOrEqual(24);
    const state = '/api/state?user=local:demo:organizer&since=-1';
    const host = { host: `localhost:${open.port}` };
    expect((await send(open.port, state, { headers: host })).status).toBe(401);
    expect((await send(open.port, state, { headers: { ...host, authorization: 'Bearer wrong' } })).status).toBe(401);
    const bearer = { ...host, authorization: `Bearer ${open.token}` };
    const ok = await send(open.port, state, { headers: bearer });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toHaveProperty('channel');
    // The organizer's commands need the token: a forged user name alone closes nothing.
    const close = '/api/command?user=local:demo:organizer&text=round%20close%20demo';
    expect((await send(open.port, close, { method: 'POST', headers: host })).status).toBe(401);
    const help = await send(open.port, '/api/command?user=local:demo:alice&text=help', {
      method: 'POST',
      headers: bearer,
    });
    expect(JSON.parse(help.body).message.text).toMatch(/LLM League commands/);
    // Another start's token is not this one's.
    expect(fixed.token).toBe('chosen-by-the-operator-0123');
    const other = { host: `127.0.0.1:${open.port}`, authorization: `Bearer ${fixed.token}` };
    expect((await send(open.port, state, { headers: other })).status).toBe(401);
    expect(
      (
        await send(fixed.port, state, {
          headers: { host: `127.0.0.1:${fixed.port}`, authorization: `Bearer ${fixed.token}` },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses the API to a foreign Origin or Host even with the token (cross-site pages, DNS rebinding)', async () => {
    const bearer = { authorization: `Bearer ${open.token}` };
    const close = '/api/command?user=local:demo:organizer&text=round%20close%20demo';
    const post = (headers: Record<string, string>) =>
      send(open.port, close, { method: 'POST', headers: { ...bearer, ...headers } }).then((r) => r.status);
    expect(await post({ host: `localhost:${open.port}`, origin: 'https://evil.example' })).toBe(403);
    expect(await post({ host: `localhost:${open.port}`, origin: 'null' })).toBe(403);
    expect(await post({ host: `localhost:${open.port}`, origin: `http://localhost:${open.port + 1}` })).toBe(403);
    expect(await post({ host: `rebound.evil.example:${open.port}` })).toBe(403);
    expect(await post({ host: 'localhost' })).toBe(403);
    expect(
      (await send(open.port, '/api/leaderboard/demo', { headers: { host: `evil.example:${open.port}` } })).status,
    ).toBe(403);
    // None of those closed the round.
    const board = await send(open.port, '/api/leaderboard/demo', { headers: { host: `localhost:${open.port}` } });
    expect(JSON.parse(board.body).round.status).toBe('open');
    for (const own of [`localhost:${open.port}`, `127.0.0.1:${open.port}`, `[::1]:${open.port}`])
      expect(
        (
          await send(open.port, '/api/state?user=local:demo:alice', {
            headers: { ...bearer, host: own, origin: `http://${own}` },
          })
        ).status,
      ).toBe(200);
  });

  it('keeps reading the leaderboard open, without a token', async () => {
    const page = await send(open.port, '/leaderboard/demo', { headers: { host: `localhost:${open.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Leaderboard');
    expect(
      (await send(open.port, '/api/leaderboard/demo', { headers: { host: `localhost:${open.port}` } })).status,
    ).toBe(200);
  });

  it('listens on loopback only unless HOST says otherwise', async () => {
    const address = externalAddress();
    if (!address) return; // no interface other than loopback on this machine
    await expect(send(open.port, '/health', { address })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('with LEAGUE_PLAYGROUND=off serves only the signed chat endpoints, /health and the leaderboard', async () => {
    const port = botOnly.port;
    expect(botOnly.token).toBeUndefined();
    expect(botOnly.output()).toMatch(/playground\s+off/);
    const host = { host: `tunnel.example:${port}` }; // a tunnel forwards its own name
    expect((await send(port, '/health', { headers: host })).status).toBe(200);
    expect((await send(port, '/leaderboard/demo', { headers: host })).status).toBe(200);
    expect((await send(port, '/leaderboard/demo?format=json', { headers: host })).status).toBe(200);
    expect((await send(port, '/', { headers: host })).status).toBe(404);
    expect((await send(port, '/assets/playground.js', { headers: host })).status).toBe(404);
    for (const token of ['', 'Bearer anything'])
      for (const path of ['/api/state?user=local:demo:organizer', '/api/command?user=local:demo:organizer&text=help'])
        expect(
          (
            await send(port, path, {
              method: path.includes('command') ? 'POST' : 'GET',
              headers: { host: `localhost:${port}`, ...(token ? { authorization: token } : {}) },
            })
          ).status,
        ).toBe(404);
    // The signed endpoint is there, and still wants its signature.
    expect((await send(port, '/slack/events', { method: 'POST', headers: host })).status).toBe(401);
  });
});
