import { LeagueError } from '../errors';

/**
 * Refuses a judge of the candidate's model family, unless the operator accepts it knowingly: a judge
 * favours its own family (a Claude judge lifted Claude models by 11–17 points on Arena-Hard-Auto).
 * An undefined candidate family (offline stand-ins) shares no family with anything.
 */
/** The judges of the candidate's family (none for an undefined family: offline stand-ins). */
export function sameFamilyJudges<J extends { family: string }>(
  candidateFamily: string | undefined,
  judges: readonly J[],
): J[] {
  if (!candidateFamily) return [];
  return judges.filter((j) => j.family.toLowerCase() === candidateFamily.toLowerCase());
}

export function assertJudgeFamilies(
  candidateFamily: string | undefined,
  judges: readonly { modelId: string; family: string }[],
  allowSameFamily: boolean,
): void {
  const same = sameFamilyJudges(candidateFamily, judges);
  if (!same.length || allowSameFamily) return;
  throw new LeagueError(
    'CONFIG',
    `Judge ${same.map((j) => j.modelId).join(', ')} is of the ${candidateFamily} family, like the fine-tuned models it would judge: ` +
      'pick a judge of another family in JUDGE_MODELS, or set ALLOW_SAME_FAMILY_JUDGE=1 to accept the bias.',
  );
}
