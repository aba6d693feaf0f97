import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../core/ports';
import { writeFileAtomic } from './atomic-file';

/** A queued message as it is kept on disk: enough to deliver it again after a restart. */
const JournalEntry = z.object({
  messageId: z.uuid(),
  body: z.string(),
  sentAt: z.number(),
  /** When it may next be received: its send delay, or the end of its last receive's visibility. */
  visibleAt: z.number(),
  receiveCount: z.number().int().min(0),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

const SUFFIX = '.json';

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The local queue's messages on disk, one file per message under `dir` (written atomically: temp file
 * and rename), dead letters under `dir/dead`. Writes to one message run in order, so a late write
 * never brings back a message already removed.
 */
export class QueueJournal {
  private readonly deadDir: string;
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly log?: Logger,
  ) {
    this.deadDir = join(dir, 'dead');
  }

  /** Every message not yet acknowledged, and the dead letters; unreadable files are set aside, not lost. */
  async load(): Promise<{ messages: JournalEntry[]; dead: JournalEntry[] }> {
    await mkdir(this.deadDir, { recursive: true });
    return { messages: await this.readAll(this.dir), dead: await this.readAll(this.deadDir) };
  }

  /** Records the message as it is now (sent, received again, its visibility changed). */
  save(entry: JournalEntry): Promise<void> {
    const copy = { ...entry };
    return this.inOrder(entry.messageId, () => writeFileAtomic(this.pathOf(entry.messageId), JSON.stringify(copy)));
  }

  /** Forgets an acknowledged message. */
  remove(messageId: string): Promise<void> {
    return this.inOrder(messageId, () => rm(this.pathOf(messageId), { force: true }));
  }

  /** Moves a message to the dead letters. */
  bury(entry: JournalEntry): Promise<void> {
    const copy = { ...entry };
    return this.inOrder(entry.messageId, async () => {
      await writeFileAtomic(join(this.deadDir, entry.messageId + SUFFIX), JSON.stringify(copy));
      await rm(this.pathOf(entry.messageId), { force: true });
    });
  }

  /** Resolves once every write asked for so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.pending.values());
  }

  private pathOf(messageId: string) {
    return join(this.dir, messageId + SUFFIX);
  }

  private inOrder(messageId: string, write: () => Promise<void>): Promise<void> {
    const next = (this.pending.get(messageId) ?? Promise.resolve()).then(write);
    const settled = next.catch(() => undefined);
    this.pending.set(messageId, settled);
    void settled.then(() => {
      if (this.pending.get(messageId) === settled) this.pending.delete(messageId);
    });
    return next;
  }

  private async readAll(dir: string): Promise<JournalEntry[]> {
    const entries: JournalEntry[] = [];
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      // A temp file is a write the process did not finish: the message it would have replaced is intact.
      if (name.endsWith('.tmp')) {
        await rm(path, { force: true });
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      const parsed = JournalEntry.safeParse(await readJson(path));
      if (parsed.success && parsed.data.messageId + SUFFIX === name) {
        entries.push(parsed.data);
        continue;
      }
      const aside = `${path}.unreadable`;
      await rename(path, aside);
      this.log?.error('queued message unreadable; set aside', { file: aside });
    }
    return entries.sort((a, b) => a.sentAt - b.sentAt);
  }
}
