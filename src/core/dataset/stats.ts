import type { TokenSummary } from './report';

/** Estimated tokens from UTF-8 length: four bytes a token, close for English with Llama 3, high for others. */
export function estimateTokens(utf8Bytes: number): number {
  return Math.ceil(utf8Bytes / 4);
}

/** Token counts below this are counted in an array; the rarer ones above, in a map. */
const DENSE_COUNTS = 4096;

/** How many values of a field had each token count: exact percentiles in memory bounded by the line limit. */
export class TokenCounts {
  private readonly dense = new Uint32Array(DENSE_COUNTS);
  private readonly sparse = new Map<number, number>();
  /** Values counted. */
  seen = 0;

  add(tokens: number): void {
    this.seen++;
    if (tokens < DENSE_COUNTS) this.dense[tokens]!++;
    else this.sparse.set(tokens, (this.sparse.get(tokens) ?? 0) + 1);
  }

  /** Percentiles by nearest rank: the value at rank ⌈q·n⌉ in increasing order. */
  summary(): TokenSummary {
    if (this.seen === 0) return { min: 0, median: 0, p95: 0, max: 0 };
    const ranks = [1, Math.ceil(0.5 * this.seen), Math.ceil(0.95 * this.seen), this.seen];
    const found: number[] = [];
    let below = 0;
    const walk = (value: number, count: number) => {
      below += count;
      while (found.length < ranks.length && below >= ranks[found.length]!) found.push(value);
    };
    for (let v = 0; v < DENSE_COUNTS && found.length < ranks.length; v++) if (this.dense[v]) walk(v, this.dense[v]!);
    for (const v of [...this.sparse.keys()].sort((a, b) => a - b)) walk(v, this.sparse.get(v)!);
    const [min, median, p95, max] = found as [number, number, number, number];
    return { min, median, p95, max };
  }
}

/** Token statistics per field name, in the order fields first appear. */
export class TokenStats {
  private readonly fields = new Map<string, TokenCounts>();

  /** The counts of a field, to keep and call per row without a lookup. */
  field(name: string): TokenCounts {
    let counts = this.fields.get(name);
    if (!counts) this.fields.set(name, (counts = new TokenCounts()));
    return counts;
  }

  summary(): Record<string, TokenSummary> {
    const out: Record<string, TokenSummary> = {};
    for (const [field, counts] of this.fields) if (counts.seen && field !== 'total') out[field] = counts.summary();
    const total = this.fields.get('total');
    if (total?.seen) out.total = total.summary();
    return out;
  }
}
