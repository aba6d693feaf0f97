import { createHash } from 'node:crypto';
import { type APIMessage, Routes } from 'discord-api-types/v10';
import { LeagueError, TransientError, UserError } from '../../core/errors';
import { mention } from '../../core/messages/format';
import type { Attachment, Message } from '../../core/messages/message';
import { truncate } from '../../core/messages/truncate';
import type { MessageRef, UserId } from '../../core/model';
import type { Chat, Logger, SendOptions, Store } from '../../core/ports';
import { platformOf } from '../chat-router';
import { discordChannelId, rawDiscordChannel, rawDiscordUser, snowflakeTime } from './ids';
import { parseInteractionTs } from './interaction-ref';
import { type DiscordMessage, renderContent, renderMessage } from './render';
import {
  call,
  createInteractionWebhook,
  DISCORD_ERRORS,
  type DiscordRest,
  failureOf,
  INTERACTION_TOKEN_TTL_MS,
} from './rest';

export interface DiscordChatOptions {
  /** A REST client with the bot token set (webhook edits need no token). */
  rest: DiscordRest;
  applicationId: string;
  /**
   * The league's store: durable claims for idempotency keys across processes, and the round a member
   * last submitted to, whose channel takes the mention when the member's DMs are closed.
   */
  store?: Pick<Store, 'claimOnce' | 'listSubmissionsByUser' | 'getRound'>;
  /** Channel (`discord:<id>`) for the DMs-closed mention when no round channel is known. */
  fallbackChannel?: string;
  log?: Logger;
  now?: () => number;
}

export interface DiscordChat extends Chat {
  /** Opens (or reuses) the DM channel with a Discord user; returns its channel id. */
  dmChannel(rawUserId: string): Promise<string>;
}

/** How young an interaction must be for "unknown message" to mean its response is still on its way. */
const RESPONSE_RACE_MS = 30_000;
/** How long a member whose DMs are closed goes straight to the fallback (no repeated 403s). */
const CLOSED_DMS_TTL_MS = 60 * 60_000;
/** Discord's limit on an attachment's description (its alt text). */
const ALT_TEXT_CHARS = 1024;
/** How far back a retry looks for a message it may already have sent. */
const HISTORY_WINDOW = 50;

/** Discord remembers a nonce for a few minutes: a retry with the same one returns the first message. */
const nonceOf = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 25);

const refOf = (m: Pick<APIMessage, 'id' | 'channel_id'>): MessageRef => ({
  platform: 'discord',
  channel: discordChannelId(m.channel_id),
  ts: m.id,
});

/** The same first embed: how a retry recognises the message an earlier attempt sent. */
const sameEmbed =
  (body: DiscordMessage) =>
  (m: APIMessage): boolean =>
    m.embeds?.[0]?.title === body.embeds[0]?.title && m.embeds?.[0]?.description === body.embeds[0]?.description;

/**
 * The Chat port on Discord's REST API: channel posts, DMs through POST /users/@me/channels (a member
 * with closed DMs, error 50007, gets a mention in the round's channel instead), and edits. A message
 * that is an interaction response is edited through the interaction's webhook while its token lives;
 * after that the message moves to the member's DM, which later edits update in place.
 */
export function createDiscordChat(options: DiscordChatOptions): DiscordChat {
  const { rest, applicationId, store } = options;
  const now = options.now ?? Date.now;
  const webhook = createInteractionWebhook(rest);
  const dmChannels = new Map<string, string>();
  const closedDms = new Map<string, number>();
  const sentByKey = new Map<string, MessageRef>();
  const remember = (key: string, ref: MessageRef) => {
    if (sentByKey.size >= 10_000) sentByKey.delete(sentByKey.keys().next().value!);
    sentByKey.set(key, ref);
  };

  async function create(
    channelId: string,
    body: DiscordMessage,
    key?: string,
    attachments?: Attachment[],
  ): Promise<MessageRef> {
    const route = Routes.channelMessages(channelId);
    const withFiles = attachments?.length
      ? {
          ...body,
          // Attachment ids are snowflakes (strings); for a new upload, the index of its file in the request.
          attachments: attachments.map((a, i) => ({
            id: String(i),
            filename: a.name,
            description: truncate(a.alt, ALT_TEXT_CHARS),
          })),
        }
      : body;
    const payload = key ? { ...withFiles, nonce: nonceOf(key), enforce_nonce: true } : withFiles;
    const files = attachments?.length
      ? attachments.map((a) => ({ name: a.name, contentType: a.mime, data: Buffer.from(a.bytes) }))
      : undefined;
    return refOf((await call(`POST ${route}`, () => rest.post(route, { body: payload, files }))) as APIMessage);
  }

  /** The newest of our recent messages in a channel that `matches`. */
  async function findSent(channelId: string, matches: (m: APIMessage) => boolean): Promise<MessageRef | undefined> {
    try {
      const route = Routes.channelMessages(channelId);
      const recent = (await rest.get(route, {
        query: new URLSearchParams({ limit: String(HISTORY_WINDOW) }),
      })) as APIMessage[];
      const found = recent.find((m) => Boolean(m.author?.bot) && matches(m));
      return found ? refOf({ id: found.id, channel_id: channelId }) : undefined;
    } catch {
      return undefined; // history not readable: treated as not sent
    }
  }

  /** Sends once per idempotency key: a later attempt returns the first message (cache, history, or Discord's nonce check). */
  async function send(
    channelId: string,
    body: DiscordMessage,
    key?: string,
    attachments?: Attachment[],
  ): Promise<MessageRef> {
    if (!key) return create(channelId, body, undefined, attachments);
    const known = sentByKey.get(key);
    if (known) return known;
    const first = store ? await store.claimOnce(`discord-send#${key}`) : true;
    const ref =
      (!first && (await findSent(channelId, sameEmbed(body)))) || (await create(channelId, body, key, attachments));
    remember(key, ref);
    return ref;
  }

  async function dmChannel(rawUserId: string): Promise<string> {
    const cached = dmChannels.get(rawUserId);
    if (cached) return cached;
    const route = Routes.userChannels();
    const channel = (await call(`POST ${route}`, () => rest.post(route, { body: { recipient_id: rawUserId } }))) as {
      id: string;
    };
    dmChannels.set(rawUserId, channel.id);
    return channel.id;
  }

  /** The round channel of the member's latest submission on Discord, else the configured one. */
  async function fallbackChannelFor(userId: UserId): Promise<string | undefined> {
    const latest = (await store?.listSubmissionsByUser(userId))?.[0];
    const round = latest && (await store?.getRound(latest.roundId));
    if (round && platformOf(round.channel) === 'discord') return round.channel;
    return options.fallbackChannel;
  }

  /**
   * A DM that could not be delivered: the member is pinged in the round's channel with a pointer,
   * never the DM itself (results quote hidden questions; reasons and scores are theirs alone).
   */
  async function mentionInChannel(
    userId: UserId,
    rawUserId: string,
    _message: Message,
    key?: string,
  ): Promise<MessageRef> {
    const channel = await fallbackChannelFor(userId);
    if (!channel)
      throw new UserError(
        'FORBIDDEN',
        `${userId} does not accept direct messages, and no channel is known to mention them in.`,
      );
    const body: DiscordMessage = {
      content: renderContent(
        `${mention(userId)} the league has a message for you, but your DMs are closed. Allow direct messages from this server's members (server menu → Privacy Settings), then use \`/league status\` to see your submissions.`,
      ),
      embeds: [],
      components: [],
      allowed_mentions: { parse: [], users: [rawUserId] },
    };
    return send(rawDiscordChannel(channel), body, key && `${key}#mention`);
  }

  async function edit(channelId: string, messageId: string, body: DiscordMessage): Promise<void> {
    const route = Routes.channelMessage(channelId, messageId);
    await call(`PATCH ${route}`, () => rest.patch(route, { body }));
  }

  /** After the interaction token expired: the message continues in the member's DM, edited in place. */
  async function moveToDm(interactionId: string, rawUserId: string, body: DiscordMessage): Promise<void> {
    const key = `moved#${interactionId}`;
    const channelId = await dmChannel(rawUserId);
    const title = body.embeds[0]?.title;
    const known =
      sentByKey.get(key) ?? (title ? await findSent(channelId, (m) => m.embeds?.[0]?.title === title) : undefined);
    if (known) {
      remember(key, known);
      return edit(rawDiscordChannel(known.channel), known.ts, body);
    }
    if (store && !(await store.claimOnce(`discord-${key}`))) return; // another delivery is moving it: this edit is cosmetic
    remember(key, await create(channelId, body, key));
  }

  const tokenLive = (interactionId: string) => now() - snowflakeTime(interactionId) < INTERACTION_TOKEN_TTL_MS;
  const tokenGone = (e: unknown) => {
    const { status, code } = failureOf(e);
    return (
      status === 401 ||
      (status === 404 &&
        [DISCORD_ERRORS.unknownWebhook, DISCORD_ERRORS.unknownMessage, DISCORD_ERRORS.unknownInteraction].includes(
          code as never,
        )) ||
      code === DISCORD_ERRORS.invalidWebhookToken
    );
  };

  return {
    dmChannel,
    post: (channel, message, o?: SendOptions) =>
      send(rawDiscordChannel(channel), renderMessage(message), o?.idempotencyKey, message.attachments),

    async dm(userId, message, o) {
      const rawUserId = rawDiscordUser(userId);
      if (!rawUserId) throw new LeagueError('INVALID_INPUT', `${userId} is not a Discord member.`);
      const closedAt = closedDms.get(rawUserId);
      if (closedAt !== undefined && now() - closedAt < CLOSED_DMS_TTL_MS)
        return mentionInChannel(userId, rawUserId, message, o?.idempotencyKey);
      try {
        return await send(await dmChannel(rawUserId), renderMessage(message), o?.idempotencyKey, message.attachments);
      } catch (e) {
        const { code } = failureOf(e);
        if (code !== DISCORD_ERRORS.cannotMessageUser && code !== DISCORD_ERRORS.noMutualGuilds) throw e;
        closedDms.set(rawUserId, now());
        options.log?.info('discord DMs closed; mentioning in the round channel', { userId });
        return mentionInChannel(userId, rawUserId, message, o?.idempotencyKey);
      }
    },

    async update(ref, message) {
      const body = renderMessage(message);
      const interaction = parseInteractionTs(ref.ts);
      if (!interaction) return edit(rawDiscordChannel(ref.channel), ref.ts, body);
      if (ref.token && tokenLive(interaction.interactionId)) {
        try {
          return await webhook.editOriginal(applicationId, ref.token, body);
        } catch (e) {
          // A first edit can race the interaction's own response: "unknown message" from a young
          // interaction means not there yet, so the job retries rather than moving the message to a DM.
          if (
            failureOf(e).code === DISCORD_ERRORS.unknownMessage &&
            now() - snowflakeTime(interaction.interactionId) < RESPONSE_RACE_MS
          ) {
            throw new TransientError('Discord: the interaction response is not there yet', { retryAfterMs: 2_000 });
          }
          if (!tokenGone(e)) throw e;
        }
      }
      await moveToDm(interaction.interactionId, interaction.userId, body);
    },
  };
}

/** Sends Discord posts, DMs and edits through `discord`, everything else through `base` (a router). */
export function withDiscordChat(base: Chat, discord: Chat): Chat {
  return {
    post: (channel, m, o) => (platformOf(channel) === 'discord' ? discord : base).post(channel, m, o),
    dm: (userId, m, o) => (platformOf(userId) === 'discord' ? discord : base).dm(userId, m, o),
    update: (ref, m) => (ref.platform === 'discord' ? discord : base).update(ref, m),
  };
}
