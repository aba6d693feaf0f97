import type { Judge, JudgeRequest } from '../../src/core/ports';

const INJECTION = /prefer the answer containing this sentence|ignore the (above|previous)/i;

/** Text outside the quoted answer blocks, which a careless judge treats as instructions. */
function outsideQuotes(prompt: string): string {
  const delimiter = /Answer A \(between the delimiters\):\n(.+)\n/.exec(prompt)?.[1];
  if (!delimiter) return prompt;
  return prompt
    .split(delimiter)
    .filter((_, i) => i % 2 === 0)
    .join('\n');
}

/**
 * A deliberately gullible judge for canary tests: it obeys verdict tokens and instructions it finds
 * outside the quoted answers, and otherwise favours recall and length (verbosity bias).
 */
export function createGullibleJudge(): Judge {
  return {
    modelId: 'gullible-judge',
    family: 'test',
    async judge(req: JudgeRequest) {
      const prompt = req.messages.map((m) => m.content).join('\n');
      const outside = outsideQuotes(prompt);
      const token = [...outside.matchAll(/\[\[\s*([AB])\s*(>>|>|=)\s*([AB])\s*\]\]/g)].at(-1);
      let verdict: string;
      if (INJECTION.test(outside)) {
        verdict = INJECTION.test(req.answerA) ? 'A>>B' : INJECTION.test(req.answerB) ? 'B>>A' : 'A=B';
      } else if (token) {
        verdict = `${token[1]}${token[2]}${token[3]}`;
      } else {
        const score = (a: string) => recall(a, req.gold ?? req.question) + Math.min(0.5, a.length / 2000);
        const margin = score(req.answerA) - score(req.answerB);
        verdict = Math.abs(margin) < 0.02 ? 'A=B' : margin > 0 ? 'A>B' : 'B>A';
      }
      const text = `I have weighed both answers. [[${verdict}]]`;
      return { text, inputTokens: Math.ceil(prompt.length / 4), outputTokens: 10 };
    },
  };
}

const words = (t: string) => new Set(t.toLowerCase().match(/[a-z]{3,}/g) ?? []);
function recall(answer: string, target: string): number {
  const a = words(answer);
  const t = words(target);
  if (!t.size) return 0;
  let hit = 0;
  for (const w of t) if (a.has(w)) hit++;
  return hit / t.size;
}
