/** Kinds of personal data and secrets the validator warns about, as the warning describes them. */
export const SENSITIVE_DESCRIPTION = {
  EMAIL_ADDRESS: 'an e-mail address',
  PHONE_NUMBER: 'a phone number',
  AWS_ACCESS_KEY: 'an AWS access key',
  SLACK_TOKEN: 'a Slack token or webhook URL',
  DISCORD_TOKEN: 'a Discord token or webhook URL',
  PRIVATE_KEY: 'a private key',
};
export type SensitiveKind = keyof typeof SENSITIVE_DESCRIPTION;

/** At most this many "@" are examined per text, so a line of "@@@@…" stays cheap. */
const MAX_AT_SIGNS = 20;
const EMAIL_LOCAL = /[A-Za-z0-9._%+-]{1,64}$/;
const EMAIL_DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}\b/;

// Bounded repetitions only: no pattern here can backtrack badly on a long line. The forms, each
// counted only with 9 digits or more: +44 20 7946 0958, (555) 123-4567, 555-123-4567, 020 7946 0958.
const PHONE = new RegExp(
  [
    /(?<![\w+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,4}(?!\w)/.source,
    /(?<!\w)\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}(?!\w)/.source,
    /(?<![\w.-])\d{3}-\d{3}-\d{4}(?![\w-]|\.\d)/.source,
    /(?<![\w.-])0\d{2,4}[ -]\d{3,4}[ -]\d{3,4}(?![\w-]|\.\d)/.source,
  ].join('|'),
  'g',
);
const PHONE_MIN_DIGITS = 9;

const AWS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
const SLACK_TOKEN =
  /\bxox[abposre]-[A-Za-z0-9-]{10,200}|hooks\.slack\.com\/services\/T[A-Z0-9]{4,20}\/B[A-Z0-9]{4,20}\/[A-Za-z0-9]{8,40}/;
// A Discord token starts with its user ID (17 to 20 digits) in base64: 23 to 27 characters, the first
// M, N or O, then D, T, j or z.
const DISCORD_TOKEN =
  /(?<![\w-])[MNO][DTjz][A-Za-z0-9_-]{21,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![\w-])|discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/[A-Za-z0-9_-]{20,100}/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----/;

/** Substrings, rare in prose, that e-mail addresses, AWS keys ("AKIA…", "ASIA…") and Slack tokens contain. */
const NEEDLES = ['@', 'IA', 'xox'];

const isDigit = (c: number) => c >= 48 && c <= 57;
const isTokenChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;

/**
 * The cheap first step of the sensitive-data check: substring searches over a whole batch of lines.
 * Every pattern of findSensitive implies a hit on its line, so lines without one are skipped.
 */
export class SensitiveGates {
  private hits: number[] = [];
  private next = 0;

  scan(text: string): void {
    this.hits = gateHits(text);
    this.next = 0;
  }

  /** Whether a gate fired within `[offset, offset + length)` of the last scanned text; offsets must not decrease. */
  fired(offset: number, length: number): boolean {
    const hits = this.hits;
    while (this.next < hits.length && hits[this.next]! < offset) this.next++;
    return this.next < hits.length && hits[this.next]! < offset + length;
  }
}

/** Where the gates fire in `text`, in increasing order. */
export function gateHits(text: string): number[] {
  const hits: number[] = [];
  for (const needle of NEEDLES) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) hits.push(at);
  }
  // Webhook URLs (Slack, Discord).
  for (let at = text.indexOf('/'); at >= 0; at = text.indexOf('/', at + 1)) {
    if (text.startsWith('/services/T', at) || text.startsWith('/api/webhooks/', at)) hits.push(at);
  }
  // Phone numbers: "+" or "(" before a digit, "-" between digits, a number starting with "0";
  // the "-" search also finds private keys ("KEY-----").
  for (const sign of ['+', '('])
    for (let at = text.indexOf(sign); at >= 0; at = text.indexOf(sign, at + 1))
      if (isDigit(text.charCodeAt(at + 1))) hits.push(at);
  for (let at = text.indexOf('-'); at >= 0; at = text.indexOf('-', at + 1)) {
    if ((isDigit(text.charCodeAt(at - 1)) && isDigit(text.charCodeAt(at + 1))) || text.startsWith('KEY-----', at - 3))
      hits.push(at);
  }
  for (let at = text.indexOf('0'); at >= 0; at = text.indexOf('0', at + 1))
    if (!isDigit(text.charCodeAt(at - 1)) && isDigit(text.charCodeAt(at + 1))) hits.push(at);
  // Discord tokens: M, N or O, then D, T, j or z, starting a run of 23 to 27 token characters that ends in a dot.
  for (const first of ['M', 'N', 'O']) {
    for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1))
      if (startsDiscordToken(text, at)) hits.push(at);
  }
  return hits.sort((a, b) => a - b);
}

/** Whether `text[at]` starts what DISCORD_TOKEN's first form needs: a token word of 23 to 27 characters, then ".". */
function startsDiscordToken(text: string, at: number): boolean {
  // Its second letter first: it turns away most capitals of prose at once.
  const second = text.charCodeAt(at + 1); // D, T, j or z: what follows M, N or O in a base64 user ID
  if ((second !== 68 && second !== 84 && second !== 106 && second !== 122) || isTokenChar(text.charCodeAt(at - 1)))
    return false;
  let end = at + 1;
  while (end - at < 28 && isTokenChar(text.charCodeAt(end))) end++;
  return end - at >= 23 && end - at <= 27 && text.charCodeAt(end) === 46;
}

/** Kinds of sensitive data in a line's raw JSON text, where SensitiveGates fired. */
export function findSensitive(text: string, found: Set<SensitiveKind>): void {
  if (text.includes('@') && hasEmail(text)) found.add('EMAIL_ADDRESS');
  if (hasPhone(text)) found.add('PHONE_NUMBER');
  if ((text.includes('AKIA') || text.includes('ASIA')) && AWS_KEY.test(text)) found.add('AWS_ACCESS_KEY');
  if ((text.includes('xox') || text.includes('/services/T')) && SLACK_TOKEN.test(text)) found.add('SLACK_TOKEN');
  if (text.includes('.') && DISCORD_TOKEN.test(text)) found.add('DISCORD_TOKEN');
  if (text.includes('KEY-----') && PRIVATE_KEY.test(text)) found.add('PRIVATE_KEY');
}

function hasEmail(text: string): boolean {
  let at = text.indexOf('@');
  for (let k = 0; at >= 0 && k < MAX_AT_SIGNS; k++) {
    if (EMAIL_LOCAL.test(text.slice(Math.max(0, at - 64), at)) && EMAIL_DOMAIN.test(text.slice(at + 1, at + 256)))
      return true;
    at = text.indexOf('@', at + 1);
  }
  return false;
}

function hasPhone(text: string): boolean {
  PHONE.lastIndex = 0;
  for (let m = PHONE.exec(text), k = 0; m && k < 50; m = PHONE.exec(text), k++) {
    if (m[0].replace(/\D/g, '').length >= PHONE_MIN_DIGITS) return true;
  }
  return false;
}
