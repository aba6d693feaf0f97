import type { Command } from '../commands';
import { UserError } from '../errors';
import { appealMessage } from '../messages/appeal';
import type { Appeal, Judgment, Submission } from '../model';
import type { Actor, LeagueDeps } from './context';
import { tellOrganizers } from './organizers';

const MAX_APPEAL_REASON_CHARS = 1000;

/**
 * The judgments of one question of a scored submission; a clear error when there are none, naming
 * the questions `visible` lets the asker see.
 */
export async function questionJudgments(
  deps: LeagueDeps,
  sub: Submission,
  questionId: string,
  visible: (questionId: string) => boolean = () => true,
): Promise<Judgment[]> {
  const all = await deps.store.listJudgments(sub.id);
  const own = all.filter((j) => j.questionId === questionId);
  if (!own.length) {
    const ids = [...new Set(all.map((j) => j.questionId))].filter(visible).sort();
    throw new UserError(
      'NOT_FOUND',
      `Submission ${sub.id} has no judgment of question \`${questionId}\`.`,
      ids.length
        ? `Its judged questions: ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? `, … (${ids.length})` : ''}.`
        : undefined,
    );
  }
  return own;
}

/** `appeal`: the owner of a scored submission asks organizers to review one question's judgment. */
export async function appealJudgment(
  deps: LeagueDeps,
  actor: Actor,
  command: Extract<Command, { kind: 'appeal' }>,
): Promise<string> {
  const sub = await deps.store.getSubmission(command.submissionId);
  if (sub && sub.userId !== actor.userId && actor.isOrganizer) {
    throw new UserError(
      'FORBIDDEN',
      `Only the member who submitted ${sub.id} can appeal its judgments.`,
      `To change a judgment yourself: \`/league override ${sub.id} ${command.questionId} <verdict>\`.`,
    );
  }
  // Someone else's submission reads as missing: ids are not a way to spy.
  if (!sub || sub.userId !== actor.userId)
    throw new UserError(
      'NOT_FOUND',
      `No submission \`${command.submissionId}\` of yours.`,
      'See `/league status` for your submissions.',
    );
  if (sub.stage !== 'SCORED')
    throw new UserError('CONFLICT', `Only a scored submission can be appealed; ${sub.id} is not scored.`);
  const questions = await deps.store.getQuestions(sub.roundId);
  const question = questions.find((q) => q.id === command.questionId);
  // A private question is not named to a member, not even as "private": it reads as unknown.
  if (question?.split === 'private') {
    const publicIds = questions.filter((q) => q.split !== 'private').map((q) => q.id);
    throw new UserError(
      'NOT_FOUND',
      `Question \`${command.questionId}\` is not one you can appeal.`,
      `Appeals are for the public questions your result quotes: ${publicIds.slice(0, 12).join(', ')}${publicIds.length > 12 ? ', …' : ''}.`,
    );
  }
  const privateIds = new Set(questions.filter((q) => q.split === 'private').map((q) => q.id));
  const judgments = await questionJudgments(deps, sub, command.questionId, (id) => !privateIds.has(id));
  const reason = command.reason.trim().slice(0, MAX_APPEAL_REASON_CHARS);
  const appeal: Appeal = {
    submissionId: sub.id,
    questionId: command.questionId,
    roundId: sub.roundId,
    userId: sub.userId,
    reason,
    status: 'open',
    openedAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.store.openAppeal(appeal))) {
    throw new UserError(
      'CONFLICT',
      `You already have an open appeal on question ${command.questionId} of ${sub.id}.`,
      'Organizers will answer it; you get a DM when they do.',
    );
  }
  await deps.store.appendAudit({
    at: appeal.openedAt,
    actor: actor.userId,
    action: 'appeal.open',
    target: sub.id,
    detail: { questionId: appeal.questionId, reason },
  });
  const round = await deps.store.getRound(sub.roundId);
  const reached = await tellOrganizers(
    deps,
    appealMessage({ appeal, round, question, judgments }),
    `appeal#${sub.id}#${appeal.questionId}#${appeal.openedAt}`,
    `appeal of ${sub.id} on ${appeal.questionId}`,
  );
  return reached
    ? `Your appeal on question ${appeal.questionId} of ${sub.id} is with the organizers. You get a DM when they decide.`
    : `Your appeal on question ${appeal.questionId} of ${sub.id} is recorded, but no organizer could be told just now; the league keeps trying, and the appeal stays open until they decide. You get a DM when they do.`;
}
