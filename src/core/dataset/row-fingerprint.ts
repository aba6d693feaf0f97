import { fmix32 } from './hashing';

/**
 * A 64-bit hash of a line's bytes, for the exact-duplicate check: two multiply-rotate lanes over
 * alternate 4-byte words, eight bytes a step, each finalised with the other. Two different rows
 * match only if they differ in one lane alone and that lane collides (odds of 1 in 4 billion), or
 * both collide: among a million rows, a false match has odds of about 1 in 30 million.
 */
export class RowFingerprint {
  hashA = 0;
  hashB = 0;

  scan(bytes: DataView, start: number, end: number): void {
    let a = 0x9747b28c ^ (end - start);
    let b = 0x5bd1e995 ^ (end - start);
    let i = start;
    for (; i + 8 <= end; i += 8) {
      a = Math.imul(a ^ bytes.getInt32(i, true), 0xcc9e2d51);
      a = (a << 15) | (a >>> 17);
      b = Math.imul(b ^ bytes.getInt32(i + 4, true), 0x1b873593);
      b = (b << 13) | (b >>> 19);
    }
    for (; i < end; i++) a = Math.imul(a ^ bytes.getUint8(i), 0x01000193);
    this.hashA = fmix32(a ^ Math.imul(b, 0x9e3779b1));
    this.hashB = fmix32(b ^ Math.imul(a, 0x85ebca6b));
  }
}
