import { contentWords } from './text-overlap';

/** Contractions written out, so "What's" meets "What is" and "don't" meets "do not". */
const CONTRACTIONS: [RegExp, string][] = [
  [/[’‘`]/g, "'"],
  [/\bwon't\b/gi, 'will not'],
  [/\bcan't\b/gi, 'can not'],
  [/n't\b/gi, ' not'],
  [/'re\b/gi, ' are'],
  [/'ve\b/gi, ' have'],
  [/'ll\b/gi, ' will'],
  [/'d\b/gi, ' would'],
  [/'m\b/gi, ' am'],
  [/\blet's\b/gi, 'let us'],
  [/'s\b/gi, ' is'],
];

/** A light stemmer: enough that "paying", "paid" and "pays" meet "pay" more often than not. */
function stem(word: string): string {
  for (const suffix of ['ingly', 'ing', 'edly', 'ed', 'ies', 'es', 'ly']) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Content words, contractions written out and stemmed: the form leakage is compared in. */
export function normalisedWords(text: string): string[] {
  let t = text;
  for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  return contentWords(t).map(stem);
}

const SHINGLE = 3;

/** Content-word 3-grams of a text, normalised. */
export function contentShingles(text: string): Set<string> {
  const words = normalisedWords(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(words.slice(i, i + SHINGLE).join(' '));
  return out;
}

/** Share of a gold answer's shingles a response must contain for the gold to count as reproduced. */
const GOLD_CONTAINMENT = 0.8;
/** Gold answers shorter than this many shingles are too generic to tell a copy from a coincidence. */
const MIN_GOLD_SHINGLES = 4;

export interface GoldLeak {
  questionId: string;
  /** 1-based row of the dataset whose response reproduces it. */
  row: number;
  containment: number;
}

/**
 * Finds the hidden gold answers a dataset's responses reproduce: a gold answer is reproduced by a
 * response that contains at least 80% of its normalised content-word 3-grams (so rewording with
 * contractions, plurals or verb forms does not hide it). One finding per gold answer.
 */
export class GoldLeakIndex {
  private readonly owners = new Map<string, number[]>();
  private readonly golds: { questionId: string; size: number }[] = [];
  private readonly found = new Map<number, GoldLeak>();

  constructor(questions: readonly { id: string; gold?: string }[]) {
    for (const q of questions) {
      if (!q.gold) continue;
      const shingles = contentShingles(q.gold);
      if (shingles.size < MIN_GOLD_SHINGLES) continue;
      const index = this.golds.push({ questionId: q.id, size: shingles.size }) - 1;
      for (const s of shingles) this.owners.set(s, [...(this.owners.get(s) ?? []), index]);
    }
  }

  /** Checks one response (rows numbered from 1). */
  add(row: number, response: string): void {
    if (!this.golds.length) return;
    const hits = new Map<number, number>();
    for (const s of contentShingles(response))
      for (const g of this.owners.get(s) ?? []) hits.set(g, (hits.get(g) ?? 0) + 1);
    for (const [g, n] of hits) {
      const containment = n / this.golds[g]!.size;
      if (containment >= GOLD_CONTAINMENT && !this.found.has(g))
        this.found.set(g, { questionId: this.golds[g]!.questionId, row, containment });
    }
  }

  /** The gold answers reproduced, in question order. */
  leaks(): GoldLeak[] {
    return [...this.found.entries()].sort(([a], [b]) => a - b).map(([, leak]) => leak);
  }

  /** Gold answers long enough to check. */
  get checked(): number {
    return this.golds.length;
  }
}

/**
 * The answers of one train.jsonl row as the validator writes it: `response` (or `completion`,
 * `output`) of an instruction row, every assistant turn of a chat row. Anything else gives none.
 */
export function responsesOfTrainLine(line: string): string[] {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    return [];
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return [];
  const r = row as Record<string, unknown>;
  const turns = r.messages ?? r.dialog;
  if (Array.isArray(turns))
    return turns.flatMap((t) =>
      t &&
      typeof t === 'object' &&
      (t as { role?: unknown }).role === 'assistant' &&
      typeof (t as { content?: unknown }).content === 'string'
        ? [(t as { content: string }).content]
        : [],
    );
  return ['response', 'completion', 'output'].flatMap((k) => (typeof r[k] === 'string' ? [r[k] as string] : []));
}
