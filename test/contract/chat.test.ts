import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createDiscordChat } from '../../src/adapters/discord/chat';
import type { DiscordRest } from '../../src/adapters/discord/rest';
import { PlaygroundChat } from '../../src/adapters/local/playground-chat';
import { createSlackChat } from '../../src/adapters/slack/chat';
import type { SlackClient } from '../../src/adapters/slack/client';
import { chatContract } from './chat.contract';

const historyDirs: string[] = [];
afterAll(() => {
  for (const dir of historyDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The playground's channel and member, and what it shows there. */
const playgroundPlaces = (chat: PlaygroundChat) => ({
  channel: 'local:league',
  member: 'local:demo:alice',
  shown: async (where: 'channel' | 'dm') =>
    chat
      .conversation(where === 'channel' ? 'local:league' : 'dm:local:demo:alice')
      .map((e) => JSON.stringify(e.message)),
});

/** Claims that outlive a Chat, as the league's store keeps them. */
function durableClaims() {
  const claimed = new Set<string>();
  return {
    claimOnce: async (key: string) => {
      if (claimed.has(key)) return false;
      claimed.add(key);
      return true;
    },
  };
}

type Stored = Record<string, unknown>;

/**
 * Slack's Web API as a recording stand-in that keeps the workspace's messages. Shapes from the Web
 * API reference: chat.postMessage answers { ok, channel, ts, message }; chat.update edits by channel
 * and ts (message_not_found otherwise); conversations.open gives the DM channel; conversations.history
 * lists newest first, with message metadata only under include_all_metadata.
 */
function slackWorkspace() {
  const channels = new Map<string, Stored[]>();
  let seq = 0;
  const platformError = (error: string) =>
    Object.assign(new Error(`An API error occurred: ${error}`), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error },
    });
  const client = {
    chat: {
      postMessage: async (a: Stored) => {
        const channel = String(a.channel);
        const message = { type: 'message', ts: `1717000000.${String(++seq).padStart(6, '0')}`, ...a };
        channels.set(channel, [...(channels.get(channel) ?? []), message]);
        return { ok: true, channel, ts: message.ts, message };
      },
      update: async (a: Stored) => {
        const found = channels.get(String(a.channel))?.find((m) => m.ts === a.ts);
        if (!found) throw platformError('message_not_found');
        Object.assign(found, { text: a.text, blocks: a.blocks, edited: { ts: String(++seq) } });
        return { ok: true, channel: a.channel, ts: a.ts };
      },
    },
    conversations: {
      open: async (a: Stored) => ({ ok: true, channel: { id: `D${String(a.users)}` } }),
      history: async (a: Stored) => ({
        ok: true,
        messages: [...(channels.get(String(a.channel)) ?? [])]
          .reverse()
          .slice(0, Number(a.limit ?? 100))
          .map(({ metadata, ...m }) => (a.include_all_metadata ? { ...m, metadata } : m)),
      }),
    },
    files: { uploadV2: async () => ({ ok: true, files: [] }) },
  } as unknown as SlackClient;
  const visible = (m: Stored) => JSON.stringify({ text: m.text, blocks: m.blocks });
  return { client, shownIn: (channel: string) => (channels.get(channel) ?? []).map(visible) };
}

const noWait = { now: () => 0, sleep: async () => undefined };

chatContract(
  'Slack (Web API through a recording stand-in)',
  async () => {
    const slack = slackWorkspace();
    const claims = durableClaims();
    const make = () => createSlackChat({ client: slack.client, claims, ...noWait });
    return {
      chat: make(),
      channel: 'slack:C0ROUND1',
      member: 'slack:T0001:U0MEMBER',
      shown: async (where) => slack.shownIn(where === 'channel' ? 'C0ROUND1' : 'DU0MEMBER'),
      restarted: make,
    };
  },
  { durable: true },
);

const APP = '100000000000000001';
const GUILD = '200000000000000002';
const CHANNEL = '300000000000000003';
const MEMBER = '400000000000000004';
const DM = '500000000000000005';

/**
 * Discord's REST API as a recording stand-in that keeps the channels' messages. Shapes from the
 * Discord API documentation (discord-api-spec): POST /users/@me/channels opens a DM; POST
 * /channels/{id}/messages creates (with enforce_nonce, a nonce seen lately returns the first message);
 * PATCH /channels/{id}/messages/{id} edits (10008 Unknown Message otherwise); GET lists newest first.
 */
function discordServer() {
  const channels = new Map<string, Stored[]>();
  let n = 0n;
  const unknownMessage = () => Object.assign(new Error('Unknown Message'), { status: 404, code: 10008 });
  const handle = async (method: string, route: string, body: Stored = {}): Promise<unknown> => {
    if (method === 'POST' && route === '/users/@me/channels') return { id: DM, type: 1 };
    const list = /^\/channels\/(\d+)\/messages$/.exec(route);
    if (list) {
      const messages = channels.get(list[1]!) ?? [];
      if (method === 'GET') return [...messages].reverse();
      const same = body.enforce_nonce && messages.find((m) => m.nonce === body.nonce);
      if (same) return same;
      const message = {
        id: String(1_100_000_000_000_000_000n + ++n),
        channel_id: list[1],
        author: { id: APP, bot: true },
        content: '',
        embeds: [],
        ...body,
      };
      channels.set(list[1]!, [...messages, message]);
      return message;
    }
    const one = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(route);
    if (one && method === 'PATCH') {
      const found = channels.get(one[1]!)?.find((m) => m.id === one[2]);
      if (!found) throw unknownMessage();
      Object.assign(found, body, { edited_timestamp: new Date().toISOString() });
      return found;
    }
    throw Object.assign(new Error('404: Not Found'), { status: 404, code: 0 });
  };
  const rest = {
    get: (route: string) => handle('GET', route),
    post: (route: string, o: { body?: Stored } = {}) => handle('POST', route, o.body),
    patch: (route: string, o: { body?: Stored } = {}) => handle('PATCH', route, o.body),
  } as unknown as DiscordRest;
  const visible = (m: Stored) => JSON.stringify({ content: m.content, embeds: m.embeds });
  return { rest, shownIn: (channel: string) => (channels.get(channel) ?? []).map(visible) };
}

chatContract(
  'Discord (REST API through a recording stand-in)',
  async () => {
    const discord = discordServer();
    const claims = durableClaims();
    const store = { ...claims, listSubmissionsByUser: async () => [], getRound: async () => undefined };
    const make = () => createDiscordChat({ rest: discord.rest, applicationId: APP, store });
    return {
      chat: make(),
      channel: `discord:${CHANNEL}`,
      member: `discord:${GUILD}:${MEMBER}`,
      shown: async (where) => discord.shownIn(where === 'channel' ? CHANNEL : DM),
      restarted: make,
    };
  },
  { durable: true },
);

// The playground keeps its messages in the process that serves it: there is no second process.
chatContract(
  'playground (stand-in, in memory)',
  async () => {
    const chat = new PlaygroundChat();
    return { chat, ...playgroundPlaces(chat) };
  },
  { durable: false },
);

chatContract(
  'playground (stand-in, its history in a file as `npm start` keeps it)',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'playground-chat-'));
    historyDirs.push(dir);
    const file = join(dir, 'chat.jsonl');
    const chat = await PlaygroundChat.open(file);
    return { chat, ...playgroundPlaces(chat), restarted: () => PlaygroundChat.open(file) };
  },
  { durable: true },
);
