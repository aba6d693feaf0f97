/**
 * Text read as one character per byte ("raw", see byte-text.ts). The validator's fast path gives
 * a line this form only when the line is valid UTF-8 and has no \u escape, so every character
 * from 0x80 up in a parsed value is a byte of a whole UTF-8 sequence. These helpers give the
 * answers the decoded text would give.
 */

/** Characters String.prototype.trim removes (the test checks the list against trim itself). */
export function isTrimmedSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The hasText of formats.ts for raw text: something besides white space. */
export function hasRawText(raw: string): boolean {
  const n = raw.length;
  if (n === 0) return false;
  const first = raw.charCodeAt(0);
  if (first > 32 && first < 0x80) return true;
  for (let i = 0; i < n; ) {
    const c = raw.charCodeAt(i);
    if (c < 0x80) {
      if (!isTrimmedSpace(c)) return true;
      i++;
    } else if (c < 0xe0) {
      if (!isTrimmedSpace(((c & 0x1f) << 6) | (raw.charCodeAt(i + 1) & 0x3f))) return true;
      i += 2;
    } else if (c < 0xf0) {
      if (!isTrimmedSpace(((c & 0x0f) << 12) | ((raw.charCodeAt(i + 1) & 0x3f) << 6) | (raw.charCodeAt(i + 2) & 0x3f)))
        return true;
      i += 3;
    } else {
      return true; // past U+FFFF: never white space
    }
  }
  return false;
}

/**
 * Whether the text raw text stands for has at least `units` UTF-16 code units (one per
 * character, two past U+FFFF); stops counting there.
 */
export function hasRawUnits(raw: string, units: number): boolean {
  let counted = 0;
  for (let i = 0; i < raw.length && counted < units; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x80 || c >= 0xc0) counted += c >= 0xf0 ? 2 : 1;
  }
  return counted >= units;
}

export function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/**
 * UTF-8 length of decoded text: what a raw value's length is, so both paths estimate tokens from
 * the same figure. Lone surrogates (only from \u escapes) count two bytes.
 */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}
