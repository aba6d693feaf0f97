/**
 * Byte-level text operations of the runtime, for the validator's fast path. With them, a batch of
 * lines is checked as UTF-8 and turned into a string of one character per byte (no decoding into
 * UTF-16), which JSON.parse reads as well as the decoded text: the bytes of a multi-byte character
 * can only stand inside a JSON string, and their meaning is only needed where text is examined
 * (see raw-text.ts). Without them the validator decodes every line.
 */
export interface ByteText {
  isUtf8(bytes: Uint8Array): boolean;
  isAscii(bytes: Uint8Array): boolean;
  /** One character per byte (ISO-8859-1). */
  latin1(bytes: Uint8Array): string;
  /** The text whose UTF-8 bytes are the characters of `raw` (each below 256), as `latin1` made it. */
  decodeLatin1(raw: string): string;
  /** Writes raw text into `target` at `offset`, a byte per character (`latin1` in reverse); returns the bytes written. */
  latin1Writer(target: Uint8Array): (raw: string, offset: number) => number;
}
