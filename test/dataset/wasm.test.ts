/** What this guards: each WebAssembly module the league ships is the assembly of its .wat source. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble, WASM_MODULES, watFile } from '../../scripts/wasm';
import { DUPLICATE_SEARCH_WASM } from '../../src/core/dataset/duplicate-search-wasm';
import { SHINGLES_WASM } from '../../src/core/dataset/shingles-wasm';

const shipped: Record<(typeof WASM_MODULES)[number], string> = {
  shingles: SHINGLES_WASM,
  'duplicate-search': DUPLICATE_SEARCH_WASM,
};

describe('WebAssembly modules', () => {
  it.each(WASM_MODULES)(
    '%s-wasm.ts is the assembly of %s.wat (run `npm run build:wasm` after changing it)',
    async (name) => {
      const bytes = await assemble(name, readFileSync(watFile(name), 'utf8'));
      expect(Buffer.from(bytes).toString('base64')).toBe(shipped[name]);
    },
  );
});
