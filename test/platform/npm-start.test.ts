import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/adapters/slack/verify';
import { projectRoot } from '../../src/local/paths';
import {
  APP,
  commandInteraction,
  discordKeys,
  GUILD,
  group,
  ORGANIZER,
  ROUND_CHANNEL,
  str,
  sub,
} from '../discord/support';
import { isWellFormed } from '../support/hostile-text';
import { blockKitProblems } from './block-kit-limits';
import { type DiscordRequest, discordSchemaProblems, embedTotal } from './discord-schema';
import { startRecordingDiscord } from './recording-discord';
import { startRecordingSlack } from './recording-slack';

const SECRET = 'npm-start-platform-secret';
const TEAM = 'T0LEAGUE';
const SLACK_ORGANIZER = 'U0ORGANIZER';
const SLACK_ROUND_CHANNEL = 'C0ROUND';
const ROUND_NAME = '🐦'.repeat(50);
const LEADERBOARD_ARG = '🏆'.repeat(1600);
/** A question file full of emoji: every question and gold answer, and the categories. */
const QUESTIONS = Array.from({ length: 12 }, (_, i) =>
  JSON.stringify({
    id: `q${i + 1}`,
    category: '📈💰'.repeat(10),
    question: `${'💸🏦👩‍👩‍👧‍👦🇫🇷'.repeat(120)} How should I budget #${i + 1}? ${'🐦'.repeat(300)}`,
    gold: `${'✅'.repeat(200)} Save first, then spend. ${'💰'.repeat(400)}`,
  }),
).join('\n');

const wellFormedEverywhere = (payload: unknown): boolean => {
  let ok = true;
  JSON.stringify(payload, (_k, v) => {
    if (typeof v === 'string' && !isWellFormed(v)) ok = false;
    return v;
  });
  return ok;
};

const PLAYGROUND_TOKEN = 'platform-test-playground-token';

describe('npm start on Slack and Discord with emoji everywhere', () => {
  const discord = discordKeys();
  const dataDir = mkdtempSync(join(tmpdir(), 'league-platform-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  let slackApi: Awaited<ReturnType<typeof startRecordingSlack>>;
  let discordApi: Awaited<ReturnType<typeof startRecordingDiscord>>;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    slackApi = await startRecordingSlack();
    discordApi = await startRecordingDiscord(APP);
    child = spawn(process.execPath, [join(projectRoot(), 'node_modules/tsx/dist/cli.mjs'), 'src/local/server.ts'], {
      cwd: projectRoot(),
      env: {
        ...process.env,
        PORT: String(port),
        PUBLIC_URL: base,
        LEAGUE_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        LEAGUE_ORGANIZERS: `slack:${TEAM}:${SLACK_ORGANIZER},discord:${GUILD}:${ORGANIZER},local:demo:organizer`,
        QUEUE_VISIBILITY_TIMEOUT_MS: '1500',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-recording-stand-in',
        SLACK_API_URL: `${slackApi.url}/api/`,
        DISCORD_PUBLIC_KEY: discord.publicKeyHex,
        DISCORD_APPLICATION_ID: APP,
        DISCORD_BOT_TOKEN: 'recording-stand-in-token',
        DISCORD_GUILD_IDS: GUILD,
        DISCORD_API_URL: discordApi.url,
        LEAGUE_PLAYGROUND_TOKEN: PLAYGROUND_TOKEN,
      },
      stdio: 'pipe',
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const started = Date.now();
    while (Date.now() - started < 20_000) {
      const ok = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`npm start did not answer /health:\n${output}`);
  }, 30_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    if (child && child.exitCode === null) await new Promise((r) => child.once('exit', r));
    await slackApi?.close();
    await discordApi?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const slash = async (text: string, user = SLACK_ORGANIZER) => {
    const body = new URLSearchParams({
      command: '/league',
      text,
      team_id: TEAM,
      user_id: user,
      user_name: 'organizer',
      channel_id: SLACK_ROUND_CHANNEL,
      response_url: `${slackApi.url}/response`,
      trigger_id: '1.2.3',
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(SECRET, ts, body),
      },
      body,
    });
    const reply = await res.text();
    expect(res.status).toBe(200);
    return reply ? JSON.parse(reply) : undefined;
  };

  const interact = async (options: ReturnType<typeof sub>[]) => {
    const body = JSON.stringify(
      commandInteraction(ORGANIZER, options, { channel: ROUND_CHANNEL, permissions: String(1 << 5) }),
    );
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${base}/discord/interactions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-timestamp': ts,
        'x-signature-ed25519': discord.sign(body, ts),
      },
      body,
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  const playground = async (user: string, text: string, file?: { name: string; body: string }) => {
    const q = new URLSearchParams({ user, text, ...(file ? { file: file.name } : {}) });
    const res = await fetch(`${base}/api/command?${q}`, {
      method: 'POST',
      body: file?.body,
      headers: { authorization: `Bearer ${PLAYGROUND_TOKEN}` },
    });
    return (await res.json()) as { message: { text: string } };
  };

  const leaderboardSize = async (round: string): Promise<number> => {
    const res = await fetch(`${base}/api/leaderboard/${round}`);
    return res.ok ? ((await res.json()) as { rows: unknown[] }).rows.length : 0;
  };

  it('opens rounds named in emoji, takes emoji questions, scores, and posts well-formed payloads once', async () => {
    const replies: unknown[] = [];
    // Rounds named with 50 emoji, one per platform, opened by each platform's organizer.
    replies.push(await slash(`round open name="${ROUND_NAME}" id=slack-emoji min_rows=5`));
    replies.push(
      await interact([
        group('round', sub('open', [str('name', ROUND_NAME), str('id', 'discord-emoji'), str('min_rows', '5')])),
      ]),
    );
    // The question file full of emoji, loaded by an organizer (the playground's), then announced.
    for (const round of ['slack-emoji', 'discord-emoji']) {
      const loaded = await playground('local:demo:organizer', `round questions ${round}`, {
        name: 'questions.jsonl',
        body: QUESTIONS,
      });
      expect(loaded.message.text).toMatch(/Loaded 12 hidden questions/);
    }
    replies.push(await slash('round announce slack-emoji'));
    replies.push(await interact([group('round', sub('announce', [str('round', 'discord-emoji')]))]));

    // Three members per round; each new leader is posted in the round's channel.
    const datasets = ['strong', 'medium', 'poor'];
    for (const round of ['slack-emoji', 'discord-emoji'])
      for (const [i, name] of datasets.entries()) {
        const body = readFileSync(join(projectRoot(), 'examples', 'datasets', `${name}.jsonl`), 'utf8');
        const sent = await playground(`local:demo:member${i}`, `submit ${round}`, { name: `${name}.jsonl`, body });
        expect(sent.message.text).toMatch(/Received/);
      }
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const sizes = await Promise.all(['slack-emoji', 'discord-emoji'].map(leaderboardSize));
      if (sizes.every((n) => n === 3)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await leaderboardSize('slack-emoji')).toBe(3);
    expect(await leaderboardSize('discord-emoji')).toBe(3);

    // Leaderboards: a 1,600-emoji argument and the real rounds, on both platforms; then the results.
    replies.push(await slash(`leaderboard ${LEADERBOARD_ARG}`));
    replies.push(await interact([sub('leaderboard', [str('round', LEADERBOARD_ARG)])]));
    replies.push(await slash('leaderboard slack-emoji'));
    replies.push(await interact([sub('leaderboard', [str('round', 'discord-emoji')])]));
    replies.push(await slash('round results slack-emoji'));
    replies.push(await interact([group('round', sub('results', [str('round', 'discord-emoji')]))]));
    // Let the follow-ups and retried posts settle.
    let seen = -1;
    while (seen !== slackApi.calls.length + discordApi.calls.length) {
      seen = slackApi.calls.length + discordApi.calls.length;
      await new Promise((r) => setTimeout(r, 2_000));
    }

    // Every payload well-formed and within the platforms' limits.
    for (const reply of replies) expect(wellFormedEverywhere(reply)).toBe(true);
    for (const r of replies.filter((x): x is { blocks: unknown[] } => Boolean((x as { blocks?: unknown })?.blocks)))
      expect(blockKitProblems(r, 'message')).toEqual([]);
    for (const r of replies.filter((x): x is { type: number } => typeof (x as { type?: unknown })?.type === 'number'))
      expect(discordSchemaProblems('POST /interactions/{interaction_id}/{interaction_token}/callback', r)).toEqual([]);

    expect(slackApi.calls.filter((c) => c.malformed)).toEqual([]);
    const slackMessages = slackApi.calls.filter((c) =>
      ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method),
    );
    expect(slackMessages.length).toBeGreaterThan(0);
    for (const c of slackMessages) {
      expect(wellFormedEverywhere(c.params)).toBe(true);
      expect(blockKitProblems({ text: c.params.text, blocks: c.params.blocks ?? [] }, 'message'), c.method).toEqual([]);
    }
    const discordBodies = discordApi.calls.filter((c) => c.body && c.method !== 'GET');
    expect(discordBodies.some((c) => /\/channels\/\d+\/messages$/.test(c.route))).toBe(true);
    for (const c of discordBodies) {
      expect(wellFormedEverywhere(c.body)).toBe(true);
      const request: DiscordRequest | undefined = /^\/channels\/\d+\/messages$/.test(c.route)
        ? 'POST /channels/{channel_id}/messages'
        : /^\/channels\/\d+\/messages\/\d+$/.test(c.route)
          ? 'PATCH /channels/{channel_id}/messages/{message_id}'
          : /messages\/@original$/.test(c.route)
            ? 'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original'
            : c.route === '/users/@me/channels'
              ? 'POST /users/@me/channels'
              : /^\/webhooks\/\d+\/[^/]+$/.test(c.route)
                ? 'POST /webhooks/{webhook_id}/{webhook_token}'
                : undefined;
      if (request) expect(discordSchemaProblems(request, c.body), `${c.method} ${c.route}`).toEqual([]);
      expect(embedTotal(c.body.embeds)).toBeLessThanOrEqual(6000);
    }

    // No duplicate channel post: each keyed Slack post once per channel, each Discord nonce once.
    // The stand-ins lost the response to the first of each, so every one of them was retried.
    const roundPosts = slackApi.channels.get(SLACK_ROUND_CHANNEL) ?? [];
    const keys = roundPosts.map((m) => m.metadata?.event_payload.key).filter(Boolean);
    expect(keys.length).toBeGreaterThanOrEqual(1); // at least one new leader
    expect(new Set(keys).size).toBe(keys.length);
    const discordPosts = discordApi.channels.get(ROUND_CHANNEL) ?? [];
    const nonces = discordPosts.map((m) => m.nonce).filter(Boolean);
    expect(nonces.length).toBeGreaterThanOrEqual(1);
    expect(new Set(nonces).size).toBe(nonces.length);
    // The results chart went up on both platforms, its Discord attachment named by a snowflake string.
    expect(slackApi.calls.some((c) => c.method === 'files.completeUploadExternal')).toBe(true);
    const withChart = discordApi.calls.find((c) => c.files.length && c.body?.attachments);
    expect(withChart?.body.attachments[0].id).toBe('0');
    expect(output).not.toMatch(/URIError|lone surrogate|invalid_form_data/);
  }, 240_000);
});
