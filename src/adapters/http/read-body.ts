import type { IncomingMessage } from 'node:http';

/** Chat platforms' requests are small; anything bigger is refused before it is held in memory. */
const MAX_PLATFORM_BODY_BYTES = 1024 * 1024;

/** The raw request body, or undefined once it passes `maxBytes` (the caller answers 413). */
export async function readLimitedBody(
  req: IncomingMessage,
  maxBytes = MAX_PLATFORM_BODY_BYTES,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
