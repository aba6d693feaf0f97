import type { Command, Verdict } from '../commands';
import { UserError } from '../errors';
import { candidateScore } from '../judging';
import { overrideOutcomeMessage } from '../messages/appeal';
import { pct } from '../messages/format';
import type { JudgeOrder, Judgment } from '../model';
import { STAGE_LABEL } from '../submission-stage';
import { questionJudgments } from './appeals';
import type { Actor, LeagueDeps } from './context';
import { rankedLeaderboard, refreshMemberEntry } from './leaderboard';
import { scoreSubmission } from './pipeline/score';
import { updateProgress } from './progress';

const MIRROR: Record<Verdict, Verdict> = { 'A>>B': 'B>>A', 'A>B': 'B>A', 'A=B': 'A=B', 'B>A': 'A>B', 'B>>A': 'A>>B' };

/** The organizer's verdict (candidate as A) as it reads in a judgment of the given order. */
const verdictInOrder = (verdict: Verdict, order: JudgeOrder): Verdict =>
  order === 'candidate-first' ? verdict : MIRROR[verdict];

/**
 * `override`: the organizer's verdict replaces every judgment of the question (each judge, both
 * orders), is audited with what it replaced, closes an open appeal, rescores the submission (win
 * rate, interval, strict wins), updates the leaderboard and tells the member by DM.
 */
export async function overrideJudgment(
  deps: LeagueDeps,
  actor: Actor,
  command: Extract<Command, { kind: 'override' }>,
): Promise<string> {
  const sub = await deps.store.getSubmission(command.submissionId);
  if (!sub)
    throw new UserError(
      'NOT_FOUND',
      `No submission \`${command.submissionId}\`.`,
      'Submission ids are in appeals and in `/league export`.',
    );
  if (sub.stage !== 'SCORED' || !sub.score) {
    throw new UserError(
      'CONFLICT',
      `Only a scored submission's judgments can be overridden; ${sub.id} is ${STAGE_LABEL[sub.stage].toLowerCase()}.`,
    );
  }
  const replaced = await questionJudgments(deps, sub, command.questionId);
  const now = deps.clock.now().toISOString();
  const rankBefore = (await rankedLeaderboard(deps, sub.roundId)).find((r) => r.submissionId === sub.id)?.rank;

  for (const j of replaced) {
    const verdict = verdictInOrder(command.verdict, j.order);
    const next: Judgment = {
      ...j,
      verdict,
      score: candidateScore(verdict, j.order),
      overriddenBy: actor.userId,
      judged: j.judged ?? { verdict: j.verdict, score: j.score },
      ...(command.source ? { overrideSource: command.source } : {}),
      rationale: `Organizer override${command.source === 'calibration' ? ' (people agreed in calibration)' : ''}: ${command.verdict} with the member's answer as A.`,
    };
    await deps.store.replaceJudgment(next);
  }
  const score = await scoreSubmission(deps, sub, await deps.store.listJudgments(sub.id));
  // updatedAt stays the time the submission was scored (the export's finished_at).
  await deps.store.patchSubmission(sub.id, { score });
  const rescored = { ...sub, score };
  await refreshMemberEntry(deps, rescored);
  const appealClosed = await deps.store.closeAppeal(sub.id, command.questionId, {
    closedAt: now,
    closedBy: actor.userId,
    outcome: `verdict ${command.verdict}`,
  });
  await deps.store.appendAudit({
    at: now,
    actor: actor.userId,
    action: 'judgment.override',
    target: sub.id,
    detail: {
      questionId: command.questionId,
      verdict: command.verdict,
      ...(command.source ? { source: command.source } : {}),
      appealClosed,
      replaced: replaced.map((j) => ({ judge: j.judge, order: j.order, verdict: j.verdict, score: j.score })),
      before: { winRate: sub.score.winRate, ciLow: sub.score.ciLow, ciHigh: sub.score.ciHigh },
      after: { winRate: score.winRate, ciLow: score.ciLow, ciHigh: score.ciHigh },
    },
  });
  const rankAfter = (await rankedLeaderboard(deps, sub.roundId)).find((r) => r.submissionId === sub.id)?.rank;
  const round = await deps.store.getRound(sub.roundId);
  await updateProgress(deps, rescored);
  // The top may have changed: the channel hears about a new leader as after any scoring.
  await deps.queue.send([
    { type: 'post-leaderboard', roundId: sub.roundId, reason: `override ${sub.id} ${command.questionId}` },
  ]);
  // Last, and not fatal: the override stands whether or not the member can be reached.
  let told = true;
  try {
    await deps.chat.dm(
      sub.userId,
      overrideOutcomeMessage({
        submissionId: sub.id,
        round,
        questionId: command.questionId,
        verdict: command.verdict,
        before: sub.score,
        after: score,
        rankBefore,
        rankAfter,
        appealClosed,
      }),
    );
  } catch (e) {
    told = false;
    deps.log.warn('override DM not delivered', {
      submissionId: sub.id,
      error: e instanceof Error ? e.message : String(e),
    });
  }
  return (
    `Question ${command.questionId} of ${sub.id} now reads ${command.verdict} (${replaced.length} judgment${replaced.length === 1 ? '' : 's'} replaced): ` +
    `win rate ${pct(sub.score.winRate)} → ${pct(score.winRate)}${appealClosed ? '; the appeal is closed' : ''}. ` +
    (told ? 'The member has been told by DM.' : 'The member could not be reached by DM: tell them yourself.')
  );
}
