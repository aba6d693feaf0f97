export { flagAnswers } from './flags';
export { assertJudgeFamilies, sameFamilyJudges } from './judge-family';
export { JUDGE_ORDERS, judgeQuestion } from './judge-question';
export { buildJudgeRequest, newDelimiter } from './prompt';
export { addressesJudge, sanitizeAnswer } from './sanitize';
export { overlapF1 } from './text-overlap';
export { candidateScore, parseVerdict, rationaleOf, VERDICT_SCALE } from './verdict';
