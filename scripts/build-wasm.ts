/**
 * `npm run build:wasm`: assembles each src/core/dataset/NAME.wat into NAME-wasm.ts (the module's
 * bytes in base64), so that the league needs no assembler at run time. Run it after changing a
 * .wat file; the tests fail while the two disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { assemble, WASM_MODULES, wasmTsFile, wasmTsSource, watFile } from './wasm';

for (const name of WASM_MODULES) {
  const bytes = await assemble(name, readFileSync(watFile(name), 'utf8'));
  writeFileSync(wasmTsFile(name), wasmTsSource(name, bytes));
  console.log(`Wrote ${wasmTsFile(name).pathname} (${bytes.length} bytes of WebAssembly).`);
}
