import { LeagueError } from '../errors';

/**
 * Refuses a judge of the candidate's model family, unless the operator accepts it knowingly: a judge
 * favours its own family (a Claude judge lifted Claude models by 11–17 points on Arena-Hard-Auto).
 * An undefined candidate family (offline stand-ins) shares no family with anything.
 */
export function assertJudgeFamilies(
  candidateFamily: string | undefined,
  judges: readonly { modelId: string; family: string }[],
  allowSameFamily: boolean,
): void {
  if (!candidateFamily || allowSameFamily) return;
  const same = judges.filter((j) => j.family.toLowerCase() === candidateFamily.toLowerCase());
  if (!same.length) return;
  throw new LeagueError(
    'CONFIG',
    `Judge ${same.map((j) => j.modelId).join(', ')} is of the ${candidateFamily} family, like the fine-tuned models it would judge: ` +
      'pick a judge of another family in JUDGE_MODELS, or set ALLOW_SAME_FAMILY_JUDGE=1 to accept the bias.',
  );
}
