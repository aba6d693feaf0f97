import { approxTokens, overlapF1 } from '../../core/judging/text-overlap';
import type { Verdict } from '../../core/judging/verdict';
import type { Judge, JudgeRequest, ModelResponse } from '../../core/ports';

/** Margins of content-word F1 between the answers that make a tie, a preference, a strong preference. */
const OFFLINE_TIE_MARGIN = 0.03;
const OFFLINE_STRONG_MARGIN = 0.2;

/** Maps the F1 margin (A minus B) onto the five-level scale. */
export function verdictFromMargin(margin: number): Verdict {
  if (Math.abs(margin) < OFFLINE_TIE_MARGIN) return 'A=B';
  if (margin > 0) return margin >= OFFLINE_STRONG_MARGIN ? 'A>>B' : 'A>B';
  return -margin >= OFFLINE_STRONG_MARGIN ? 'B>>A' : 'B>A';
}

const describe: Record<Verdict, string> = {
  'A>>B': 'A is clearly closer',
  'A>B': 'A is somewhat closer',
  'A=B': 'they are about as close',
  'B>A': 'B is somewhat closer',
  'B>>A': 'B is clearly closer',
};

/**
 * A LABELLED STAND-IN for an LLM judge, for local mode and tests: it is not a language model and
 * understands nothing. Reference-guided, it scores each answer by the F1 of the content words it
 * shares with the gold answer (with the question when there is no gold) and maps the margin onto the
 * five-level scale: within 0.03 a tie, from 0.2 a strong preference. F1 weighs precision, so padding
 * an answer lowers its score rather than raising it. Deterministic; it reads the structured fields.
 */
export function createOfflineJudge(): Judge {
  return {
    modelId: 'offline-judge',
    family: 'offline',
    async judge(req: JudgeRequest): Promise<ModelResponse> {
      const target = req.gold ?? req.question;
      const a = overlapF1(req.answerA, target);
      const b = overlapF1(req.answerB, target);
      const verdict = verdictFromMargin(a - b);
      const against = req.gold ? 'the gold answer' : 'the question';
      const text = `Content-word overlap (F1) with ${against}: A ${a.toFixed(2)}, B ${b.toFixed(2)}, so ${describe[verdict]}.\n[[${verdict}]]`;
      const prompt = [req.system ?? '', ...req.messages.map((m) => m.content)].join('\n');
      return { text, inputTokens: approxTokens(prompt), outputTokens: approxTokens(text) };
    },
  };
}
