import 'aws-sdk-client-mock-vitest/extend';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createS3BlobStore } from '../../src/adapters/aws/s3-blobs';
import { LeagueError } from '../../src/core/errors';
import { awsError } from './fixtures';
import { CREDENTIALS } from './support';

const client = new S3Client({ region: 'us-west-2', credentials: CREDENTIALS });
const s3 = mockClient(client);
const blobs = createS3BlobStore({ client, bucket: 'league-blobs' });
const MiB = 1024 * 1024;

const byteLength = (body: unknown) =>
  typeof body === 'string' ? Buffer.byteLength(body) : (body as Uint8Array).byteLength;
const getObject = (chunks: Buffer[]) => ({
  Body: Readable.from(chunks) as never,
  ContentLength: chunks.reduce((n, c) => n + c.length, 0),
});

beforeEach(() => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({ ETag: '"single"' });
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1', Bucket: 'league-blobs', Key: 'k' });
  s3.on(UploadPartCommand).callsFake(async (input: { PartNumber: number }) => ({ ETag: `"etag-${input.PartNumber}"` }));
  s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"whole"' });
});

describe('S3 blobs: put', () => {
  it('writes a small text blob with one encrypted PutObject', async () => {
    await blobs.put('reports/s1/validation.json', '{"valid":true}');
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      Bucket: 'league-blobs',
      Key: 'reports/s1/validation.json',
      ServerSideEncryption: 'AES256',
    });
    expect(Buffer.from(input.Body as Uint8Array).toString('utf8')).toBe('{"valid":true}');
    expect(s3).toHaveReceivedCommandTimes(CreateMultipartUploadCommand, 0);
  });

  it('streams a large upload in 5 MiB parts as it arrives, never holding the whole file', async () => {
    const chunks = 48; // 48 × 512 KiB = 24 MiB
    let yielded = 0;
    let yieldedAtFirstPart: number | undefined;
    s3.on(UploadPartCommand).callsFake(async (input: { PartNumber: number }) => {
      yieldedAtFirstPart ??= yielded;
      return { ETag: `"etag-${input.PartNumber}"` };
    });
    async function* upload() {
      for (let i = 0; i < chunks; i++) {
        yielded++;
        yield new Uint8Array(MiB / 2).fill(i);
      }
    }
    await blobs.put('uploads/s1/data.jsonl', upload());

    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toEqual({
      Bucket: 'league-blobs',
      Key: 'uploads/s1/data.jsonl',
      ServerSideEncryption: 'AES256',
      ChecksumAlgorithm: 'CRC32',
    });
    const parts = s3
      .commandCalls(UploadPartCommand)
      .map((c) => c.args[0].input)
      .sort((a, b) => a.PartNumber! - b.PartNumber!);
    expect(parts.map((p) => [p.PartNumber, byteLength(p.Body)])).toEqual([
      [1, 5 * MiB],
      [2, 5 * MiB],
      [3, 5 * MiB],
      [4, 5 * MiB],
      [5, 4 * MiB],
    ]);
    for (const p of parts)
      expect(p).toMatchObject({ Bucket: 'league-blobs', Key: 'uploads/s1/data.jsonl', UploadId: 'up-1' });
    // The first part left while most of the file was still to come.
    expect(yieldedAtFirstPart).toBeLessThan(chunks / 2);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'league-blobs',
      Key: 'uploads/s1/data.jsonl',
      UploadId: 'up-1',
      MultipartUpload: {
        Parts: [1, 2, 3, 4, 5].map((n) => expect.objectContaining({ PartNumber: n, ETag: `"etag-${n}"` })),
      },
    });
  });

  it('aborts the multipart upload when a part cannot be sent, and fails the put', async () => {
    s3.on(UploadPartCommand).rejects(awsError('InternalError', 'We encountered an internal error.', 500));
    s3.on(AbortMultipartUploadCommand).resolves({});
    async function* upload() {
      for (let i = 0; i < 12; i++) yield new Uint8Array(MiB).fill(i);
    }
    await expect(blobs.put('uploads/s2/data.jsonl', upload())).rejects.toThrow();
    expect(s3).toHaveReceivedCommandTimes(CompleteMultipartUploadCommand, 0);
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Bucket: 'league-blobs', Key: 'uploads/s2/data.jsonl', UploadId: 'up-1' }),
    ]);
  });
});

describe('S3 blobs: get', () => {
  it('streams the object chunk by chunk, asking S3 only once iteration starts', async () => {
    s3.on(GetObjectCommand).resolves(getObject([Buffer.from('{"a":1}\n'), Buffer.from('{"a":2}\n')]));
    const stream = blobs.get('datasets/s1/train.jsonl');
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 0);
    const seen: string[] = [];
    for await (const chunk of stream) seen.push(Buffer.from(chunk).toString('utf8'));
    expect(seen).toEqual(['{"a":1}\n', '{"a":2}\n']);
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'league-blobs',
      Key: 'datasets/s1/train.jsonl',
    });
  });

  it('reads text whose UTF-8 characters are split across chunks', async () => {
    const bytes = Buffer.from('Épargne: 5 €');
    s3.on(GetObjectCommand).resolves(getObject([bytes.subarray(0, 1), bytes.subarray(1, 11), bytes.subarray(11)]));
    expect(await blobs.getText('reports/s1/validation.json')).toBe('Épargne: 5 €');
  });

  it('reports a missing object as NOT_FOUND, and passes any other error through', async () => {
    s3.on(GetObjectCommand)
      .rejectsOnce(awsError('NoSuchKey', 'The specified key does not exist.', 404))
      .rejectsOnce(awsError('AccessDenied', 'Access Denied', 403));
    const missing = await blobs.getText('models/none').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(LeagueError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'No blob models/none' });
    const denied = await blobs.getText('models/secret').catch((e: unknown) => e);
    expect(denied).not.toBeInstanceOf(LeagueError);
    expect((denied as Error).name).toBe('AccessDenied');
  });
});

describe('S3 blobs: exists', () => {
  it('is true for an object HeadObject finds, false for NotFound, and throws on 403 rather than guess', async () => {
    s3.on(HeadObjectCommand)
      .resolvesOnce({ ContentLength: 12 })
      .rejectsOnce(awsError('NotFound', 'Not Found', 404))
      .rejectsOnce(awsError('Forbidden', 'Forbidden', 403));
    expect(await blobs.exists('uploads/s1/data.jsonl')).toBe(true);
    expect(await blobs.exists('uploads/s2/data.jsonl')).toBe(false);
    await expect(blobs.exists('uploads/s3/data.jsonl')).rejects.toMatchObject({ name: 'Forbidden' });
    expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'league-blobs', Key: 'uploads/s1/data.jsonl' },
      { Bucket: 'league-blobs', Key: 'uploads/s2/data.jsonl' },
      { Bucket: 'league-blobs', Key: 'uploads/s3/data.jsonl' },
    ]);
  });
});
