const compiled = new Map<string, WebAssembly.Module>();

/** A new instance of a module the league ships in base64 (see scripts/build-wasm.ts), compiled on first use. */
export function instantiate(base64: string): { memory: WebAssembly.Memory; exports: Record<string, unknown> } {
  let module = compiled.get(base64);
  if (!module)
    compiled.set(base64, (module = new WebAssembly.Module(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))));
  const { exports } = new WebAssembly.Instance(module);
  return { memory: exports.memory as WebAssembly.Memory, exports };
}

const PAGE_BYTES = 65536;

/** Grows a memory to at least `bytes`; the new pages are zero, and cost nothing until written. Returns whether it grew. */
export function growTo(memory: WebAssembly.Memory, bytes: number): boolean {
  const pages = Math.ceil(bytes / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
  if (pages <= 0) return false;
  memory.grow(pages);
  return true;
}
