import { TransientError } from '../../core/errors';
import type { Message } from '../../core/messages/message';
import type { MessageRef } from '../../core/model';
import type { Chat, Logger, SendOptions } from '../../core/ports';
import { type ChatEntry, ChatLog } from './playground-chat-log';

export type { ChatEntry } from './playground-chat-log';

/**
 * The playground's chat platform (a stand-in for Slack/Discord in local mode): channels and DMs,
 * edits in place, and a change counter the web page long-polls on. Opened on a file, it keeps its
 * history there (each change written before it is reported done), so channels, DMs and the
 * idempotency keys of what was sent survive a restart.
 */
export class PlaygroundChat implements Chat {
  private readonly entries = new Map<string, ChatEntry>();
  private seq = 0;
  private version = 0;
  private waiters: (() => void)[] = [];
  private readonly sentByKey = new Map<string, MessageRef>();

  constructor(private readonly log?: ChatLog) {
    if (!log) return;
    const { entries, keys, version } = log.history;
    for (const [id, entry] of entries) this.entries.set(id, entry);
    for (const [key, id] of keys) {
      const entry = entries.get(id);
      if (entry) this.sentByKey.set(key, refOf(entry));
    }
    this.seq = Math.max(0, ...[...entries.keys()].map((id) => Number(id.slice(1)) || 0));
    this.version = version;
  }

  /** A playground chat whose history lives in `path` (created when missing). */
  static async open(path: string, log?: Logger): Promise<PlaygroundChat> {
    return new PlaygroundChat(await ChatLog.open(path, log));
  }

  async post(channel: string, message: Message, options?: SendOptions): Promise<MessageRef> {
    return this.add(channel, message, options?.idempotencyKey);
  }

  async dm(userId: string, message: Message, options?: SendOptions): Promise<MessageRef> {
    return this.add(`dm:${userId}`, message, options?.idempotencyKey);
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const entry = this.entries.get(ref.ts);
    if (!entry) return;
    const edited = { ...entry, message, editedAt: new Date().toISOString() };
    await this.write(() => this.log?.edited(edited));
    Object.assign(entry, edited);
    this.changed();
  }

  /** Messages of one conversation, oldest first. */
  conversation(id: string): ChatEntry[] {
    return [...this.entries.values()].filter((e) => e.conversation === id);
  }

  all(): ChatEntry[] {
    return [...this.entries.values()];
  }

  get changeCount(): number {
    return this.version;
  }

  /** Resolves on the next change after `since`, or after `timeoutMs`. */
  waitForChange(since: number, timeoutMs: number): Promise<void> {
    if (this.version !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Waits for the history's last writes and closes its file. */
  async close(): Promise<void> {
    await this.log?.close();
  }

  private async add(conversation: string, message: Message, key?: string): Promise<MessageRef> {
    const earlier = key && this.sentByKey.get(key);
    if (earlier) return earlier;
    const entry: ChatEntry = { id: `m${++this.seq}`, conversation, message, at: new Date().toISOString() };
    const ref = refOf(entry);
    this.entries.set(entry.id, entry);
    if (key) this.sentByKey.set(key, ref);
    try {
      await this.write(() => this.log?.added(entry, key));
    } catch (e) {
      // Not on disk, so not sent: a retry sends it again.
      this.entries.delete(entry.id);
      if (key) this.sentByKey.delete(key);
      throw e;
    }
    this.changed();
    return ref;
  }

  /** A history write; failing, it fails the send as an outage would, so the job is retried. */
  private async write(change: () => Promise<void> | undefined): Promise<void> {
    try {
      await change();
    } catch (e) {
      throw new TransientError(`The playground could not record the message: ${(e as Error).message}`);
    }
  }

  private changed() {
    this.version++;
    for (const w of this.waiters.splice(0)) w();
  }
}

const refOf = (entry: ChatEntry): MessageRef => ({ platform: 'local', channel: entry.conversation, ts: entry.id });
