import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeagueError } from '../../src/core/errors';
import type { BlobStore } from '../../src/core/ports';

/** A blob store under test, on storage of its own. */
export interface BlobsUnderTest {
  blobs: BlobStore;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

const bytesOf = async (stream: AsyncIterable<Uint8Array>) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
};

/** Bytes that are not valid UTF-8 on their own and differ at every position. */
const binary = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + (i >> 8)) & 0xff));

async function* inChunks(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield new Uint8Array(data.subarray(i, i + size));
}

const notFound = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(LeagueError);
  expect((e as LeagueError).code).toBe('NOT_FOUND');
};

/** What every BlobStore promises (see the port): bytes back as they were put, absence as NOT_FOUND. */
export function blobStoreContract(name: string, build: () => Promise<BlobsUnderTest>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let under: BlobsUnderTest;
    let blobs: BlobStore;
    beforeEach(async () => {
      under = await build();
      blobs = under.blobs;
    });
    afterEach(async () => {
      await under.close();
    });

    it('gives back a text blob as it was put, as text and as UTF-8 bytes', async () => {
      const text = '{"instruction":"Qu’est-ce qu’un budget ?","response":"Un plan 📊"}\n';
      await blobs.put('submissions/s1/train.jsonl', text);
      expect(await blobs.exists('submissions/s1/train.jsonl')).toBe(true);
      expect(await blobs.getText('submissions/s1/train.jsonl')).toBe(text);
      expect(await bytesOf(blobs.get('submissions/s1/train.jsonl'))).toEqual(Buffer.from(text, 'utf8'));
    });

    it('gives back binary bytes unchanged', async () => {
      const data = binary(70_000);
      await blobs.put('models/s1/model.bin', new Uint8Array(data));
      expect(await bytesOf(blobs.get('models/s1/model.bin'))).toEqual(data);
    });

    it('takes a stream bigger than one upload part, and gives back the same bytes', async () => {
      const data = binary(11 * MiB + 123);
      await blobs.put('uploads/s2/big.jsonl', inChunks(data, 256 * 1024));
      const back = await bytesOf(blobs.get('uploads/s2/big.jsonl'));
      expect(back.length).toBe(data.length);
      expect(back.equals(data)).toBe(true);
    });

    it('decodes a character split across stream chunks', async () => {
      const text = 'é'.repeat(50_000);
      const data = Buffer.from(text, 'utf8');
      await blobs.put('reports/s3/split.txt', inChunks(data, 4097));
      expect(await blobs.getText('reports/s3/split.txt')).toBe(text);
    });

    it('replaces a blob put again under the same key', async () => {
      await blobs.put('reports/s4/validation.json', '{"valid":false,"errors":["a long first version"]}');
      await blobs.put('reports/s4/validation.json', '{"valid":true}');
      expect(await blobs.getText('reports/s4/validation.json')).toBe('{"valid":true}');
    });

    it('keeps blobs under different keys apart', async () => {
      await blobs.put('a/one.txt', 'one');
      await blobs.put('a/two.txt', 'two');
      expect([await blobs.getText('a/one.txt'), await blobs.getText('a/two.txt')]).toEqual(['one', 'two']);
    });

    it('reports a missing key as absent, and reading it as NOT_FOUND', async () => {
      expect(await blobs.exists('submissions/none/train.jsonl')).toBe(false);
      await notFound(bytesOf(blobs.get('submissions/none/train.jsonl')));
      await notFound(blobs.getText('submissions/none/train.jsonl'));
    });
  });
}
