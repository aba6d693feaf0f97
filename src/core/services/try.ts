import { UserError } from '../errors';
import { hiddenQuestionMatcher } from '../judging/question-match';
import { STAGE_LABEL } from '../submission-stage';
import { type Actor, type LeagueDeps, utcDay } from './context';
import { DEFAULT_TRY_PER_DAY } from './rounds';
import { hoursToMidnightUtc } from './submit';

/** The daily `try` counter shares the quota store under its own key (never a round id: those have no colon). */
export const tryQuotaKey = (roundId: string): string => `try:${roundId}`;

/**
 * `try <submission> "question"`: checks what can be checked in the acknowledgement's time (the
 * member's own trained model, not a hidden question, a try left today), counts the try, and queues
 * the work: hosting a model can take minutes, so the answers come by DM.
 */
export async function requestTry(
  deps: LeagueDeps,
  actor: Actor,
  submissionId: string,
  question: string,
): Promise<string> {
  const sub = await deps.store.getSubmission(submissionId);
  // Only one's own model: someone else's reads as missing, for organizers too (a try is a member's tool).
  if (!sub || sub.userId !== actor.userId)
    throw new UserError(
      'NOT_FOUND',
      `No submission \`${submissionId}\` of yours.`,
      'See `/league status` for your submissions.',
    );
  if (!sub.modelUri)
    throw new UserError(
      'CONFLICT',
      `Submission ${sub.id} has no trained model to ask (it is ${STAGE_LABEL[sub.stage].toLowerCase()}).`,
      `You can try a submission once its training has finished: see \`/league status ${sub.id}\`.`,
    );
  const round = await deps.store.getRound(sub.roundId);
  if (!round) throw new UserError('NOT_FOUND', `The round of submission ${sub.id} no longer exists.`);
  // Never says which question: that would reveal the hidden set one try at a time.
  if (hiddenQuestionMatcher(await deps.store.getQuestions(round.id)).matches(question))
    throw new UserError(
      'FORBIDDEN',
      "That question is too close to one of the round's hidden evaluation questions, so it cannot be tried.",
      'Ask something else, in your own words.',
    );
  const limit = round.tryPerDay ?? DEFAULT_TRY_PER_DAY;
  if (limit === 0) throw new UserError('FORBIDDEN', `Trying models is turned off in ${round.name}.`);
  const now = deps.clock.now();
  const day = utcDay(now);
  const used = await deps.store.chargeQuota(tryQuotaKey(round.id), actor.userId, day, limit);
  if (used === undefined)
    throw new UserError(
      'QUOTA_EXCEEDED',
      `You have used all ${limit} tries for today in ${round.name}.`,
      `Tries reset at 00:00 UTC, in about ${hoursToMidnightUtc(now)} h.`,
    );
  const tryId = deps.ids.next('try');
  try {
    await deps.queue.send([{ type: 'try', tryId, submission: sub.id, userId: actor.userId, question, day }]);
  } catch (e) {
    await deps.store.refundQuota(tryQuotaKey(round.id), actor.userId, day);
    throw e;
  }
  deps.log.info('try queued', { tryId, submissionId: sub.id });
  const hosting = deps.host.provisioned ? ' If your model has no host running, starting one takes a few minutes.' : '';
  return `Asking your model ${sub.id} and the reference: both answers and the judge's verdict come by DM.${hosting} Tries left today: ${limit - used}.`;
}
