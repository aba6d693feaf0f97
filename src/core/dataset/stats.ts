import type { TokenSummary } from './report';

/**
 * Estimated tokens of a text from its UTF-8 length: about four bytes per token, which is close
 * for English with Llama 3's tokenizer and errs high rather than low for other scripts.
 */
export function estimateTokens(utf8Bytes: number): number {
  return Math.ceil(utf8Bytes / 4);
}

/** Token counts kept per field for the percentiles; beyond it the median and p95 come from a uniform sample. */
export const TOKEN_SAMPLE_CAP = 10_000;
const WARM_UP_TAKES = 16;

/**
 * Min, max and a reservoir sample of one field's token counts: constant memory for any number of
 * rows. Once the sample is full, Algorithm L (Li, 1994) draws how many values to skip before the
 * next one taken, instead of a draw for every value: a row costs a comparison.
 */
export class TokenReservoir {
  private readonly sample = new Int32Array(TOKEN_SAMPLE_CAP);
  private seen = 0;
  private min = Infinity;
  private max = 0;
  /** Index of the next value to take into the full sample. */
  private nextTaken = 0;
  private weight = 1;

  constructor(private readonly random: () => number) {
    // Take a few times now, so that the path first taken mid-file has its type feedback and does
    // not send the optimised row loop back to the interpreter (the engine records feedback only
    // after a function's first few calls); then start afresh.
    for (let i = 0; i < WARM_UP_TAKES; i++) {
      this.seen = this.nextTaken = TOKEN_SAMPLE_CAP;
      this.add(0);
    }
    this.seen = 0;
    this.min = Infinity;
    this.max = 0;
    this.weight = Math.exp(Math.log(this.random()) / TOKEN_SAMPLE_CAP);
    this.nextTaken = TOKEN_SAMPLE_CAP + this.skip();
  }

  get empty(): boolean {
    return this.seen === 0;
  }

  add(tokens: number): void {
    if (tokens < this.min) this.min = tokens;
    if (tokens > this.max) this.max = tokens;
    const index = this.seen++;
    if (index < TOKEN_SAMPLE_CAP) this.sample[index] = tokens;
    else if (index === this.nextTaken) this.take(tokens);
  }

  private take(tokens: number): void {
    this.sample[Math.floor(this.random() * TOKEN_SAMPLE_CAP)] = tokens;
    this.weight *= Math.exp(Math.log(this.random()) / TOKEN_SAMPLE_CAP);
    this.nextTaken += this.skip() + 1;
  }

  private skip(): number {
    return Math.floor(Math.log(this.random()) / Math.log(1 - this.weight));
  }

  summary(): TokenSummary {
    if (this.seen === 0) return { min: 0, median: 0, p95: 0, max: 0 };
    const sorted = this.sample.slice(0, Math.min(this.seen, TOKEN_SAMPLE_CAP)).sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return { min: this.min, median: at(0.5), p95: at(0.95), max: this.max };
  }
}

/** Token statistics per field name, in the order fields first appear. */
export class TokenStats {
  private readonly fields = new Map<string, TokenReservoir>();
  // A fixed-seed generator: the same file always gives the same report.
  private state = 0x2545f491;
  private readonly random = () => {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return (x >>> 0) / 0x100000000;
  };

  /** The reservoir of a field, to keep and call per row without a lookup. */
  field(name: string): TokenReservoir {
    let r = this.fields.get(name);
    if (!r) this.fields.set(name, (r = new TokenReservoir(this.random)));
    return r;
  }

  add(field: string, tokens: number): void {
    this.field(field).add(tokens);
  }

  summary(): Record<string, TokenSummary> {
    const out: Record<string, TokenSummary> = {};
    for (const [field, r] of this.fields) if (!r.empty && field !== 'total') out[field] = r.summary();
    const total = this.fields.get('total');
    if (total && !total.empty) out.total = total.summary();
    return out;
  }
}
