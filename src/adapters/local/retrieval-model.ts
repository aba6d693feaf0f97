import type { Generator, ModelRequest, ModelResponse } from '../../core/ports';

/** A prompt/response pair the retrieval model can answer with. */
export interface Pair {
  prompt: string;
  response: string;
}

const STOP = new Set(
  'a an the and or of to in on for is are was were be been it its this that what which who how why when where do does did can could should would i you your my me we our with as at by from about into than then so if not no yes'.split(
    ' ',
  ),
);

function contentWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .match(/[a-z0-9]+/g) ?? []
  )
    .filter((w) => !STOP.has(w))
    .map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w));
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * Offline stand-in for a language model: answers with the response of the most similar known prompt
 * (TF-IDF cosine over content words). A better dataset really does answer more questions well.
 */
export class RetrievalModel implements Generator {
  private readonly vectors: Map<string, number>[];
  private readonly norms: number[];
  private readonly idf = new Map<string, number>();

  constructor(
    readonly modelId: string,
    private readonly pairs: Pair[],
    private readonly fallback = "I don't know.",
  ) {
    const docs = pairs.map((p) => contentWords(p.prompt));
    const df = new Map<string, number>();
    for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
    for (const [w, n] of df) this.idf.set(w, Math.log(1 + docs.length / n));
    this.vectors = docs.map((d) => this.vector(d));
    this.norms = this.vectors.map(norm);
  }

  private vector(words: string[]): Map<string, number> {
    const v = new Map<string, number>();
    for (const w of words) v.set(w, (v.get(w) ?? 0) + (this.idf.get(w) ?? 0));
    return v;
  }

  /** The best-matching response and its similarity in [0,1]. */
  answer(question: string): { text: string; similarity: number } {
    const q = this.vector(contentWords(question));
    const qn = norm(q);
    let best = -1;
    let bestSim = 0;
    this.vectors.forEach((v, i) => {
      let dot = 0;
      for (const [w, x] of q) dot += x * (v.get(w) ?? 0);
      const sim = qn && this.norms[i] ? dot / (qn * this.norms[i]!) : 0;
      if (sim > bestSim) {
        bestSim = sim;
        best = i;
      }
    });
    return best < 0
      ? { text: this.fallback, similarity: 0 }
      : { text: this.pairs[best]!.response, similarity: bestSim };
  }

  async generate(req: ModelRequest): Promise<ModelResponse> {
    const prompt = req.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const text = this.answer(prompt).text.slice(0, req.maxTokens * 4);
    return { text, inputTokens: estimateTokens((req.system ?? '') + prompt), outputTokens: estimateTokens(text) };
  }
}

function norm(v: Map<string, number>): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}
