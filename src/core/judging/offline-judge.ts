import type { Judge, JudgeRequest, ModelResponse } from '../ports';

const STOP = new Set('a an the and or of to in on for is are was were be been it its this that what which who how why when where do does did can with as at by from about into than then so if not no your you my me we our'.split(' '));
const words = (t: string) => (t.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP.has(w)).map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w));

/** F1 of content-word overlap: precision matters, so padding an answer lowers its score. */
export function overlapF1(answer: string, target: string): number {
  const a = words(answer);
  const t = words(target);
  if (!a.length || !t.length) return 0;
  const counts = new Map<string, number>();
  for (const w of t) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of a) {
    const c = counts.get(w) ?? 0;
    if (c > 0) { common++; counts.set(w, c - 1); }
  }
  if (!common) return 0;
  const precision = common / a.length;
  const recall = common / t.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Offline stand-in for an LLM judge (local mode and tests): reference-guided, it compares each answer
 * with the gold answer (or the question when there is none) by content-word F1. Deterministic.
 */
export function createOfflineJudge(): Judge {
  return {
    modelId: 'offline-judge',
    family: 'offline',
    async judge(req: JudgeRequest): Promise<ModelResponse> {
      const target = req.gold ?? req.question;
      const a = overlapF1(req.answerA, target);
      const b = overlapF1(req.answerB, target);
      const margin = a - b;
      const verdict = Math.abs(margin) < 0.03 ? 'A=B' : margin >= 0.25 ? 'A>>B' : margin > 0 ? 'A>B' : margin <= -0.25 ? 'B>>A' : 'B>A';
      const text = `Overlap with the reference: A ${a.toFixed(2)}, B ${b.toFixed(2)}. [[${verdict}]]`;
      const prompt = (req.system ?? '') + req.messages.map((m) => m.content).join('\n');
      return { text, inputTokens: Math.ceil(prompt.length / 4), outputTokens: Math.ceil(text.length / 4) };
    },
  };
}
