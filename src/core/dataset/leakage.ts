import { ShingleSketch } from './minhash';

/** Share of a hidden question's shingles that a prompt must contain to count as overlapping it. */
const LEAKAGE_CONTAINMENT = 0.7;
/** Questions with at most this many shingles must appear whole: "what is a …" openings are shared by many. */
const WHOLE_QUESTION_SHINGLES = 4;
const BITMAP_BITS = 1 << 20;

export interface HiddenOverlap {
  question: number;
  containment: number;
}

/**
 * Finds prompts that contain most of a hidden question's word 3-grams (containment, so a wrapped
 * question counts). A bitmap of the questions' shingles filters before any map lookup.
 */
export class HiddenQuestionIndex {
  private readonly bitmap = new Uint32Array(BITMAP_BITS / 32);
  private readonly owners = new Map<number, number[]>();
  readonly shingleCounts: number[] = [];
  private readonly hits = new Map<number, Set<number>>();
  private readonly sketch = new ShingleSketch();

  constructor(readonly questions: readonly string[]) {
    questions.forEach((q, index) => {
      const own = new Set<number>();
      this.sketch.reset();
      this.sketch.add(q, (h) => own.add(h));
      this.shingleCounts.push(own.size);
      for (const h of own) {
        this.bitmap[(h >>> 12) & (BITMAP_BITS / 32 - 1)]! |= 1 << (h & 31);
        const list = this.owners.get(h);
        if (list) list.push(index);
        else this.owners.set(h, [index]);
      }
    });
  }

  /** The hidden question the prompt overlaps most, if any reaches the threshold. */
  overlap(prompt: string): HiddenOverlap | undefined {
    if (this.hits.size) this.hits.clear();
    this.sketch.reset();
    this.sketch.add(prompt, this.onShingle);
    return this.best();
  }

  private readonly onShingle = (h: number): void => {
    if ((this.bitmap[(h >>> 12) & (BITMAP_BITS / 32 - 1)]! & (1 << (h & 31))) === 0) return;
    const owners = this.owners.get(h);
    if (!owners) return;
    for (const q of owners) {
      let seen = this.hits.get(q);
      if (!seen) this.hits.set(q, (seen = new Set()));
      seen.add(h);
    }
  };

  private best(): HiddenOverlap | undefined {
    let best: HiddenOverlap | undefined;
    for (const [question, seen] of this.hits) {
      const total = this.shingleCounts[question]!;
      const containment = seen.size / total;
      const needed = total <= WHOLE_QUESTION_SHINGLES ? total : Math.ceil(LEAKAGE_CONTAINMENT * total);
      if (seen.size >= needed && (!best || containment > best.containment)) best = { question, containment };
    }
    return best;
  }
}
