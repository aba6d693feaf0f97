import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LeagueError } from '../../core/errors';
import type { BlobStore } from '../../core/ports';

/** Stand-in for S3: objects as files under `root`, written atomically (temp file + rename). */
export function createFileBlobStore(root: string): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const p = resolve(join(base, key));
    if (!p.startsWith(base + sep)) throw new LeagueError('INVALID_INPUT', `Blob key escapes the store: ${key}`);
    return p;
  };
  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      const source =
        typeof body === 'string' || body instanceof Uint8Array ? Readable.from([body]) : Readable.from(body);
      try {
        await pipeline(source, createWriteStream(tmp));
        await rename(tmp, path);
      } catch (e) {
        // A refused or broken stream leaves nothing behind.
        await rm(tmp, { force: true });
        throw e;
      }
    },
    get(key) {
      const path = pathOf(key);
      return (async function* () {
        try {
          await access(path);
        } catch {
          throw new LeagueError('NOT_FOUND', `No blob ${key}`);
        }
        yield* createReadStream(path) as AsyncIterable<Uint8Array>;
      })();
    },
    async getText(key) {
      try {
        return await readFile(pathOf(key), 'utf8');
      } catch {
        throw new LeagueError('NOT_FOUND', `No blob ${key}`);
      }
    },
    async exists(key) {
      return access(pathOf(key)).then(
        () => true,
        () => false,
      );
    },
  };
}
