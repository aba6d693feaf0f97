import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock, either way (Slack's replay window). */
const SLACK_WINDOW_SECONDS = 5 * 60;

export type SlackVerification =
  | { ok: true }
  | { ok: false; reason: 'missing-header' | 'bad-timestamp' | 'stale' | 'bad-signature' };

export interface SlackRequestHeaders {
  signature: string | undefined;
  timestamp: string | undefined;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signSlackRequest(signingSecret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/**
 * Checks Slack's v0 request signature over the raw body, in constant time, and refuses timestamps more
 * than five minutes old or ahead (replays, and requests signed with a skewed clock).
 */
export function verifySlackRequest(
  signingSecret: string,
  headers: SlackRequestHeaders,
  rawBody: string,
  nowMs: number = Date.now(),
): SlackVerification {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing-header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > SLACK_WINDOW_SECONDS)
    return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}

/** Case-insensitive header lookup for Lambda events and Node requests alike. */
export function headerValue(
  headers: Record<string, string | string[] | undefined> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** The two headers Slack signs a request with. */
export const slackSignatureHeaders = (
  headers: Record<string, string | string[] | undefined> | undefined,
): SlackRequestHeaders => ({
  signature: headerValue(headers, 'x-slack-signature'),
  timestamp: headerValue(headers, 'x-slack-request-timestamp'),
});
