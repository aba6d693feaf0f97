import type { Message } from '../../messages/message';
import type { Judgment, ModelUsage, Score, Submission } from '../../model';
import { computeScore, coverageOf, flagLabels } from '../../scoring';
import type { LeagueDeps } from '../context';
import { failSubmission } from '../failures';
import { leaderboardEntryOf } from '../leaderboard';
import { tellOrganizers } from '../organizers';
import { finishStage, loadSubmission } from './advance';
import { releaseSlots } from './queueing';

/**
 * A submission's score from its judgments, with the league's prices, bootstrap seed and coverage
 * rule, the length slope its round's other scored submissions share, and its training time (the
 * same after an override).
 */
export async function scoreSubmission(
  deps: LeagueDeps,
  sub: Pick<Submission, 'id' | 'roundId' | 'trainingBilling'>,
  judgments: Judgment[],
): Promise<Score> {
  const [questions, roundSubmissions] = await Promise.all([
    deps.store.getQuestions(sub.roundId),
    deps.store.listSubmissionsByRound(sub.roundId),
  ]);
  return computeScore(judgments, evaluationUsage(judgments), deps.settings.prices, {
    seed: deps.settings.scoringSeed,
    questions,
    minJudged: deps.settings.minJudged,
    roundLengthStats: roundSubmissions.flatMap((s) =>
      s.id !== sub.id && s.score?.lengthStats ? [s.score.lengthStats] : [],
    ),
    training: sub.trainingBilling,
    instancePrices: deps.settings.trainingPrices,
  });
}

/**
 * Every model call the evaluation made: each judge call, and per question the candidate's answer and
 * the reference's (counted for each submission it serves, as if the evaluation ran alone).
 */
export function evaluationUsage(judgments: readonly Judgment[]): ModelUsage[] {
  const usage: ModelUsage[] = judgments.map((j) => ({
    model: j.judge,
    inputTokens: j.inputTokens,
    outputTokens: j.outputTokens,
  }));
  const answered = new Set<string>();
  for (const j of judgments) {
    if (answered.has(j.questionId)) continue;
    answered.add(j.questionId);
    if (j.candidateUsage) usage.push(j.candidateUsage);
    if (j.referenceUsage) usage.push(j.referenceUsage);
  }
  return usage;
}

const percent = (x: number) => `${Math.floor(x * 100)}%`;

/** What organizers get when the defences flag a scored submission: the flags and the questions to read. */
function flaggedMessage(sub: Submission, flags: string[]): Message {
  const addressing = sub.score!.flags?.addressesJudge ?? [];
  const text =
    `Flagged: submission ${sub.id} (${sub.userName ?? sub.userId}, round ${sub.roundId}) scored ${(sub.score!.winRate * 100).toFixed(1)}% and ${flags.join('; ')}.` +
    (addressing.length
      ? ` Questions to read: ${addressing.slice(0, 20).join(', ')}${addressing.length > 20 ? ', …' : ''}.`
      : '') +
    ` Review with \`/league override ${sub.id} <question> <verdict>\` if a judgment was gamed.`;
  return { text, blocks: [{ type: 'text', text, tone: 'warning' }] };
}

/** Why a score too thin to rank does not rank, in counts only (a private question is never named). */
function coverageShortfall(score: Score, minJudged: number): string {
  const parts = [score, ...(score.private ? [score.private] : [])]
    .map((s, i) => ({ s, name: score.split === 'all' ? '' : i === 0 ? 'public ' : 'private ' }))
    .filter(({ s }) => coverageOf(s) < minJudged - 1e-12)
    .map(({ s, name }) => `${s.questions} of ${s.total} ${name}questions (${percent(coverageOf(s))})`);
  return (
    `The judge reached a verdict on only ${parts.join(' and ') || 'none of the questions'}; ` +
    `a score needs verdicts on at least ${percent(minJudged)} of them to rank, so this one is not ranked. ` +
    'Organizers have been told; you can submit again.'
  );
}

/** score: win rate with its interval, leaderboard update, model host torn down, DM and channel post queued. */
export async function handleScore(deps: LeagueDeps, submissionId: string): Promise<void> {
  const sub = await loadSubmission(deps, submissionId);
  if (!sub) return;
  if (sub.stage === 'SCORED') return afterScored(deps, sub); // an earlier delivery crashed after scoring
  if (sub.stage !== 'EVALUATING') return;
  const score = await scoreSubmission(deps, sub, await deps.store.listJudgments(sub.id));
  if (!score.ranked) {
    // Thin coverage is the judge's failure, not the member's: kept for organizers, refunded, never ranked.
    await deps.store.patchSubmission(sub.id, { score });
    const reason = coverageShortfall(score, deps.settings.minJudged);
    await failSubmission(deps, sub.id, reason);
    const errors = score.errors + (score.private?.errors ?? 0);
    const text = `Submission ${sub.id} (${sub.userName ?? sub.userId}, round ${sub.roundId}) is not ranked: ${errors} judgment${errors === 1 ? '' : 's'} could not be read. ${reason.split(';')[0]}.`;
    await tellOrganizers(
      deps,
      { text, blocks: [{ type: 'text', text, tone: 'warning' }] },
      `coverage#${sub.id}`,
      `unranked notice of ${sub.id}`,
    );
    return;
  }
  const next = await finishStage(deps, sub, 'SCORED', { score });
  if (next) await afterScored(deps, next);
}

/** Leaderboard entry, organizers told of any flag, host teardown, DM and channel post: each idempotent. */
async function afterScored(deps: LeagueDeps, sub: Submission): Promise<void> {
  await deps.store.putLeaderboardEntry(leaderboardEntryOf(sub));
  const flags = flagLabels(sub.score!);
  if (flags.length)
    await tellOrganizers(deps, flaggedMessage(sub, flags), `flags#${sub.id}`, `judge flags of ${sub.id}`);
  await deps.host.close(sub.id);
  await releaseSlots(deps, sub.id, ['endpoint']);
  await deps.queue.send([
    { type: 'notify', submissionId: sub.id },
    { type: 'post-leaderboard', roundId: sub.roundId, reason: `scored ${sub.id}` },
  ]);
}
