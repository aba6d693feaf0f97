import { UserError } from '../../core/errors';
import type { UploadFetcher } from '../../core/ports';
import type { AttachmentReader } from '../../core/services/command-dispatcher';
import { isDiscordCdnUrl } from './parse';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Reads a small attachment (an organizer's question set) from Discord's CDN as text: the size Discord
 * reported is checked against the limit before a byte is downloaded, and the download is capped too.
 */
export function createDiscordAttachmentReader(fetcher: UploadFetcher): AttachmentReader {
  return async (upload, maxBytes) => {
    if (upload.size !== undefined && upload.size > maxBytes) {
      throw new UserError('INVALID_INPUT', `\`${upload.name}\` is ${mb(upload.size)}; the limit is ${mb(maxBytes)}.`);
    }
    if (!upload.url || !isDiscordCdnUrl(upload.url))
      throw new UserError('INVALID_INPUT', 'The file has no Discord download link.', 'Attach it again.');
    const chunks: Uint8Array[] = [];
    for await (const chunk of fetcher.fetch(upload.url, { maxBytes })) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  };
}
