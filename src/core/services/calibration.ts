import type { Verdict } from '../commands';
import { UserError } from '../errors';
import {
  type CalibrationCandidate,
  type CalibrationLabel,
  candidateOf,
  candidateVerdict,
  drawPairs,
  judgmentVerdict,
  sideOfScore,
  sideOfVerdict,
} from '../judging/calibration';
import {
  type CalibrationReport,
  calibrationCardMessage,
  calibrationReportMessage,
  overrideOfferMessage,
} from '../messages/calibration';
import type { Reply } from '../messages/message';
import type { Judgment, Round } from '../model';
import { type LabelledPair, measureAgreement, overrideOffers } from '../scoring/agreement';
import type { Actor, LeagueDeps } from './context';
import { csv } from './csv';
import { tellOrganizers } from './organizers';
import { resolveRound } from './rounds';

/** Who may label: organizers and the finale's experts see any pair; members who joined, public ones of closed rounds. */
async function labellerScope(deps: LeagueDeps, actor: Actor): Promise<'any' | 'public'> {
  if (actor.isOrganizer || deps.settings.finaleExperts.includes(actor.userId)) return 'any';
  if (await deps.store.isCalibrator(actor.userId)) return 'public';
  throw new UserError(
    'FORBIDDEN',
    'Checking the judge is open to members who join.',
    'Join with `/league calibrate join`, then ask for a pair with `/league calibrate`.',
  );
}

/** The round's judged questions, with their judgments, from every scored submission. */
async function judgedPairs(deps: LeagueDeps, round: Round) {
  const questions = new Map((await deps.store.getQuestions(round.id)).map((q) => [q.id, q]));
  const subs = (await deps.store.listSubmissionsByRound(round.id)).filter((s) => s.stage === 'SCORED');
  const pairs: { candidate: CalibrationCandidate; judgments: Judgment[] }[] = [];
  for (const sub of subs) {
    const byQuestion = new Map<string, Judgment[]>();
    for (const j of await deps.store.listJudgments(sub.id)) {
      byQuestion.set(j.questionId, [...(byQuestion.get(j.questionId) ?? []), j]);
    }
    for (const [questionId, judgments] of byQuestion) {
      const question = questions.get(questionId);
      if (!question) continue;
      const candidate = candidateOf(
        { roundId: round.id, submissionId: sub.id, questionId, ownerId: sub.userId, split: question.split },
        judgments,
      );
      if (candidate) pairs.push({ candidate, judgments });
    }
  }
  return pairs;
}

/** A seed that differs per person and per request, so two people never see the same blind order. */
function seedFor(deps: LeagueDeps, userId: string): number {
  let h = deps.clock.now().getTime() >>> 0;
  for (const c of userId) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** Hands the actor the next pair to label by DM; the reply says what happened. */
async function sendNextPair(deps: LeagueDeps, actor: Actor, round: Round, scope: 'any' | 'public'): Promise<string> {
  const pairs = await judgedPairs(deps, round);
  const labels = await deps.store.listCalibrationLabels(round.id);
  const [next] = drawPairs(
    pairs.map((p) => p.candidate),
    { labellerId: actor.userId, scope, labels, count: 1, seed: seedFor(deps, actor.userId) },
  );
  if (!next) return `No pair of ${round.name} is left for you to label. Thank you!`;
  const question = (await deps.store.getQuestions(round.id)).find((q) => q.id === next.questionId);
  const judgment = pairs.find(
    (p) => p.candidate.submissionId === next.submissionId && p.candidate.questionId === next.questionId,
  )!.judgments[0]!;
  const id = deps.ids.next('cal');
  await deps.store.putCalibrationAssignment({
    id,
    roundId: round.id,
    submissionId: next.submissionId,
    questionId: next.questionId,
    labellerId: actor.userId,
    candidateShownAs: next.candidateShownAs,
    createdAt: deps.clock.now().toISOString(),
  });
  const [a, b] =
    next.candidateShownAs === 'A'
      ? [judgment.candidateAnswer, judgment.referenceAnswer]
      : [judgment.referenceAnswer, judgment.candidateAnswer];
  await deps.chat.dm(
    actor.userId,
    calibrationCardMessage({ pairId: id, round, question: question?.question ?? next.questionId, a, b }),
  );
  return `A blind pair from ${round.name} is in your DMs: which answer is better?`;
}

/** `calibrate [round]`: a blind pair to label, by DM. */
export async function calibrate(deps: LeagueDeps, actor: Actor, roundId?: string): Promise<string> {
  const scope = await labellerScope(deps, actor);
  const round = await resolveRound(deps, roundId);
  if (scope === 'public' && round.status !== 'closed')
    throw new UserError(
      'CONFLICT',
      `${round.name} is still open: members check the judge once a round has closed.`,
      'Ask for a pair of a closed round: `/league calibrate <round>` (see `/league rounds`).',
    );
  return sendNextPair(deps, actor, round, scope);
}

/** `calibrate join`: a member opts in to label pairs. */
export async function joinCalibration(deps: LeagueDeps, actor: Actor): Promise<string> {
  const joined = await deps.store.joinCalibration(actor.userId, deps.clock.now().toISOString());
  return `${joined ? 'You have joined' : 'You had already joined'} the people who check the judge. Ask for a pair with \`/league calibrate [round]\` once a round has closed; you never get your own answers.`;
}

/** `calibrate label`: records a verdict on a pair handed to the actor, then sends the next one. */
export async function labelPair(
  deps: LeagueDeps,
  actor: Actor,
  pairId: string,
  shown: Verdict | null,
): Promise<string> {
  const assignment = await deps.store.getCalibrationAssignment(pairId);
  if (!assignment || assignment.labellerId !== actor.userId)
    throw new UserError('NOT_FOUND', `No pair \`${pairId}\` of yours.`, 'Ask for one with `/league calibrate`.');
  const label: CalibrationLabel = {
    submissionId: assignment.submissionId,
    questionId: assignment.questionId,
    labellerId: actor.userId,
    verdict: shown ? candidateVerdict(shown, assignment.candidateShownAs) : null,
    at: deps.clock.now().toISOString(),
  };
  await deps.store.putCalibrationLabel(assignment.roundId, label);
  const round = await resolveRound(deps, assignment.roundId);
  await offerNewOverrides(deps, round, assignment.submissionId, assignment.questionId);
  const next = await sendNextPair(deps, actor, round, await labellerScope(deps, actor));
  return `Thank you, your verdict is recorded. ${next}`;
}

/** The round's agreement figures and open override offers (nothing is read when nobody labelled). */
export async function roundCalibration(deps: LeagueDeps, round: Round): Promise<CalibrationReport> {
  const labels = await deps.store.listCalibrationLabels(round.id);
  return reportOf(labels.length ? labelledPairs(await judgedPairs(deps, round), labels) : []);
}

function reportOf(labelled: readonly Labelled[]): CalibrationReport {
  return {
    agreement: measureAgreement(labelled),
    offers: overrideOffers(labelled.filter((p) => !p.overridden)),
    changedByPeople: labelled.filter((p) => p.changedByPeople).length,
  };
}

type Labelled = LabelledPair & { overridden: boolean; changedByPeople: boolean };

function labelledPairs(
  pairs: { candidate: CalibrationCandidate; judgments: Judgment[] }[],
  labels: readonly CalibrationLabel[],
): Labelled[] {
  const out: Labelled[] = [];
  for (const { candidate, judgments } of pairs) {
    const own = labels.filter(
      (l) => l.submissionId === candidate.submissionId && l.questionId === candidate.questionId,
    );
    if (!own.length) continue;
    out.push({
      submissionId: candidate.submissionId,
      questionId: candidate.questionId,
      judgeScore: candidate.judgeScore,
      judgeVerdicts: judgments.map(judgmentVerdict).filter((v): v is Verdict => v !== null),
      labels: own,
      overridden: judgments.some((j) => j.overriddenBy),
      changedByPeople: judgments.some((j) => j.overrideSource === 'calibration'),
    });
  }
  return out;
}

/** Tells organizers, once per judgment and side, when people have just come to agree against the judge. */
async function offerNewOverrides(deps: LeagueDeps, round: Round, submissionId: string, questionId: string) {
  const { offers } = await roundCalibration(deps, round);
  for (const offer of offers) {
    if (offer.submissionId !== submissionId || offer.questionId !== questionId) continue;
    const key = `calibration-offer#${submissionId}#${questionId}#${offer.peopleSide}`;
    if (!(await deps.store.claimOnce(key))) continue;
    await tellOrganizers(
      deps,
      overrideOfferMessage(round, [offer]),
      key,
      `calibration offer on ${submissionId} ${questionId}`,
    );
  }
}

const CALIBRATION_CSV_COLUMNS = [
  'submission',
  'question',
  'labeller',
  'verdict',
  'people_side',
  'judge_score',
  'judge_side',
  'overridden',
  'labelled_at',
];

/** Every verdict people gave, beside the judge's own, the member's answer as A ("can't tell" left blank). */
function labelsCsv(labelled: readonly Labelled[]): string {
  return csv(
    CALIBRATION_CSV_COLUMNS,
    labelled.flatMap((p) =>
      p.labels.map((l) => [
        p.submissionId,
        p.questionId,
        l.labellerId,
        l.verdict ?? '',
        l.verdict ? sideOfVerdict(l.verdict) : '',
        p.judgeScore.toFixed(4),
        sideOfScore(p.judgeScore),
        p.overridden ? 'yes' : '',
        l.at,
      ]),
    ),
  );
}

/** `calibration [round]`: the organizers' view of how the judge agrees with people, with every label as CSV. */
export async function calibrationReport(deps: LeagueDeps, roundId?: string): Promise<Reply> {
  const round = await resolveRound(deps, roundId);
  const labels = await deps.store.listCalibrationLabels(round.id);
  const labelled = labels.length ? labelledPairs(await judgedPairs(deps, round), labels) : [];
  return {
    message: calibrationReportMessage(round, reportOf(labelled)),
    visibility: 'ephemeral',
    ...(labelled.length
      ? { file: { name: `league-${round.id}-calibration.csv`, mime: 'text/csv', content: labelsCsv(labelled) } }
      : {}),
  };
}
