import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/adapters/slack/verify';
import { examplesDir } from '../../src/local/paths';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { type ServerProcess, spawnServer } from '../support/server-process';
import { fixture } from './support';

const SECRET = 'local-download-signing-secret';
const TOKEN = 'xoxb-local-download-token';

const until = async (what: string, check: () => boolean, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('a Slack DM upload to a spawned npm start', () => {
  let slack: FakeSlack;
  let server: ServerProcess;
  beforeAll(async () => {
    slack = await startFakeSlack(TOKEN);
    server = await spawnServer({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl });
  }, 60_000);
  afterAll(async () => {
    await server?.stop({ remove: true });
    await slack?.close();
  });

  it('is downloaded with the bot token and goes through validation (no login page)', async () => {
    const bytes = readFileSync(join(examplesDir(), 'datasets', 'strong.jsonl'));
    const url = slack.hostFile('strong.jsonl', bytes);
    // Slack's own event (test/fixtures/slack/event-message-file-share.json), with the file on the local host.
    const event = fixture<{ event: { files: Record<string, unknown>[]; text: string } } & Record<string, unknown>>(
      'event-message-file-share',
    );
    const [file] = event.event.files;
    Object.assign(file!, { name: 'strong.jsonl', size: bytes.byteLength, url_private: url, url_private_download: url });
    event.event.text = '';
    const body = JSON.stringify(event);
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${server.base}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(SECRET, ts, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    const result = /submission \w+ scored \d|login page|could not|rejected/i;
    await until('the result DM', () => slack.texts().some((t) => result.test(t)));
    expect(slack.downloads.length).toBeGreaterThan(0);
    for (const d of slack.downloads) expect(d.authorization).toBe(`Bearer ${TOKEN}`);
    expect(slack.texts().join('\n')).not.toMatch(/login page/);
    expect(slack.texts().some((t) => /Received strong\.jsonl as submission/.test(t))).toBe(true);
    expect(slack.texts().filter((t) => result.test(t))).toEqual([expect.stringMatching(/scored \d/)]);
  }, 90_000);
});
