import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { UserError } from '../core/errors';
import type { PendingUpload, Upload } from '../core/model';
import type { BlobStore } from '../core/ports';
import type { AttachmentReader } from '../core/services/command-dispatcher';

/** Most the playground reads of one request body, whatever the command. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** A file in a playground request: held in the request until a command accepts it, then stored or read. */
export interface PlaygroundAttachment {
  upload: PendingUpload;
  read: AttachmentReader;
  /** Whether the body was read (if not, the connection is closed rather than drained). */
  consumed(): boolean;
}

export function playgroundAttachment(req: IncomingMessage, fileName: string, blobs: BlobStore): PlaygroundAttachment {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  let consumed = false;
  const body = (maxBytes: number) => {
    if (consumed) throw new UserError('INVALID_INPUT', 'The file was already used; attach it again.');
    consumed = true;
    const limit = Math.min(maxBytes, MAX_UPLOAD_BYTES);
    if (declared > limit)
      throw new UserError('INVALID_INPUT', `\`${fileName}\` is ${mb(declared)}; the limit is ${mb(limit)}.`);
    let seen = 0;
    return (async function* () {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        seen += chunk.byteLength;
        if (seen > limit)
          throw new UserError('INVALID_INPUT', `\`${fileName}\` is larger than the ${mb(limit)} limit.`);
        yield chunk;
      }
    })();
  };
  const upload: PendingUpload = {
    name: fileName,
    ...(Number.isFinite(declared) ? { size: declared } : {}),
    async store(maxBytes): Promise<Upload> {
      const safe = fileName.replace(/[^\w.-]/g, '_').slice(0, 100) || 'upload.jsonl';
      const blobKey = `uploads/p-${randomBytes(6).toString('hex')}/${safe}`;
      let size = 0;
      const counted = (async function* () {
        for await (const chunk of body(maxBytes)) {
          size += chunk.byteLength;
          yield chunk;
        }
      })();
      await blobs.put(blobKey, counted);
      return { name: fileName, size, blobKey };
    },
  };
  // A question set is read straight from the request: the playground never stores it.
  const read: AttachmentReader = async (_upload, maxBytes) => {
    const chunks: Buffer[] = [];
    for await (const chunk of body(maxBytes)) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  };
  return { upload, read, consumed: () => consumed };
}
