/**
 * The part of the WebAssembly JavaScript API the shingle sketch uses: a standard global of every
 * JavaScript runtime the league runs on, which TypeScript's ECMAScript libraries leave out.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
