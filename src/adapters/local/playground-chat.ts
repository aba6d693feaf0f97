import type { Message } from '../../core/messages/message';
import type { MessageRef } from '../../core/model';
import type { Chat, SendOptions } from '../../core/ports';

export interface ChatEntry {
  id: string;
  /** `local:league` for a channel, `dm:<userId>` for a direct message. */
  conversation: string;
  message: Message;
  at: string;
  editedAt?: string;
}

/**
 * The playground's chat platform (a stand-in for Slack/Discord in local mode): channels and DMs
 * kept in memory, edits in place, and a change counter the web page long-polls on.
 */
export class PlaygroundChat implements Chat {
  private readonly entries = new Map<string, ChatEntry>();
  private seq = 0;
  private version = 0;
  private waiters: (() => void)[] = [];

  private readonly sentByKey = new Map<string, MessageRef>();

  async post(channel: string, message: Message, options?: SendOptions): Promise<MessageRef> {
    return this.add(channel, message, options?.idempotencyKey);
  }

  async dm(userId: string, message: Message, options?: SendOptions): Promise<MessageRef> {
    return this.add(`dm:${userId}`, message, options?.idempotencyKey);
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const entry = this.entries.get(ref.ts);
    if (!entry) return;
    entry.message = message;
    entry.editedAt = new Date().toISOString();
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

  private add(conversation: string, message: Message, key?: string): MessageRef {
    const earlier = key && this.sentByKey.get(key);
    if (earlier) return earlier;
    const id = `m${++this.seq}`;
    this.entries.set(id, { id, conversation, message, at: new Date().toISOString() });
    const ref: MessageRef = { platform: 'local', channel: conversation, ts: id };
    if (key) this.sentByKey.set(key, ref);
    this.changed();
    return ref;
  }

  private changed() {
    this.version++;
    for (const w of this.waiters.splice(0)) w();
  }
}
