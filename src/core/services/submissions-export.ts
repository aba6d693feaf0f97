import type { Submission } from '../model';
import { isFinal } from '../submission-stage';
import { csv } from './csv';

export const SUBMISSIONS_CSV_COLUMNS = [
  'round',
  'member',
  'submission',
  'stage',
  'win_rate',
  'ci_low',
  'ci_high',
  'strict_wins',
  'questions',
  'lc_win_rate',
  'tokens',
  'training_seconds',
  'cost_usd',
  'submitted_at',
  'finished_at',
  'failure',
] as const;

const rate = (x: number | undefined) => (x === undefined ? '' : x.toFixed(4));

/**
 * Every submission of a round as CSV, oldest first: rates as fractions (0–1, four decimals), cost in
 * US dollars (six decimals, training included), billed training instance-seconds (empty when the
 * trainer bills none); score columns stay empty for submissions that were never scored, and
 * `finished_at` (the time of the final stage) for those still running.
 */
export function submissionsCsv(subs: Submission[]): string {
  const ordered = [...subs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return csv(
    SUBMISSIONS_CSV_COLUMNS,
    ordered.map((s) => {
      const score = s.score;
      return [
        s.roundId,
        s.userId,
        s.id,
        s.stage,
        rate(score?.winRate),
        rate(score?.ciLow),
        rate(score?.ciHigh),
        score ? String(score.strictWins) : '',
        score ? String(score.questions) : '',
        rate(score?.lcWinRate),
        score ? String(score.tokens) : '',
        score?.training ? String(score.training.seconds) : '',
        score ? score.costUsd.toFixed(6) : '',
        s.createdAt,
        isFinal(s.stage) ? s.updatedAt : '',
        s.failure?.reason ?? '',
      ];
    }),
  );
}
