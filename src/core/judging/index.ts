export { sanitizeAnswer, addressesJudge, type SanitizeOptions } from './sanitize';
export { parseVerdict, findVerdict, candidateScore, rationaleOf, VERDICT_SCALE, MAX_RATIONALE_CHARS, type Verdict, type ParsedVerdict } from './verdict';
export { buildJudgeRequest, newDelimiter, withVerdictReminder, type JudgePromptInput } from './prompt';
export { judgeQuestion, JUDGE_ORDERS, type JudgedOrder, type JudgeQuestionArgs } from './judge-question';
export { createOfflineJudge, verdictFromMargin } from './offline-judge';
export { createGullibleJudge } from './gullible-judge';
export { contentWords, overlapF1 } from './text-overlap';
export { flagAnswers, type AnswerFlags } from './flags';
