import { LeagueError, TransientError } from '../../core/errors';
import type { Attachment, Message } from '../../core/messages/message';
import type { MessageRef, UserId } from '../../core/model';
import type { Chat, ClaimStore, Logger, SendOptions } from '../../core/ports';
import { platformOf } from '../chat-router';
import { retryAfterMs, type SlackClient, slackError } from './client';
import { rawChannel, rawUser, slackChannelId } from './parse';
import { renderMessage } from './render';

export interface SlackChatOptions {
  client: SlackClient;
  /**
   * Durable claims for idempotency keys (the league's Store): with them a key is sent by one caller
   * only, across processes; without them, once per process.
   */
  claims?: Pick<ClaimStore, 'claimOnce'>;
  /** Where a failed attachment upload is reported (the message itself is out by then). */
  log?: Logger;
  /** Spacing of messages to one channel (Slack allows about one a second). */
  minIntervalMs?: number;
  /** Longest Retry-After we wait for in process; longer ones go back to the queue. */
  maxWaitMs?: number;
  /** Attempts after a 429 before giving up with a TransientError. */
  maxRetries?: number;
  /**
   * Pauses between looks in the history when another delivery claimed a key but its message is not
   * there yet (it is usually being posted at that moment); after the last look the message is sent.
   */
  lookAgainMs?: number[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Message metadata that marks a message sent under an idempotency key, so a retry can find it. */
const SENT_EVENT_TYPE = 'league_message';
/** How far back a retry looks for the message it may already have sent. */
const HISTORY_WINDOW = 50;

export interface SlackChat extends Chat {
  /** Opens (or reuses) the DM channel with a member; returns Slack's channel id. */
  dmChannel(userId: UserId): Promise<string>;
}

/**
 * The Chat port on Slack's Web API: posts and DMs with chat.postMessage (DMs through
 * conversations.open), progress edits with chat.update. Messages to one channel are spaced about a
 * second apart, and a 429's Retry-After is honoured before trying again.
 */
export function createSlackChat(options: SlackChatOptions): SlackChat {
  const { client } = options;
  const minInterval = options.minIntervalMs ?? 1_000;
  const maxWait = options.maxWaitMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const lookAgain = options.lookAgainMs ?? [1_000, 2_000];
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  /** Earliest time the next message may go to each channel. */
  const nextSlot = new Map<string, number>();
  const dmChannels = new Map<string, string>();

  async function pace(channel: string): Promise<void> {
    const t = now();
    if (nextSlot.size > 5_000) for (const [k, v] of nextSlot) if (v < t) nextSlot.delete(k);
    const at = Math.max(t, nextSlot.get(channel) ?? 0);
    nextSlot.set(channel, at + minInterval);
    if (at > t) await sleep(at - t);
  }

  async function call<T>(method: string, channel: string | undefined, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (channel) await pace(channel);
      try {
        return await fn();
      } catch (e) {
        const wait = retryAfterMs(e);
        if (wait === undefined) throw slackError(method, e);
        if (channel) nextSlot.set(channel, Math.max(nextSlot.get(channel) ?? 0, now() + wait));
        if (attempt >= maxRetries || wait > maxWait) throw slackError(method, e);
        if (!channel) await sleep(wait);
      }
    }
  }

  const sentByKey = new Map<string, MessageRef>();

  async function postTo(channelId: string, message: Message, key?: string): Promise<MessageRef> {
    const rendered = renderMessage(message);
    const res = await call('chat.postMessage', channelId, () =>
      client.chat.postMessage({
        channel: channelId,
        text: rendered.text,
        blocks: rendered.blocks,
        unfurl_links: false,
        ...(key ? { metadata: { event_type: SENT_EVENT_TYPE, event_payload: { key } } } : {}),
      }),
    );
    if (!res.ts) throw new LeagueError('UPSTREAM_UNAVAILABLE', 'Slack did not return the posted message.');
    await upload(res.channel ?? channelId, message.attachments);
    return { platform: 'slack', channel: slackChannelId(res.channel ?? channelId), ts: res.ts };
  }

  /**
   * Slack takes files apart from messages: each attachment goes up right after its message. A failed
   * upload (e.g. a workspace that has not granted files:write) leaves the message as it is.
   */
  async function upload(channelId: string, attachments: Attachment[] = []): Promise<void> {
    for (const a of attachments) {
      try {
        // Not paced with the channel's messages: uploads have their own rate limit.
        await call('files.uploadV2', undefined, () =>
          client.files.uploadV2({
            channel_id: channelId,
            file: Buffer.from(a.bytes),
            filename: a.name,
            alt_text: a.alt,
          }),
        );
      } catch (e) {
        options.log?.warn('slack attachment not uploaded', {
          channel: channelId,
          file: a.name,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
  }

  /** The message an earlier attempt sent under `key`, from the channel's recent history. */
  async function findSent(channelId: string, key: string): Promise<MessageRef | undefined> {
    try {
      const history = await call('conversations.history', undefined, () =>
        client.conversations.history({ channel: channelId, limit: HISTORY_WINDOW, include_all_metadata: true }),
      );
      const found = history.messages?.find(
        (m) =>
          m.metadata?.event_type === SENT_EVENT_TYPE &&
          (m.metadata.event_payload as Record<string, unknown> | undefined)?.key === key,
      );
      return found?.ts ? { platform: 'slack', channel: slackChannelId(channelId), ts: found.ts } : undefined;
    } catch {
      return undefined; // history not readable here: treated as not sent
    }
  }

  /**
   * The message another delivery of `key` sent. Two deliveries can race (two jobs announcing the same
   * new leader): the one that lost the claim looks again a few times before concluding that the
   * claimant never got as far as posting.
   */
  async function findClaimed(channelId: string, key: string): Promise<MessageRef | undefined> {
    for (const pause of [0, ...lookAgain]) {
      if (pause) await sleep(pause);
      const found = await findSent(channelId, key);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Sends once per idempotency key: the first claimant posts (with the key in the message metadata);
   * a later attempt returns the message it finds, or sends if the first attempt never got that far.
   */
  async function send(channelId: string, message: Message, sendOptions?: SendOptions): Promise<MessageRef> {
    const key = sendOptions?.idempotencyKey;
    if (!key) return postTo(channelId, message);
    const known = sentByKey.get(key);
    if (known) return known;
    const first = options.claims ? await options.claims.claimOnce(`slack-send#${key}`) : true;
    const ref = (!first && (await findClaimed(channelId, key))) || (await postTo(channelId, message, key));
    if (sentByKey.size >= 10_000) sentByKey.delete(sentByKey.keys().next().value!);
    sentByKey.set(key, ref);
    return ref;
  }

  async function dmChannel(userId: UserId): Promise<string> {
    const cached = dmChannels.get(userId);
    if (cached) return cached;
    const res = await call('conversations.open', undefined, () =>
      client.conversations.open({ users: rawUser(userId) }),
    );
    const id = res.channel?.id;
    if (!id) throw new TransientError('Slack did not open a DM channel.');
    dmChannels.set(userId, id);
    return id;
  }

  return {
    dmChannel,
    post: (channel, message, o) => send(rawChannel(channel), message, o),
    async dm(userId, message, o) {
      return send(await dmChannel(userId), message, o);
    },
    async update(ref, message) {
      const channel = rawChannel(ref.channel);
      const rendered = renderMessage(message);
      await call('chat.update', channel, () =>
        client.chat.update({ channel, ts: ref.ts, text: rendered.text, blocks: rendered.blocks }),
      );
    },
  };
}

/** Sends Slack posts, DMs and edits through `slack`, everything else through `base` (a router). */
export function withSlackChat(base: Chat, slack: Chat): Chat {
  return {
    post: (channel, m, o) => (platformOf(channel) === 'slack' ? slack : base).post(channel, m, o),
    dm: (userId, m, o) => (platformOf(userId) === 'slack' ? slack : base).dm(userId, m, o),
    update: (ref, m) => (ref.platform === 'slack' ? slack : base).update(ref, m),
  };
}
