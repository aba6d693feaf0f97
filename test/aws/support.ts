import type { BlobStore } from '../../src/core/ports';

/** A BlobStore over a Map, for adapters that read a blob or two. */
export function memoryBlobs(initial: Record<string, string> = {}): BlobStore & { objects: Map<string, string> } {
  const objects = new Map(Object.entries(initial));
  const text = (key: string) => {
    const v = objects.get(key);
    if (v === undefined) throw new Error(`no blob ${key}`);
    return v;
  };
  return {
    objects,
    async put(key, body) {
      if (typeof body === 'string') objects.set(key, body);
      else if (body instanceof Uint8Array) objects.set(key, Buffer.from(body).toString('utf8'));
      else {
        const parts: Buffer[] = [];
        for await (const c of body) parts.push(Buffer.from(c));
        objects.set(key, Buffer.concat(parts).toString('utf8'));
      }
    },
    get: (key) =>
      (async function* () {
        yield new TextEncoder().encode(text(key));
      })(),
    getText: async (key) => text(key),
    exists: async (key) => objects.has(key),
  };
}

export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
