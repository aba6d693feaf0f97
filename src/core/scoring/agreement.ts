import type { CalibrationLabel, Side } from '../judging/calibration';
import { sideOfScore, sideOfVerdict } from '../judging/calibration';
import type { Verdict } from '../judging/verdict';
import type { Interval } from './bootstrap';
import { quantile } from './bootstrap';
import { seededRandom } from './rng';

/** One labelled pair: what the judges said and what people said, all with the member's answer as A. */
export interface LabelledPair {
  submissionId: string;
  questionId: string;
  /** The judges' mean score for the member's answer (1 better, 0.5 tie, 0 worse). */
  judgeScore: number;
  /** Every readable judgment's verdict, the member's answer as A (both orders, every judge). */
  judgeVerdicts: readonly Verdict[];
  labels: readonly CalibrationLabel[];
}

export interface AgreementFigure {
  /** How many comparisons it rests on. */
  n: number;
  /** Null when there is nothing to compare. */
  value: number | null;
  interval: Interval | null;
}

export interface Agreement {
  /** Pairs with at least one verdict from a person, and those verdicts ("can't tell" left out). */
  pairs: number;
  labels: number;
  cantTell: number;
  /** Share of people's verdicts on the same of the five levels as the judge's verdicts. */
  exact: AgreementFigure;
  /** Share of people's verdicts on the judge's side (member better, tie, reference better). */
  side: AgreementFigure;
  /** Cohen's kappa of judge and people on the side: agreement beyond what chance gives. */
  kappa: AgreementFigure;
  /** Two people on the same pair: how often they name the same side, and their kappa. */
  humanSide: AgreementFigure;
  humanKappa: AgreementFigure;
}

const SIDES: readonly Side[] = ['candidate', 'tie', 'reference'];

/** Cohen's kappa of paired ratings; null when chance agreement is already total (one category only). */
export function cohensKappa(pairs: readonly (readonly [Side, Side])[]): number | null {
  if (!pairs.length) return null;
  const n = pairs.length;
  const observed = pairs.filter(([a, b]) => a === b).length / n;
  let chance = 0;
  for (const s of SIDES) {
    const first = pairs.filter(([a]) => a === s).length / n;
    const second = pairs.filter(([, b]) => b === s).length / n;
    chance += first * second;
  }
  return chance >= 1 ? null : (observed - chance) / (1 - chance);
}

interface PairEvidence {
  /** (judge side, person side) per verdict given. */
  judgeVsPerson: [Side, Side][];
  /** Per verdict given: the share of the judge's verdicts on the same level. */
  exactShares: number[];
  /** (earlier person, later person) sides for every two people on the pair. */
  personVsPerson: [Side, Side][];
}

function evidenceOf(pair: LabelledPair): PairEvidence {
  const judgeSide = sideOfScore(pair.judgeScore);
  const given = [...pair.labels]
    .filter((l): l is CalibrationLabel & { verdict: Verdict } => l.verdict !== null)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const personVsPerson: [Side, Side][] = [];
  for (let i = 0; i < given.length; i++) {
    for (let k = i + 1; k < given.length; k++) {
      if (given[i]!.labellerId !== given[k]!.labellerId) {
        personVsPerson.push([sideOfVerdict(given[i]!.verdict), sideOfVerdict(given[k]!.verdict)]);
      }
    }
  }
  const judged = pair.judgeVerdicts.length;
  return {
    judgeVsPerson: given.map((l) => [judgeSide, sideOfVerdict(l.verdict)]),
    exactShares: judged ? given.map((l) => pair.judgeVerdicts.filter((v) => v === l.verdict).length / judged) : [],
    personVsPerson,
  };
}

type Statistic = (evidence: readonly PairEvidence[]) => { n: number; value: number | null };

const share = (pairs: readonly (readonly [Side, Side])[]) =>
  pairs.length ? pairs.filter(([a, b]) => a === b).length / pairs.length : null;

const STATISTICS = {
  exact: (ev) => {
    const all = ev.flatMap((e) => e.exactShares);
    return { n: all.length, value: all.length ? all.reduce((s, x) => s + x, 0) / all.length : null };
  },
  side: (ev) => {
    const all = ev.flatMap((e) => e.judgeVsPerson);
    return { n: all.length, value: share(all) };
  },
  kappa: (ev) => {
    const all = ev.flatMap((e) => e.judgeVsPerson);
    return { n: all.length, value: cohensKappa(all) };
  },
  humanSide: (ev) => {
    const all = ev.flatMap((e) => e.personVsPerson);
    return { n: all.length, value: share(all) };
  },
  humanKappa: (ev) => {
    const all = ev.flatMap((e) => e.personVsPerson);
    return { n: all.length, value: cohensKappa(all) };
  },
} satisfies Record<string, Statistic>;

const RESAMPLES = 1000;
const SEED = 20_261_207;

/**
 * Percentile 95% interval by resampling pairs (a pair's verdicts are not independent of each other);
 * resamples where the figure is undefined are left out.
 */
function bootstrap(evidence: readonly PairEvidence[], statistic: Statistic): Interval | null {
  const n = evidence.length;
  if (!n) return null;
  const random = seededRandom(SEED);
  const values: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    const sample: PairEvidence[] = [];
    for (let i = 0; i < n; i++) sample.push(evidence[Math.min(n - 1, Math.floor(random() * n))]!);
    const { value } = statistic(sample);
    if (value !== null) values.push(value);
  }
  if (!values.length) return null;
  values.sort((a, b) => a - b);
  return { low: quantile(values, 0.025), high: quantile(values, 0.975) };
}

/** Judge–human and human–human agreement over a round's labelled pairs, each with a bootstrap interval. */
export function measureAgreement(pairs: readonly LabelledPair[]): Agreement {
  const labelled = pairs.filter((p) => p.labels.length);
  const evidence = labelled.map(evidenceOf);
  const figure = (statistic: Statistic): AgreementFigure => {
    const { n, value } = statistic(evidence);
    return { n, value, interval: value === null ? null : bootstrap(evidence, statistic) };
  };
  const labels = labelled.flatMap((p) => p.labels);
  return {
    pairs: labelled.length,
    labels: labels.filter((l) => l.verdict !== null).length,
    cantTell: labels.filter((l) => l.verdict === null).length,
    exact: figure(STATISTICS.exact),
    side: figure(STATISTICS.side),
    kappa: figure(STATISTICS.kappa),
    humanSide: figure(STATISTICS.humanSide),
    humanKappa: figure(STATISTICS.humanKappa),
  };
}

/** A judgment people doubt: at least two of them name the same side, and it is not the judge's. */
export interface OverrideOffer {
  submissionId: string;
  questionId: string;
  judgeSide: Side;
  peopleSide: Side;
  /** The verdict to apply, the member's answer as A: the people's most common level on their side. */
  verdict: Verdict;
  labellers: number;
}

/** The milder level first when people split evenly between, say, A>B and A>>B. */
const MILDNESS: readonly Verdict[] = ['A=B', 'A>B', 'B>A', 'A>>B', 'B>>A'];

export function overrideOffers(pairs: readonly LabelledPair[]): OverrideOffer[] {
  const offers: OverrideOffer[] = [];
  for (const pair of pairs) {
    const judgeSide = sideOfScore(pair.judgeScore);
    // One verdict per person: their latest.
    const latest = new Map<string, CalibrationLabel & { verdict: Verdict }>();
    for (const l of [...pair.labels].sort((a, b) => (a.at < b.at ? -1 : 1))) {
      if (l.verdict !== null) latest.set(l.labellerId, l as CalibrationLabel & { verdict: Verdict });
      else latest.delete(l.labellerId);
    }
    const bySide = SIDES.map((side) => ({
      side,
      labels: [...latest.values()].filter((l) => sideOfVerdict(l.verdict) === side),
    })).sort((a, b) => b.labels.length - a.labels.length);
    const [top, runnerUp] = bySide;
    // People must agree among themselves: two or more on one side, and more than on any other.
    if (top!.side === judgeSide || top!.labels.length < 2 || top!.labels.length === runnerUp!.labels.length) continue;
    const counts = new Map<Verdict, number>();
    for (const l of top!.labels) counts.set(l.verdict, (counts.get(l.verdict) ?? 0) + 1);
    const verdict = [...counts.entries()].sort(
      (a, b) => b[1] - a[1] || MILDNESS.indexOf(a[0]) - MILDNESS.indexOf(b[0]),
    )[0]![0];
    offers.push({
      submissionId: pair.submissionId,
      questionId: pair.questionId,
      judgeSide,
      peopleSide: top!.side,
      verdict,
      labellers: top!.labels.length,
    });
  }
  return offers;
}
