import { UserError } from '../../errors';
import { budgetLine } from '../../messages/draft';
import type { Round, UserId } from '../../model';
import { type LeagueDeps, utcDay } from '../context';
import { DEFAULT_GENERATE_MAX, DEFAULT_GENERATE_TOKENS } from '../rounds';
import { hoursToMidnightUtc } from '../submit';

/** Generator tokens a member may spend a day in the round. */
export const generationLimit = (round: Round): number => round.generateTokensPerDay ?? DEFAULT_GENERATE_TOKENS;
/** Rows one `generate` may ask for in the round. */
export const generationMaxCount = (round: Round): number => round.generateMaxCount ?? DEFAULT_GENERATE_MAX;

/** Refuses, with the reset time, a member whose generation budget for today is spent. */
export async function checkGenerationBudget(deps: LeagueDeps, round: Round, userId: UserId): Promise<void> {
  const now = deps.clock.now();
  const limit = generationLimit(round);
  if (limit <= 0)
    throw new UserError(
      'FORBIDDEN',
      `${round.name} does not offer dataset generation.`,
      'Build your dataset yourself and attach it to `/league submit`.',
    );
  const used = await deps.store.generationTokensUsed(round.id, userId, utcDay(now));
  if (used >= limit)
    throw new UserError(
      'QUOTA_EXCEEDED',
      `You have used your ${limit.toLocaleString('en-US')} generation tokens for today in ${round.name}.`,
      `The budget resets at 00:00 UTC, in about ${hoursToMidnightUtc(now)} h. Meanwhile you can still review and submit your drafts.`,
    );
}

/** The member's budget line for `status`. */
export async function generationBudgetLine(
  deps: LeagueDeps,
  round: Round,
  userId: UserId,
): Promise<string | undefined> {
  const limit = generationLimit(round);
  if (limit <= 0) return undefined;
  const now = deps.clock.now();
  const used = await deps.store.generationTokensUsed(round.id, userId, utcDay(now));
  return budgetLine(used, limit, hoursToMidnightUtc(now));
}
