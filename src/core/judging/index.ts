export { sanitizeAnswer, addressesJudge } from './sanitize';
export { parseVerdict, candidateScore, VERDICT_SCALE, type Verdict } from './verdict';
export { buildJudgeRequest, newDelimiter } from './prompt';
export { judgeQuestion, type JudgedOrder, type JudgeQuestionArgs } from './judge-question';
export { createOfflineJudge, overlapF1 } from './offline-judge';
