import { createHash, randomBytes } from 'node:crypto';
import type { IdSource } from '../../core/ports';

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'; // no 0/o, 1/l/i: ids are typed by people

/** Short ids people can type: a prefix and 7 random characters (~34 bits). */
export function createRandomIds(): IdSource {
  return {
    next: (prefix) => idOf(prefix, randomBytes(7)),
    forKey: (prefix, key) => idOf(prefix, createHash('sha256').update(key).digest().subarray(0, 7)),
  };
}

function idOf(prefix: string, bytes: Uint8Array): string {
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}
