import { randomBytes } from 'node:crypto';
import type { IdSource } from '../../core/ports';

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'; // no 0/o, 1/l/i: ids are typed by people

/** Short ids people can type: a prefix and 7 random characters (~34 bits). */
export function createRandomIds(): IdSource {
  return {
    next(prefix) {
      const bytes = randomBytes(7);
      let id = prefix;
      for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
      return id;
    },
  };
}
