import { type FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Block, Message } from '../../core/messages/message';
import type { Logger } from '../../core/ports';
import { writeFileAtomic } from './atomic-file';

export interface ChatEntry {
  id: string;
  /** `local:league` for a channel, `dm:<userId>` for a direct message. */
  conversation: string;
  message: Message;
  at: string;
  editedAt?: string;
}

/** A message as the log keeps it: attachments' bytes in base64. */
const StoredMessage = z.object({
  text: z.string(),
  blocks: z.array(z.looseObject({ type: z.string() })),
  attachments: z
    .array(z.object({ name: z.string(), mime: z.string(), alt: z.string(), base64: z.string() }))
    .optional(),
});
type StoredMessage = z.infer<typeof StoredMessage>;

const StoredEntry = z.object({
  id: z.string(),
  conversation: z.string(),
  message: StoredMessage,
  at: z.string(),
  editedAt: z.string().optional(),
});

/** One line of the log: a change of the chat, or (first, after a compaction) the change count so far. */
const LogRecord = z.discriminatedUnion('type', [
  z.object({ type: z.literal('version'), version: z.number().int().min(0) }),
  z.object({ type: z.literal('add'), entry: StoredEntry, key: z.string().optional() }),
  z.object({ type: z.literal('edit'), id: z.string(), message: StoredMessage, editedAt: z.string() }),
]);
type LogRecord = z.infer<typeof LogRecord>;

const store = (m: Message): StoredMessage => ({
  text: m.text,
  blocks: m.blocks,
  ...(m.attachments && {
    attachments: m.attachments.map(({ bytes, ...a }) => ({ ...a, base64: Buffer.from(bytes).toString('base64') })),
  }),
});

const load = (m: StoredMessage): Message => ({
  text: m.text,
  // Written by `store` from a Message: the blocks are the ones it had.
  blocks: m.blocks as Block[],
  ...(m.attachments && {
    attachments: m.attachments.map(({ base64, ...a }) => ({
      ...a,
      bytes: new Uint8Array(Buffer.from(base64, 'base64')),
    })),
  }),
});

/** What the log held: the messages, the idempotency keys, how many changes were made. */
export interface ChatHistory {
  entries: Map<string, ChatEntry>;
  keys: Map<string, string>;
  version: number;
}

/**
 * The playground chat's history on disk: one JSON line per change (a message added, a message edited),
 * appended and synced before the change is reported done. Opening replays it and rewrites it compacted
 * (one line per message), atomically; lines it cannot read are reported and kept in a copy.
 */
export class ChatLog {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: FileHandle,
    readonly history: ChatHistory,
  ) {}

  static async open(path: string, log?: Logger): Promise<ChatLog> {
    await mkdir(dirname(path), { recursive: true });
    const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    const { history, unreadable } = replay(text);
    if (unreadable) {
      const copy = `${path}.unreadable-${Date.now()}`;
      await rename(path, copy);
      log?.error('playground chat history had unreadable lines; kept a copy', { lines: unreadable, copy });
    }
    await writeFileAtomic(path, compacted(history));
    return new ChatLog(await open(path, 'a'), history);
  }

  added(entry: ChatEntry, key?: string): Promise<void> {
    return this.append({ type: 'add', entry: { ...entry, message: store(entry.message) }, ...(key && { key }) });
  }

  edited(entry: ChatEntry): Promise<void> {
    return this.append({ type: 'edit', id: entry.id, message: store(entry.message), editedAt: entry.editedAt! });
  }

  async close(): Promise<void> {
    await this.writing;
    await this.file.close();
  }

  private append(record: LogRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const done = this.writing.then(async () => {
      await this.file.appendFile(line);
      await this.file.datasync();
    });
    this.writing = done.catch(() => undefined);
    return done;
  }
}

function replay(text: string): { history: ChatHistory; unreadable: number } {
  const history: ChatHistory = { entries: new Map(), keys: new Map(), version: 0 };
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: LogRecord;
    try {
      record = LogRecord.parse(JSON.parse(line));
    } catch {
      unreadable++;
      continue;
    }
    if (record.type === 'version') {
      history.version = record.version;
      continue;
    }
    history.version++;
    if (record.type === 'add') {
      history.entries.set(record.entry.id, { ...record.entry, message: load(record.entry.message) });
      if (record.key) history.keys.set(record.key, record.entry.id);
    } else {
      const entry = history.entries.get(record.id);
      if (entry) Object.assign(entry, { message: load(record.message), editedAt: record.editedAt });
    }
  }
  return { history, unreadable };
}

function compacted(history: ChatHistory): string {
  const keyOf = new Map([...history.keys].map(([key, id]) => [id, key]));
  // Compacting is no change: replaying the compacted log counts one change per message, from here.
  const records: LogRecord[] = [{ type: 'version', version: history.version - history.entries.size }];
  for (const e of history.entries.values()) {
    const key = keyOf.get(e.id);
    records.push({ type: 'add', entry: { ...e, message: store(e.message) }, ...(key && { key }) });
  }
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}
