import { LeagueError, TransientError } from '../../core/errors';
import type { Message } from '../../core/messages/message';
import type { MessageRef, UserId } from '../../core/model';
import type { Chat } from '../../core/ports';
import { retryAfterMs, slackError, type SlackClient } from './client';
import { rawChannel, rawUser, slackChannelId } from './parse';
import { renderMessage } from './render';

export interface SlackChatOptions {
  client: SlackClient;
  /** Spacing of messages to one channel (Slack allows about one a second). */
  minIntervalMs?: number;
  /** Longest Retry-After we wait for in process; longer ones go back to the queue. */
  maxWaitMs?: number;
  /** Attempts after a 429 before giving up with a TransientError. */
  maxRetries?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

  async function postTo(channelId: string, message: Message): Promise<MessageRef> {
    const rendered = renderMessage(message);
    const res = await call('chat.postMessage', channelId, () =>
      client.chat.postMessage({ channel: channelId, text: rendered.text, blocks: rendered.blocks, unfurl_links: false }),
    );
    if (!res.ts) throw new LeagueError('UPSTREAM_UNAVAILABLE', 'Slack did not return the posted message.');
    return { platform: 'slack', channel: slackChannelId(res.channel ?? channelId), ts: res.ts };
  }

  async function dmChannel(userId: UserId): Promise<string> {
    const cached = dmChannels.get(userId);
    if (cached) return cached;
    const res = await call('conversations.open', undefined, () => client.conversations.open({ users: rawUser(userId) }));
    const id = res.channel?.id;
    if (!id) throw new TransientError('Slack did not open a DM channel.');
    dmChannels.set(userId, id);
    return id;
  }

  return {
    dmChannel,
    post: (channel, message) => postTo(rawChannel(channel), message),
    async dm(userId, message) {
      return postTo(await dmChannel(userId), message);
    },
    async update(ref, message) {
      const channel = rawChannel(ref.channel);
      const rendered = renderMessage(message);
      await call('chat.update', channel, () => client.chat.update({ channel, ts: ref.ts, text: rendered.text, blocks: rendered.blocks }));
    },
  };
}
