import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { snowflakeAt } from '../../src/adapters/discord/ids';
import type { DiscordRest } from '../../src/adapters/discord/rest';

export const APP = '100000000000000001';
export const GUILD = '200000000000000002';
const CHANNEL = '300000000000000003';
export const ROUND_CHANNEL = '300000000000000033';
export const MEMBER = '400000000000000004';
export const OTHER = '400000000000000044';
export const ORGANIZER = '500000000000000005';
export const ORGANIZER_ROLE = '600000000000000006';

/** A generated Ed25519 key pair: the public key as the developer portal shows it, and a signer. */
export function discordKeys(): {
  publicKeyHex: string;
  privateKey: KeyObject;
  sign(body: string, timestamp: string): string;
} {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The last 32 bytes of the SPKI DER are the raw key.
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  return {
    publicKeyHex,
    privateKey,
    sign: (body, timestamp) => sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
  };
}

export interface RestCall {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  route: string;
  body?: any;
  files?: { name: string; contentType?: string; data: Buffer }[];
  auth?: boolean;
}

/**
 * Discord's REST API as a recording in-memory service for tests: DM channels open, messages get
 * snowflake ids and can be listed back; `fail` makes chosen calls throw a Discord error.
 */
export function fakeDiscordRest() {
  const calls: RestCall[] = [];
  const messages = new Map<string, any[]>();
  let n = 0;
  let fail: ((call: RestCall) => Error | undefined) | undefined;
  const dmChannelOf = (userId: string) => (BigInt(userId) + 7n).toString();

  const handle = async (call: RestCall): Promise<unknown> => {
    calls.push(call);
    const error = fail?.(call);
    if (error) throw error;
    if (call.method === 'POST' && call.route === '/users/@me/channels')
      return { id: dmChannelOf(call.body.recipient_id), type: 1 };
    const channelMessages = /^\/channels\/(\d+)\/messages$/.exec(call.route);
    if (channelMessages) {
      const list = messages.get(channelMessages[1]!) ?? [];
      if (call.method === 'GET') return [...list].reverse();
      const message = {
        ...call.body,
        id: snowflakeAt(Date.now(), ++n),
        channel_id: channelMessages[1],
        author: { id: APP, bot: true },
      };
      messages.set(channelMessages[1]!, [...list, message]);
      return message;
    }
    if (call.method === 'PUT') return call.body;
    return {};
  };
  const req =
    (method: RestCall['method']) =>
    (route: string, options: { body?: unknown; files?: RestCall['files']; auth?: boolean } = {}) =>
      handle({ method, route, body: options.body, files: options.files, auth: options.auth });

  const rest: DiscordRest = {
    get: req('GET'),
    post: req('POST'),
    patch: req('PATCH'),
    put: req('PUT'),
    delete: req('DELETE'),
  } as unknown as DiscordRest;
  return {
    rest,
    calls,
    messages,
    dmChannelOf,
    failWhen(f: typeof fail) {
      fail = f;
    },
    /** Calls to routes matching `pattern` (method optional). */
    to(pattern: RegExp, method?: RestCall['method']) {
      return calls.filter((c) => pattern.test(c.route) && (!method || c.method === method));
    },
  };
}
export type FakeDiscordRest = ReturnType<typeof fakeDiscordRest>;

export interface Option {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: Option[];
  focused?: boolean;
}
export const sub = (name: string, options: Option[] = []): Option => ({ name, type: 1, options });
export const group = (name: string, child: Option): Option => ({ name, type: 2, options: [child] });
export const str = (name: string, value: string, focused?: boolean): Option => ({
  name,
  type: 3,
  value,
  ...(focused ? { focused } : {}),
});
export const int = (name: string, value: number): Option => ({ name, type: 4, value });
export const num = (name: string, value: number): Option => ({ name, type: 10, value });
export const attachment = (name: string, id: string): Option => ({ name, type: 11, value: id });

let seq = 0;
const who = (userId: string, permissions = '0', roles: string[] = []) => ({
  user: { id: userId, username: `user${userId.slice(-2)}` },
  roles,
  permissions,
});

/** An APPLICATION_COMMAND (or, with `type: 4`, autocomplete) interaction for `/league …` in the guild. */
export function commandInteraction(
  userId: string,
  options: Option[],
  extra: {
    type?: 2 | 4;
    attachments?: Record<string, unknown>;
    permissions?: string;
    roles?: string[];
    channel?: string;
  } = {},
) {
  const id = snowflakeAt(Date.now(), ++seq);
  return {
    id,
    application_id: APP,
    type: extra.type ?? 2,
    token: `interaction-token-${seq}`,
    version: 1,
    guild_id: GUILD,
    channel_id: extra.channel ?? CHANNEL,
    channel: { id: extra.channel ?? CHANNEL, type: 0 },
    member: who(userId, extra.permissions, extra.roles),
    data: {
      id: '900000000000000009',
      name: 'league',
      type: 1,
      options,
      ...(extra.attachments ? { resolved: { attachments: extra.attachments } } : {}),
    },
  };
}

/** A button click on a message the bot sent. */
export function buttonInteraction(userId: string, customId: string, components: unknown[] = []) {
  const id = snowflakeAt(Date.now(), ++seq);
  return {
    id,
    application_id: APP,
    type: 3,
    token: `interaction-token-${seq}`,
    version: 1,
    guild_id: GUILD,
    channel_id: CHANNEL,
    channel: { id: CHANNEL, type: 0 },
    member: who(userId),
    data: { custom_id: customId, component_type: 2 },
    message: { id: snowflakeAt(Date.now(), ++seq), components },
  };
}

export const ping = () => ({
  id: snowflakeAt(Date.now(), ++seq),
  application_id: APP,
  type: 1,
  token: 'ping-token',
  version: 1,
});

/** An attachment as Discord resolves it, on its CDN. */
export const cdnAttachment = (id: string, filename: string, size: number) => ({
  id,
  filename,
  size,
  url: `https://cdn.discordapp.com/attachments/${CHANNEL}/${id}/${filename}?ex=1&is=2&hm=3`,
  proxy_url: 'https://media.discordapp.net/x',
  content_type: 'application/jsonl',
});
