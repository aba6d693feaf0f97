import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createS3BlobStore } from '../../src/adapters/aws/s3-blobs';
import { createFileBlobStore } from '../../src/adapters/local/file-blobs';
import { awsError } from '../aws/fixtures';
import { CREDENTIALS } from '../aws/support';
import { blobStoreContract } from './blob-store.contract';

const MiB = 1024 * 1024;
type Body = string | Uint8Array | Readable | AsyncIterable<Uint8Array> | undefined;

async function bytesOf(body: Body): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/**
 * S3 in memory behind the SDK client, as the S3 API reference describes the calls the adapter makes:
 * PutObject and GetObject (NoSuchKey when absent), HeadObject (404 NotFound), and multipart uploads
 * whose parts, all but the last, are at least 5 MiB (EntityTooSmall otherwise).
 */
blobStoreContract('S3 (through aws-sdk-client-mock)', async () => {
  const client = new S3Client({ region: 'us-west-2', credentials: CREDENTIALS });
  const s3 = mockClient(client);
  const objects = new Map<string, Buffer>();
  const uploads = new Map<string, { key: string; parts: Map<number, Buffer> }>();
  let nextUpload = 0;
  const objectKey = (input: { Bucket?: string; Key?: string }) => `${input.Bucket}/${input.Key}`;
  s3.on(PutObjectCommand).callsFake(async (input: { Bucket: string; Key: string; Body: Body }) => {
    objects.set(objectKey(input), await bytesOf(input.Body));
    return { ETag: '"put"' };
  });
  s3.on(GetObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
    const data = objects.get(objectKey(input));
    if (!data) throw awsError('NoSuchKey', 'The specified key does not exist.', 404);
    return { Body: Readable.from([data]), ContentLength: data.length };
  });
  s3.on(HeadObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
    const data = objects.get(objectKey(input));
    if (!data) throw awsError('NotFound', 'Not Found', 404);
    return { ContentLength: data.length };
  });
  s3.on(CreateMultipartUploadCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
    const UploadId = `upload-${++nextUpload}`;
    uploads.set(UploadId, { key: objectKey(input), parts: new Map() });
    return { UploadId, Bucket: input.Bucket, Key: input.Key };
  });
  s3.on(UploadPartCommand).callsFake(async (input: { UploadId: string; PartNumber: number; Body: Body }) => {
    uploads.get(input.UploadId)!.parts.set(input.PartNumber, await bytesOf(input.Body));
    return { ETag: `"part-${input.PartNumber}"` };
  });
  s3.on(CompleteMultipartUploadCommand).callsFake(
    async (input: { UploadId: string; MultipartUpload: { Parts: { PartNumber: number }[] } }) => {
      const upload = uploads.get(input.UploadId)!;
      const parts = input.MultipartUpload.Parts.map((p) => upload.parts.get(p.PartNumber)!);
      if (parts.slice(0, -1).some((p) => p.length < 5 * MiB))
        throw awsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
      objects.set(upload.key, Buffer.concat(parts));
      uploads.delete(input.UploadId);
      return { ETag: '"whole"' };
    },
  );
  return {
    blobs: createS3BlobStore({ client, bucket: 'league-blobs' }),
    close: async () => {
      s3.restore();
    },
  };
});

blobStoreContract('file blobs (stand-in)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'league-blobs-'));
  return {
    blobs: createFileBlobStore(root),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});
