/**
 * `npm run build:wasm`: assembles src/core/dataset/shingles.wat into shingles-wasm.ts (the module's
 * bytes in base64), so that the league needs no assembler at run time. Run it after changing the
 * .wat file; test/dataset/shingles.test.ts fails while the two disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { assembleShingles, SHINGLES_WASM_TS, shinglesWasmSource } from './wasm';

const bytes = await assembleShingles(readFileSync(new URL('../src/core/dataset/shingles.wat', import.meta.url), 'utf8'));
writeFileSync(SHINGLES_WASM_TS, shinglesWasmSource(bytes));
console.log(`Wrote ${SHINGLES_WASM_TS.pathname} (${bytes.length} bytes of WebAssembly).`);
