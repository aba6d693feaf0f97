import { describe, expect, it } from 'vitest';
import { PlaygroundChat } from '../../src/adapters/local/playground-chat';
import { createSlackChat, withSlackChat } from '../../src/adapters/slack/chat';
import { createSlackWebClient } from '../../src/adapters/slack/client';
import { TransientError } from '../../src/core/errors';
import { message } from '../../src/core/messages/message';
import { fakeSlackClient } from './support';

/** A clock that only moves when someone sleeps. */
function fakeTime() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const rateLimited = (retryAfter: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter });

describe('SlackChat (the Chat port on the Web API)', () => {
  it('posts rendered Block Kit with fallback text and returns a qualified ref', async () => {
    const slack = fakeSlackClient();
    const chat = createSlackChat({ client: slack.client, ...fakeTime() });
    const ref = await chat.post('slack:C0ROUND', {
      text: 'Leader: <@slack:T1:U9>',
      blocks: [{ type: 'heading', text: 'Leaderboard' }],
    });
    expect(slack.of('chat.postMessage')).toEqual([
      {
        channel: 'C0ROUND',
        text: 'Leader: <@U9>',
        unfurl_links: false,
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Leaderboard', emoji: true } }],
      },
    ]);
    expect(ref).toEqual({ platform: 'slack', channel: 'slack:C0ROUND', ts: expect.any(String) });
  });

  it('DMs through conversations.open, once per member', async () => {
    const slack = fakeSlackClient();
    const chat = createSlackChat({ client: slack.client, ...fakeTime() });
    const first = await chat.dm('slack:T1:U42', message('Your submission is scored'));
    await chat.dm('slack:T1:U42', message('again'));
    expect(slack.of('conversations.open')).toEqual([{ users: 'U42' }]);
    expect(slack.of('chat.postMessage').map((a) => a.channel)).toEqual(['D-U42', 'D-U42']);
    expect(first.channel).toBe('slack:D-U42');
  });

  it('edits a progress message in place with chat.update', async () => {
    const slack = fakeSlackClient();
    const chat = createSlackChat({ client: slack.client, ...fakeTime() });
    await chat.update({ platform: 'slack', channel: 'slack:D1', ts: '1717.000001' }, message('Training…'));
    expect(slack.of('chat.update')).toEqual([
      {
        channel: 'D1',
        ts: '1717.000001',
        text: 'Training…',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Training…' } }],
      },
    ]);
    expect(slack.of('chat.postMessage')).toEqual([]);
  });

  it('spaces messages to one channel about a second apart, other channels unaffected', async () => {
    const slack = fakeSlackClient();
    const time = fakeTime();
    const chat = createSlackChat({ client: slack.client, ...time });
    await chat.post('slack:C1', message('a'));
    await chat.post('slack:C2', message('b'));
    expect(time.sleeps).toEqual([]);
    await chat.post('slack:C1', message('c'));
    expect(time.sleeps).toEqual([1000]);
    time.advance(5_000);
    await chat.post('slack:C1', message('d'));
    expect(time.sleeps).toEqual([1000]);
  });

  it('waits for Retry-After on a 429 and tries again', async () => {
    const slack = fakeSlackClient();
    const time = fakeTime();
    let failures = 1;
    slack.respond('chat.postMessage', (a) => {
      if (failures-- > 0) throw rateLimited(3);
      return { ok: true, channel: a.channel, ts: '1.2' };
    });
    const chat = createSlackChat({ client: slack.client, ...time });
    const ref = await chat.post('slack:C1', message('hello'));
    expect(ref.ts).toBe('1.2');
    expect(time.sleeps).toEqual([3000]);
    expect(slack.of('chat.postMessage')).toHaveLength(2);
  });

  it('hands a long Retry-After back to the queue as a TransientError', async () => {
    const slack = fakeSlackClient();
    slack.respond('chat.postMessage', () => {
      throw rateLimited(120);
    });
    const chat = createSlackChat({ client: slack.client, ...fakeTime(), maxWaitMs: 10_000 });
    const error = await chat.post('slack:C1', message('hello')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBe(120_000);
    expect(slack.of('chat.postMessage')).toHaveLength(1);
  });

  it('honours a real 429 Retry-After header through the WebClient', async () => {
    const requests: { url: string; body: string }[] = [];
    let answered = 0;
    const fetch = async (url: string | URL, init?: { body?: unknown }) => {
      requests.push({ url: String(url), body: String(init?.body) });
      if (answered++ === 0) return new Response('', { status: 429, headers: { 'retry-after': '2' } });
      return new Response(JSON.stringify({ ok: true, channel: 'C1', ts: '99.1' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const time = fakeTime();
    const chat = createSlackChat({
      client: createSlackWebClient('xoxb-test', { fetch: fetch as never, retries: 0 }),
      ...time,
    });
    const ref = await chat.post('slack:C1', message('hi'));
    expect(ref.ts).toBe('99.1');
    expect(time.sleeps).toEqual([2000]);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.url).toBe('https://slack.com/api/chat.postMessage');
  });

  it('reports a refusal (channel_not_found) without retrying', async () => {
    const slack = fakeSlackClient();
    slack.respond('chat.postMessage', () => {
      throw Object.assign(new Error('An API error occurred: channel_not_found'), {
        code: 'slack_webapi_platform_error',
        data: { ok: false, error: 'channel_not_found' },
      });
    });
    const chat = createSlackChat({ client: slack.client, ...fakeTime() });
    await expect(chat.post('slack:C404', message('x'))).rejects.toThrow(
      'Slack refused chat.postMessage: channel_not_found',
    );
    expect(slack.of('chat.postMessage')).toHaveLength(1);
  });

  it('shares a router with other platforms: Slack ids go to Slack, the rest elsewhere', async () => {
    const slack = fakeSlackClient();
    const local = new PlaygroundChat();
    const chat = withSlackChat(local, createSlackChat({ client: slack.client, ...fakeTime() }));
    await chat.post('local:league', message('to the playground'));
    const ref = await chat.dm('slack:T1:U5', message('to Slack'));
    await chat.update(ref, message('edited'));
    expect(local.all().map((e) => e.message.text)).toEqual(['to the playground']);
    expect(slack.of('chat.postMessage')).toHaveLength(1);
    expect(slack.of('chat.update')).toHaveLength(1);
  });

  describe('idempotency keys', () => {
    const sharedClaims = () => {
      const claimed = new Set<string>();
      return { claimOnce: async (key: string) => claimed.size < claimed.add(key).size };
    };

    it('sends once per key and returns the first ref', async () => {
      const slack = fakeSlackClient();
      const chat = createSlackChat({ client: slack.client, claims: sharedClaims(), ...fakeTime() });
      const first = await chat.dm('slack:T1:U1', message('Scored'), { idempotencyKey: 'result#s1#SCORED' });
      const again = await chat.dm('slack:T1:U1', message('Scored'), { idempotencyKey: 'result#s1#SCORED' });
      expect(again).toEqual(first);
      expect(slack.of('chat.postMessage')).toEqual([
        expect.objectContaining({
          channel: 'D-U1',
          metadata: { event_type: 'league_message', event_payload: { key: 'result#s1#SCORED' } },
        }),
      ]);
    });

    it('finds the message an earlier process sent instead of sending it again', async () => {
      const slack = fakeSlackClient();
      const claims = sharedClaims();
      const before = createSlackChat({ client: slack.client, claims, ...fakeTime() });
      const sent = await before.post('slack:C1', message('New leader'), { idempotencyKey: 'leader#r1#u1' });
      const posted = slack.of('chat.postMessage')[0]!;
      slack.respond('conversations.history', () => ({
        ok: true,
        messages: [
          { type: 'message', ts: '5.5', text: 'other' },
          { type: 'message', ts: sent.ts, text: 'New leader', metadata: posted.metadata },
        ],
      }));
      const after = createSlackChat({ client: slack.client, claims, ...fakeTime() });
      expect(await after.post('slack:C1', message('New leader'), { idempotencyKey: 'leader#r1#u1' })).toEqual(sent);
      expect(slack.of('chat.postMessage')).toHaveLength(1);
      expect(slack.of('conversations.history')).toEqual([{ channel: 'C1', limit: 50, include_all_metadata: true }]);
    });

    it('sends when the key was claimed but the message never went out', async () => {
      const slack = fakeSlackClient();
      const claims = sharedClaims();
      await claims.claimOnce('slack-send#progress#s9');
      const chat = createSlackChat({ client: slack.client, claims, ...fakeTime() });
      await chat.dm('slack:T1:U9', message('Received'), { idempotencyKey: 'progress#s9' });
      expect(slack.of('chat.postMessage')).toHaveLength(1);
    });

    it('sends every message that has no key', async () => {
      const slack = fakeSlackClient();
      const chat = createSlackChat({ client: slack.client, claims: sharedClaims(), ...fakeTime() });
      await chat.post('slack:C1', message('a'));
      await chat.post('slack:C1', message('a'));
      expect(slack.of('chat.postMessage')).toHaveLength(2);
      expect(slack.of('chat.postMessage')[0]).not.toHaveProperty('metadata');
    });
  });
});
