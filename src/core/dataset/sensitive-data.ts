/** Kinds of personal data and secrets the validator warns about. */
export type SensitiveKind = 'EMAIL_ADDRESS' | 'PHONE_NUMBER' | 'AWS_ACCESS_KEY' | 'SLACK_TOKEN' | 'DISCORD_TOKEN' | 'PRIVATE_KEY';

export const SENSITIVE_DESCRIPTION: Record<SensitiveKind, string> = {
  EMAIL_ADDRESS: 'an e-mail address',
  PHONE_NUMBER: 'a phone number',
  AWS_ACCESS_KEY: 'an AWS access key',
  SLACK_TOKEN: 'a Slack token or webhook URL',
  DISCORD_TOKEN: 'a Discord token or webhook URL',
  PRIVATE_KEY: 'a private key',
};

/** At most this many "@" are examined per text, so a line of "@@@@…" stays cheap. */
const MAX_AT_SIGNS = 20;
const EMAIL_LOCAL = /[A-Za-z0-9._%+-]{1,64}$/;
const EMAIL_DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}\b/;

// Bounded repetitions only: no pattern here can backtrack badly on a long line.
const PHONE = [
  /(?<![\w+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,4}(?!\w)/, // +44 20 7946 0958
  /(?<!\w)\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}(?!\w)/, // (555) 123-4567
  /(?<![\w.-])\d{3}[.-]\d{3}[.-]\d{4}(?![\w.-])/, // 555-123-4567
  /(?<![\w.-])0\d{2,4}[ -]\d{3,4}[ -]\d{3,4}(?![\w.-])/, // 020 7946 0958
];
const DIGIT_RUN = /\d{3}/;

const SECRETS: { kind: SensitiveKind; gate: string[]; pattern: RegExp }[] = [
  { kind: 'AWS_ACCESS_KEY', gate: ['AKIA', 'ASIA'], pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { kind: 'SLACK_TOKEN', gate: ['xox', 'hooks.slack.com'], pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,200}|hooks\.slack\.com\/services\/T[A-Z0-9]{4,20}\/B[A-Z0-9]{4,20}\/[A-Za-z0-9]{8,40}/ },
  { kind: 'DISCORD_TOKEN', gate: [], pattern: /(?<![\w-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![\w-])|discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/[A-Za-z0-9_-]{20,100}/ },
  { kind: 'PRIVATE_KEY', gate: ['PRIVATE KEY'], pattern: /-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----/ },
];

/**
 * Kinds of sensitive data in a text. Each check starts with a plain substring search, far
 * cheaper than a regular expression, so ordinary text costs little; the Discord token check
 * runs its pattern only on texts with a long unbroken run before a dot. Run on the raw JSON
 * line, so a row costs one pass whatever its number of fields.
 */
export function findSensitive(text: string, found: Set<SensitiveKind>): void {
  if (text.includes('@') && hasEmail(text)) found.add('EMAIL_ADDRESS');
  if (DIGIT_RUN.test(text) && PHONE.some((p) => p.test(text))) found.add('PHONE_NUMBER');
  for (const s of SECRETS) {
    if (s.kind === 'DISCORD_TOKEN' ? !mayHoldDiscordToken(text) : !s.gate.some((g) => text.includes(g))) continue;
    if (s.pattern.test(text)) found.add(s.kind);
  }
}

function hasEmail(text: string): boolean {
  let at = text.indexOf('@');
  for (let k = 0; at >= 0 && k < MAX_AT_SIGNS; k++) {
    if (EMAIL_LOCAL.test(text.slice(Math.max(0, at - 64), at)) && EMAIL_DOMAIN.test(text.slice(at + 1, at + 256))) return true;
    at = text.indexOf('@', at + 1);
  }
  return false;
}

/** A Discord token is three dot-separated runs, the first of 24 or more characters without a space. */
function mayHoldDiscordToken(text: string): boolean {
  if (text.includes('discord')) return true;
  let dot = text.indexOf('.', 24);
  for (let k = 0; dot >= 0 && k < 100; k++) {
    // In prose a space comes within a few characters before any dot: one native search settles it.
    if (dot - text.lastIndexOf(' ', dot) > 24 && /^[A-Za-z0-9_-]{24}$/.test(text.slice(dot - 24, dot))) return true;
    dot = text.indexOf('.', dot + 1);
  }
  return false;
}
