import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackRequest } from '../../src/adapters/slack/verify';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const BODY = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fleague&text=help';
const NOW_MS = 1_717_000_000_000;
const ts = (offsetSeconds = 0) => String(NOW_MS / 1000 + offsetSeconds);

describe('Slack request signature (v0)', () => {
  it('matches the HMAC-SHA256 of v0:{ts}:{body} in hex', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${ts()}:${BODY}`).digest('hex')}`;
    expect(signSlackRequest(SECRET, ts(), BODY)).toBe(expected);
  });

  it('accepts a correctly signed request', () => {
    const signature = signSlackRequest(SECRET, ts(), BODY);
    expect(verifySlackRequest(SECRET, { signature, timestamp: ts() }, BODY, NOW_MS)).toEqual({ ok: true });
  });

  it('accepts timestamps up to five minutes either way', () => {
    for (const offset of [-300, 300]) {
      const signature = signSlackRequest(SECRET, ts(offset), BODY);
      expect(verifySlackRequest(SECRET, { signature, timestamp: ts(offset) }, BODY, NOW_MS).ok).toBe(true);
    }
  });

  it('refuses a timestamp six minutes old or six minutes ahead, even when signed', () => {
    for (const offset of [-360, 360]) {
      const signature = signSlackRequest(SECRET, ts(offset), BODY);
      expect(verifySlackRequest(SECRET, { signature, timestamp: ts(offset) }, BODY, NOW_MS)).toEqual({
        ok: false,
        reason: 'stale',
      });
    }
  });

  it('refuses a wrong signature, a changed body and another secret', () => {
    const good = signSlackRequest(SECRET, ts(), BODY);
    const flipped = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    expect(verifySlackRequest(SECRET, { signature: flipped, timestamp: ts() }, BODY, NOW_MS).ok).toBe(false);
    expect(verifySlackRequest(SECRET, { signature: good, timestamp: ts() }, `${BODY}&x=1`, NOW_MS).ok).toBe(false);
    expect(verifySlackRequest('another-secret', { signature: good, timestamp: ts() }, BODY, NOW_MS).ok).toBe(false);
    expect(verifySlackRequest(SECRET, { signature: 'v0=short', timestamp: ts() }, BODY, NOW_MS)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses missing headers and a timestamp that is not a number', () => {
    const signature = signSlackRequest(SECRET, ts(), BODY);
    expect(verifySlackRequest(SECRET, { signature: undefined, timestamp: ts() }, BODY, NOW_MS)).toEqual({
      ok: false,
      reason: 'missing-header',
    });
    expect(verifySlackRequest(SECRET, { signature, timestamp: undefined }, BODY, NOW_MS)).toEqual({
      ok: false,
      reason: 'missing-header',
    });
    expect(verifySlackRequest(SECRET, { signature, timestamp: '1e9' }, BODY, NOW_MS)).toEqual({
      ok: false,
      reason: 'bad-timestamp',
    });
  });
});
