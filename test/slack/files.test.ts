import { describe, expect, it } from 'vitest';
import {
  createSlackAttachmentReader,
  createSlackUploadFetcher,
  describeFile,
  describeSharedFile,
  isSlackFileUrl,
} from '../../src/adapters/slack/files';
import { UserError } from '../../src/core/errors';
import { fakeSlackClient, fixture } from './support';

interface Seen {
  url: string;
  authorization: string | null;
}

function fakeFetch(respond: (url: string) => Response) {
  const seen: Seen[] = [];
  const impl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    seen.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    return respond(url);
  }) as typeof fetch;
  return { impl, seen };
}

const collect = async (it: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts).toString('utf8');
};

const URL_PRIVATE = 'https://files.slack.com/files-pri/T0001-F1/download/data.jsonl';

describe('Slack file downloads', () => {
  it('sends the bot token to Slack file hosts and nowhere else', async () => {
    const f = fakeFetch(
      () =>
        new Response('{"instruction":"a","response":"b"}\n', {
          headers: { 'content-type': 'application/octet-stream' },
        }),
    );
    const fetcher = createSlackUploadFetcher({ botToken: 'xoxb-secret', fetchImpl: f.impl });
    expect(await collect(fetcher.fetch(URL_PRIVATE, { maxBytes: 1000 }))).toContain('instruction');
    await collect(fetcher.fetch('https://cdn.discordapp.com/attachments/1/2/data.jsonl', { maxBytes: 1000 }));
    await collect(fetcher.fetch('https://files.slack.com.evil.example/x', { maxBytes: 1000 }));
    expect(f.seen.map((s) => s.authorization)).toEqual(['Bearer xoxb-secret', null, null]);
  });

  it('recognises only https Slack hosts', () => {
    expect(isSlackFileUrl(URL_PRIVATE)).toBe(true);
    expect(isSlackFileUrl('http://files.slack.com/x')).toBe(false);
    expect(isSlackFileUrl('https://slack.com.evil.example/x')).toBe(false);
    expect(isSlackFileUrl('not a url')).toBe(false);
  });

  it('refuses the HTML login page Slack serves when a scope is missing', async () => {
    const f = fakeFetch(
      () =>
        new Response('<!DOCTYPE html><html>Sign in</html>', {
          headers: { 'content-type': 'text/html; charset=utf-8' },
        }),
    );
    const fetcher = createSlackUploadFetcher({ botToken: 'xoxb-secret', fetchImpl: f.impl });
    await expect(collect(fetcher.fetch(URL_PRIVATE, { maxBytes: 1000 }))).rejects.toThrow(/login page/);
  });

  it('refuses an attachment Slack says is too big before downloading it', async () => {
    const f = fakeFetch(() => new Response('x'));
    const read = createSlackAttachmentReader(createSlackUploadFetcher({ botToken: 't', fetchImpl: f.impl }));
    await expect(read({ name: 'q.jsonl', size: 9_000_000, url: URL_PRIVATE }, 5_000_000)).rejects.toThrow(UserError);
    expect(f.seen).toEqual([]);
    await expect(read({ name: 'q.jsonl', size: 10, url: URL_PRIVATE }, 5_000_000)).resolves.toBe('x');
  });

  it('asks files.info when an event carries only the file id', async () => {
    const slack = fakeSlackClient();
    const full = await describeFile(slack.client, {
      id: 'F0FILE0002',
      file_access: 'check_file_info',
      mode: 'file_access',
    });
    expect(slack.of('files.info')).toEqual([{ file: 'F0FILE0002' }]);
    expect(full).toMatchObject({ name: 'dataset.jsonl', size: 4096 });
    slack.reset();
    const complete = { id: 'F1', name: 'a.jsonl', size: 10, url_private: URL_PRIVATE };
    expect(await describeFile(slack.client, complete)).toBe(complete);
    expect(slack.calls).toEqual([]);
  });

  it('finds the text a DM file was shared with', async () => {
    const slack = fakeSlackClient();
    slack.respond('conversations.history', () => ({
      ok: true,
      messages: [{ type: 'message', text: ' epochs=4 ', ts: '1717000100.000200' }],
    }));
    const { file, text } = await describeSharedFile(slack.client, 'F0FILE0002', 'D0DM000001');
    expect(text).toBe('epochs=4');
    expect(file.id).toBe('F0FILE0002');
    expect(slack.of('conversations.history')).toEqual([
      { channel: 'D0DM000001', latest: '1717000100.000200', inclusive: true, limit: 1 },
    ]);
    const info = fixture<{ file: { shares: unknown } }>('files-info');
    info.file.shares = {};
    slack.respond('files.info', () => info);
    expect((await describeSharedFile(slack.client, 'F0FILE0002', 'D0DM000001')).text).toBe('');
  });
});
