export { type AnswerFlags, flagAnswers } from './flags';
export { JUDGE_ORDERS, type JudgedOrder, type JudgeQuestionArgs, judgeQuestion } from './judge-question';
export { buildJudgeRequest, type JudgePromptInput, newDelimiter, withVerdictReminder } from './prompt';
export { addressesJudge, type SanitizeOptions, sanitizeAnswer } from './sanitize';
export { contentWords, overlapF1 } from './text-overlap';
export {
  candidateScore,
  findVerdict,
  MAX_RATIONALE_CHARS,
  type ParsedVerdict,
  parseVerdict,
  rationaleOf,
  VERDICT_SCALE,
  type Verdict,
} from './verdict';
