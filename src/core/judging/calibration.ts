import type { JudgeOrder, Judgment, QuestionSplit, UserId } from '../model';
import { seededRandom } from '../scoring/rng';
import type { Verdict } from './verdict';

/**
 * Calibration: people label blind pairs (one question, the member's answer and the reference's, in
 * random order) so the judge's agreement with people can be measured and doubtful judgments reach
 * organizers. Verdicts here are always read with the member's answer as A, as in `override`.
 */

/** Which answer won, from the member's side. */
export type Side = 'candidate' | 'tie' | 'reference';

/** A person's verdict on a pair, the member's answer as A; null for "can't tell". */
export interface CalibrationLabel {
  submissionId: string;
  questionId: string;
  labellerId: UserId;
  verdict: Verdict | null;
  at: string;
}

/** One judged question of a scored submission that may be shown to people. */
export interface CalibrationCandidate {
  roundId: string;
  submissionId: string;
  questionId: string;
  /** The member whose model wrote the answer: never asked to label it. */
  ownerId: UserId;
  split?: QuestionSplit;
  /** The judges' mean score for the member's answer over both orders (1 better, 0.5 tie, 0 worse). */
  judgeScore: number;
  /** Whether every judge named the same side in both orders. */
  consistent: boolean;
}

/** A pair handed to one labeller: what their card's buttons point at, so the card stays blind. */
export interface CalibrationAssignment {
  id: string;
  roundId: string;
  submissionId: string;
  questionId: string;
  labellerId: UserId;
  candidateShownAs: 'A' | 'B';
  createdAt: string;
}

/** A pair drawn for one labeller, with the blind order it is shown in. */
export interface DrawnPair extends CalibrationCandidate {
  /** Which label, A or B, the member's answer is shown under. */
  candidateShownAs: 'A' | 'B';
}

/** Each pair is asked of at least this many people before it is asked of more. */
const LABELS_PER_PAIR = 2;

const MIRROR: Record<Verdict, Verdict> = { 'A>>B': 'B>>A', 'A>B': 'B>A', 'A=B': 'A=B', 'B>A': 'A>B', 'B>>A': 'A>>B' };

/** A verdict given on the A/B shown, read with the member's answer as A. */
export function candidateVerdict(shown: Verdict, candidateShownAs: 'A' | 'B'): Verdict {
  return candidateShownAs === 'A' ? shown : MIRROR[shown];
}

/** What the judge itself said, even where an organizer override replaced it since. */
const judgeOwn = (j: Pick<Judgment, 'verdict' | 'score' | 'judged'>) =>
  j.judged ?? { verdict: j.verdict, score: j.score };

/** The judge's verdict read with the member's answer as A; null when the judge's reply was unreadable. */
export function judgmentVerdict(j: Pick<Judgment, 'verdict' | 'score' | 'judged' | 'order'>): Verdict | null {
  const v = judgeOwn(j).verdict as Verdict | null;
  if (!v || !(v in MIRROR)) return null;
  return j.order === ('candidate-first' satisfies JudgeOrder) ? v : MIRROR[v];
}

export function sideOfVerdict(v: Verdict): Side {
  return v === 'A=B' ? 'tie' : v.startsWith('A') ? 'candidate' : 'reference';
}

export function sideOfScore(score: number): Side {
  return score > 0.5 ? 'candidate' : score < 0.5 ? 'reference' : 'tie';
}

/**
 * The question's judged pair as a calibration candidate: the judge's own mean score (not an override's)
 * and whether the judges were position-consistent. Null when no judgment of it could be read.
 */
export function candidateOf(
  base: Omit<CalibrationCandidate, 'judgeScore' | 'consistent'>,
  judgments: readonly Judgment[],
): CalibrationCandidate | null {
  const scores = judgments.map((j) => judgeOwn(j).score).filter((s): s is 0 | 0.5 | 1 => s !== null);
  if (!scores.length) return null;
  const judgeScore = scores.reduce((sum: number, s) => sum + s, 0) / scores.length;
  const sides = new Set(scores.map(sideOfScore));
  return { ...base, judgeScore, consistent: sides.size === 1 };
}

export interface DrawOptions {
  labellerId: UserId;
  /** Members see only public questions; organizers and experts see any. */
  scope: 'public' | 'any';
  /** Labels already given, by anyone, on the round's pairs. */
  labels: readonly Pick<CalibrationLabel, 'submissionId' | 'questionId' | 'labellerId'>[];
  count: number;
  seed: number;
}

const pairKey = (p: { submissionId: string; questionId: string }) => `${p.submissionId}\u0000${p.questionId}`;

/**
 * Draws up to `count` pairs for one labeller. Never the labeller's own submission, never a pair they
 * labelled, never a private question for a member. Pairs still short of LABELS_PER_PAIR come first;
 * among them position-inconsistent judgments, then near-ties; and the draw takes turns across the
 * judge's verdicts (member better, tie, reference better) so every stratum is checked. The order the
 * answers are shown in is random per pair.
 */
export function drawPairs(candidates: readonly CalibrationCandidate[], options: DrawOptions): DrawnPair[] {
  const random = seededRandom(options.seed);
  const labelledBy = new Map<string, Set<UserId>>();
  for (const l of options.labels) {
    const k = pairKey(l);
    const set = labelledBy.get(k) ?? new Set<UserId>();
    set.add(l.labellerId);
    labelledBy.set(k, set);
  }
  const eligible = candidates.filter(
    (c) =>
      c.ownerId !== options.labellerId &&
      !labelledBy.get(pairKey(c))?.has(options.labellerId) &&
      (options.scope === 'any' || c.split !== 'private'),
  );
  const jitter = new Map(eligible.map((c) => [pairKey(c), random()]));
  const tier = (c: CalibrationCandidate) =>
    ((labelledBy.get(pairKey(c))?.size ?? 0) >= LABELS_PER_PAIR ? 2 : 0) + (c.consistent ? 1 : 0);
  const closeness = (c: CalibrationCandidate) => Math.abs(c.judgeScore - 0.5);
  const byPriority = (a: CalibrationCandidate, b: CalibrationCandidate) =>
    tier(a) - tier(b) || closeness(a) - closeness(b) || jitter.get(pairKey(a))! - jitter.get(pairKey(b))!;

  const drawn: DrawnPair[] = [];
  const tiers = [...new Set(eligible.map(tier))].sort((a, b) => a - b);
  for (const t of tiers) {
    const strata = (['candidate', 'tie', 'reference'] as const).map((side) =>
      eligible.filter((c) => tier(c) === t && sideOfScore(c.judgeScore) === side).sort(byPriority),
    );
    while (drawn.length < options.count && strata.some((s) => s.length)) {
      for (const stratum of strata) {
        const next = stratum.shift();
        if (next && drawn.length < options.count) {
          drawn.push({ ...next, candidateShownAs: random() < 0.5 ? 'A' : 'B' });
        }
      }
    }
  }
  return drawn;
}
