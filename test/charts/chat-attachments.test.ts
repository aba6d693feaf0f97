import { describe, expect, it } from 'vitest';
import { createDiscordChat } from '../../src/adapters/discord/chat';
import { createSlackChat } from '../../src/adapters/slack/chat';
import type { Message } from '../../src/core/messages/message';
import { APP, fakeDiscordRest, ROUND_CHANNEL } from '../discord/support';
import { fakeSlackClient } from '../slack/support';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const results: Message = {
  text: 'Demo results: #1 alice',
  blocks: [{ type: 'heading', text: 'Results · Demo' }],
  attachments: [
    {
      name: 'leaderboard-demo.png',
      mime: 'image/png',
      bytes: png,
      alt: 'Win rate per member; the reference is at 50%.',
    },
  ],
};
const noWait = { now: () => 0, sleep: async () => {} };

describe('the results chart on the chat platforms', () => {
  it('Slack: posts the message, then uploads the PNG to the same channel', async () => {
    const slack = fakeSlackClient();
    const chat = createSlackChat({ client: slack.client, ...noWait });
    await chat.post('slack:C0ROUND', results);
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'files.uploadV2']);
    const [upload] = slack.of('files.uploadV2');
    expect(upload).toMatchObject({
      channel_id: 'C0ROUND',
      filename: 'leaderboard-demo.png',
      alt_text: results.attachments![0]!.alt,
    });
    expect([...(upload!.file as Buffer)]).toEqual([...png]);
  });

  it('Slack: a refused upload leaves the posted results in place and is logged', async () => {
    const slack = fakeSlackClient();
    slack.respond('files.uploadV2', () => {
      throw Object.assign(new Error('missing_scope'), {
        code: 'slack_webapi_platform_error',
        data: { error: 'missing_scope' },
      });
    });
    const warned: string[] = [];
    const chat = createSlackChat({
      client: slack.client,
      log: { info() {}, error() {}, warn: (m, d) => void warned.push(`${m} ${JSON.stringify(d)}`) },
      ...noWait,
    });
    const ref = await chat.post('slack:C0ROUND', results);
    expect(ref.ts).toBeTruthy();
    expect(warned).toEqual([expect.stringMatching(/slack attachment not uploaded.*missing_scope/)]);
  });

  it('Slack: a message without attachments uploads nothing', async () => {
    const slack = fakeSlackClient();
    await createSlackChat({ client: slack.client, ...noWait }).post('slack:C0ROUND', {
      ...results,
      attachments: undefined,
    });
    expect(slack.of('files.uploadV2')).toEqual([]);
  });

  it('Discord: sends the PNG in the same request as the message, described for screen readers', async () => {
    const rest = fakeDiscordRest();
    const chat = createDiscordChat({ rest: rest.rest, applicationId: APP });
    await chat.post(`discord:${ROUND_CHANNEL}`, results);
    const [post] = rest.to(new RegExp(`^/channels/${ROUND_CHANNEL}/messages$`), 'POST');
    expect(post!.files).toEqual([{ name: 'leaderboard-demo.png', contentType: 'image/png', data: Buffer.from(png) }]);
    expect(post!.body.attachments).toEqual([
      { id: '0', filename: 'leaderboard-demo.png', description: results.attachments![0]!.alt },
    ]);
    await chat.post(`discord:${ROUND_CHANNEL}`, { ...results, attachments: undefined });
    const plain = rest.to(new RegExp(`^/channels/${ROUND_CHANNEL}/messages$`), 'POST')[1]!;
    expect(plain.files).toBeUndefined();
    expect(plain.body.attachments).toBeUndefined();
  });
});
