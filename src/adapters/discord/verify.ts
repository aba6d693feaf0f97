import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { LeagueError } from '../../core/errors';

/** How far a request's timestamp may be from our clock, either way: older requests are replays. */
const DISCORD_WINDOW_SECONDS = 5 * 60;

export type DiscordVerification =
  | { ok: true }
  | { ok: false; reason: 'missing-header' | 'bad-timestamp' | 'stale' | 'bad-signature' };

export interface DiscordRequestHeaders {
  signature: string | undefined;
  timestamp: string | undefined;
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The application's public key (64 hex characters, from the developer portal) as a KeyObject. */
function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex.trim()))
    throw new LeagueError('CONFIG', 'DISCORD_PUBLIC_KEY must be the 64 hex characters shown in the developer portal.');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex.trim(), 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export interface DiscordVerifierOptions {
  windowSeconds?: number;
  now?: () => number;
}

/**
 * Checks Discord's Ed25519 signature (`X-Signature-Ed25519`) over `X-Signature-Timestamp` + the raw
 * body, and refuses timestamps more than five minutes away from our clock (replays).
 */
export function createDiscordVerifier(publicKeyHex: string, options: DiscordVerifierOptions = {}) {
  const key = discordPublicKey(publicKeyHex);
  const window = options.windowSeconds ?? DISCORD_WINDOW_SECONDS;
  const now = options.now ?? Date.now;
  return (headers: DiscordRequestHeaders, rawBody: Buffer | string): DiscordVerification => {
    const { signature, timestamp } = headers;
    if (!signature || !timestamp) return { ok: false, reason: 'missing-header' };
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
    if (Math.abs(Math.floor(now() / 1000) - Number(timestamp)) > window) return { ok: false, reason: 'stale' };
    if (!/^[0-9a-f]{128}$/i.test(signature)) return { ok: false, reason: 'bad-signature' };
    const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
    return verify(null, signed, key, Buffer.from(signature, 'hex'))
      ? { ok: true }
      : { ok: false, reason: 'bad-signature' };
  };
}

/** Case-insensitive header lookup for Lambda events and Node requests alike. */
function headerValue(
  headers: Record<string, string | string[] | undefined> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

/** The two headers Discord signs a request with. */
export const discordSignatureHeaders = (
  headers: Record<string, string | string[] | undefined> | undefined,
): DiscordRequestHeaders => ({
  signature: headerValue(headers, 'x-signature-ed25519'),
  timestamp: headerValue(headers, 'x-signature-timestamp'),
});
