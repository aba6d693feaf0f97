import { TransientError, UserError } from '../../core/errors';
import type { UploadFetcher } from '../../core/ports';

export interface HttpUploadFetcherOptions {
  /** Headers for every download (e.g. a bot token for Slack's url_private). */
  headers?: Record<string, string>;
  fetchImpl?: typeof fetch;
}

/**
 * Streams a platform upload over HTTPS, refusing it past `maxBytes` (by Content-Length, then by count),
 * and refusing an HTML page where a file was expected (what Slack returns when a scope is missing).
 */
export function createHttpUploadFetcher(options: HttpUploadFetcherOptions = {}): UploadFetcher {
  const doFetch = options.fetchImpl ?? fetch;
  return {
    fetch(url, { maxBytes }) {
      return (async function* () {
        const res = await doFetch(url, { headers: options.headers, redirect: 'follow' }).catch((e: unknown) => {
          throw new TransientError('Could not reach the file host', { cause: e });
        });
        if (res.status === 429 || res.status >= 500) throw new TransientError(`File host answered ${res.status}`);
        if (res.status === 404 || res.status === 403 || res.status === 410) {
          throw new UserError(
            'NOT_FOUND',
            'The uploaded file is no longer available (the link expired or access was refused).',
            'Upload the file again.',
          );
        }
        if (!res.ok || !res.body) throw new TransientError(`File host answered ${res.status}`);
        if ((res.headers.get('content-type') ?? '').includes('text/html')) {
          throw new UserError(
            'FORBIDDEN',
            'The league could not download your file (the platform returned a login page).',
            "Ask an organizer to check the bot's file permissions.",
          );
        }
        const declared = Number(res.headers.get('content-length') ?? NaN);
        if (declared > maxBytes)
          throw new UserError(
            'INVALID_INPUT',
            `The file is ${(declared / 1e6).toFixed(1)} MB; the limit is ${(maxBytes / 1e6).toFixed(1)} MB.`,
          );
        let seen = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          seen += chunk.byteLength;
          if (seen > maxBytes)
            throw new UserError(
              'INVALID_INPUT',
              `The file is larger than the ${(maxBytes / 1e6).toFixed(1)} MB limit.`,
            );
          yield chunk;
        }
      })();
    },
  };
}
