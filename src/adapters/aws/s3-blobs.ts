import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { LeagueError } from '../../core/errors';
import type { BlobStore } from '../../core/ports';

const notFound = (e: unknown) => ['NoSuchKey', 'NotFound'].includes((e as { name?: string }).name ?? '');

/** BlobStore on S3: streamed multipart uploads (no whole-file buffers), server-side encryption. */
export function createS3BlobStore({ client, bucket }: { client: S3Client; bucket: string }): BlobStore {
  const store: BlobStore = {
    async put(key, body) {
      const Body = typeof body === 'string' || body instanceof Uint8Array ? body : Readable.from(body);
      await new Upload({ client, params: { Bucket: bucket, Key: key, Body, ServerSideEncryption: 'AES256' } }).done();
    },
    get(key) {
      return (async function* () {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch((e: unknown) => {
          if (notFound(e)) throw new LeagueError('NOT_FOUND', `No blob ${key}`);
          throw e;
        });
        yield* r.Body as AsyncIterable<Uint8Array>;
      })();
    },
    async getText(key) {
      const chunks: Buffer[] = [];
      for await (const c of store.get(key)) chunks.push(Buffer.from(c));
      return Buffer.concat(chunks).toString('utf8');
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (e) {
        if (notFound(e)) return false;
        throw e;
      }
    },
  };
  return store;
}
