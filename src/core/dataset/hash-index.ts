/**
 * A map from a 64-bit key (two 32-bit halves) to a positive 32-bit value, in typed arrays:
 * about 12 bytes per slot, no per-entry objects, so a million entries cost ~25 MB rather than
 * the ~100 MB a Map would. It grows by doubling and stops accepting new keys at `maxEntries`
 * (lookups still work), which is what bounds the memory of the duplicate checks.
 */
export class HashIndex {
  private keysA: Int32Array;
  private keysB: Int32Array;
  /** 0 marks an empty slot; stored values are > 0. */
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(private readonly maxEntries: number, initialSlots = 1024) {
    const slots = 1 << Math.ceil(Math.log2(Math.max(16, initialSlots)));
    this.keysA = new Int32Array(slots);
    this.keysB = new Int32Array(slots);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
  }

  get full(): boolean {
    return this.size >= this.maxEntries;
  }

  /** The value stored under the key, or 0. */
  get(a: number, b: number): number {
    let i = slotOf(a, b) & this.mask;
    for (;;) {
      const v = this.values[i]!;
      if (v === 0) return 0;
      if (this.keysA[i] === a && this.keysB[i] === b) return v;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * Stores `value` under the key unless the key is present; returns the value already stored,
   * or 0 when it stored (or, once full, when it would have stored) the new one.
   */
  putIfAbsent(a: number, b: number, value: number): number {
    let i = slotOf(a, b) & this.mask;
    for (;;) {
      const v = this.values[i]!;
      if (v === 0) break;
      if (this.keysA[i] === a && this.keysB[i] === b) return v;
      i = (i + 1) & this.mask;
    }
    if (this.size >= this.maxEntries) return 0;
    this.keysA[i] = a;
    this.keysB[i] = b;
    this.values[i] = value;
    this.size++;
    // Keep the load under one half, so probes stay short.
    if (this.size * 2 > this.mask) this.grow();
    return 0;
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    const slots = values.length * 2;
    this.keysA = new Int32Array(slots);
    this.keysB = new Int32Array(slots);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
    for (let j = 0; j < values.length; j++) {
      const v = values[j]!;
      if (v === 0) continue;
      let i = slotOf(keysA[j]!, keysB[j]!) & this.mask;
      while (this.values[i] !== 0) i = (i + 1) & this.mask;
      this.keysA[i] = keysA[j]!;
      this.keysB[i] = keysB[j]!;
      this.values[i] = v;
    }
  }
}

function slotOf(a: number, b: number): number {
  return fmix32(a ^ Math.imul(b, 0x9e3779b1));
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
