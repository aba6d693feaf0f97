import { ACTIONS, type Verdict } from '../commands';
import type { Side } from '../judging/calibration';
import type { Round } from '../model';
import type { Agreement, AgreementFigure, OverrideOffer } from '../scoring/agreement';
import { literal, pct } from './format';
import type { Block, Button, Message } from './message';
import { truncate } from './truncate';

const ANSWER_CHARS = 1200;

const LEVELS: { verdict: Verdict | 'unsure'; label: string }[] = [
  { verdict: 'A>>B', label: 'A much better' },
  { verdict: 'A>B', label: 'A better' },
  { verdict: 'A=B', label: 'As good' },
  { verdict: 'B>A', label: 'B better' },
  { verdict: 'B>>A', label: 'B much better' },
  { verdict: 'unsure', label: "Can't tell" },
];

export interface CalibrationCard {
  pairId: string;
  round: Round;
  question: string;
  /** The answers in the order shown; nothing on the card says whose is whose. */
  a: string;
  b: string;
}

/** A blind pair: one question, two answers labelled only A and B, and a button per verdict. */
export function calibrationCardMessage(card: CalibrationCard): Message {
  const buttons = (levels: typeof LEVELS): Block => ({
    type: 'buttons',
    buttons: levels.map(
      (l): Button => ({ action: ACTIONS.calibrateLabel, label: l.label, value: `${card.pairId} ${l.verdict}` }),
    ),
  });
  return {
    text: `Check the judge (${card.round.name}): which answer is better?`,
    blocks: [
      { type: 'heading', text: `Check the judge · ${card.round.name}` },
      { type: 'text', text: `*Question:* ${truncate(literal(card.question), 1000)}` },
      { type: 'text', text: `*Answer A:* ${truncate(literal(card.a || '(empty)'), ANSWER_CHARS)}` },
      { type: 'text', text: `*Answer B:* ${truncate(literal(card.b || '(empty)'), ANSWER_CHARS)}` },
      buttons(LEVELS.slice(0, 5)),
      buttons(LEVELS.slice(5)),
      {
        type: 'context',
        text: `Judge as the judge would: correct, helpful and to the point beats long. Or type \`/league calibrate label ${card.pairId} <A>>B|A>B|A=B|B>A|B>>A|unsure>\`.`,
      },
    ],
  };
}

const SIDE_WORDS: Record<Side, string> = {
  candidate: "the member's answer better",
  tie: 'a tie',
  reference: "the reference's answer better",
};

/** Offers shown with a button each; the rest are listed with the command to type. */
const OFFER_BUTTONS = 5;

function offerBlocks(offers: readonly OverrideOffer[]): Block[] {
  if (!offers.length) return [];
  const lines = offers
    .slice(0, 20)
    .map(
      (o, i) =>
        `${i + 1}. \`${o.submissionId}\` question \`${o.questionId}\`: the judge said ${SIDE_WORDS[o.judgeSide]}, ` +
        `${o.labellers} people said ${SIDE_WORDS[o.peopleSide]} → \`/league override ${o.submissionId} ${o.questionId} ${o.verdict}\``,
    );
  return [
    {
      type: 'text',
      tone: 'warning',
      text: `*People dispute ${offers.length} judgment${offers.length === 1 ? '' : 's'}*\n${lines.join('\n')}${offers.length > 20 ? `\n…and ${offers.length - 20} more.` : ''}`,
    },
    {
      type: 'buttons',
      buttons: offers.slice(0, OFFER_BUTTONS).map((o, i) => ({
        action: ACTIONS.calibrationOverride,
        label: `Apply ${i + 1}: ${o.verdict}`,
        value: `${o.submissionId} ${o.questionId} ${o.verdict}`,
      })),
    },
    {
      type: 'context',
      text: "Applying replaces the question's judgments with the people's verdict (the member's answer as A), rescores the submission and tells the member, as `/league override` does; it is audited.",
    },
  ];
}

/** When people have just come to agree against the judge: the organizers' one-click offer. */
export function overrideOfferMessage(round: Round, offers: readonly OverrideOffer[]): Message {
  return {
    text: `${round.name}: people dispute a judgment of the judge.`,
    blocks: [{ type: 'heading', text: `Judge disputed · ${round.name}` }, ...offerBlocks(offers)],
  };
}

const figure = (f: AgreementFigure, asShare = true): string => {
  if (f.value === null)
    return f.n ? `— (all ${f.n} name one side: nothing to tell from chance)` : '— (nothing to compare yet)';
  const show = (x: number) => (asShare ? pct(x) : x.toFixed(2));
  const ci = f.interval ? ` [${show(f.interval.low)}–${show(f.interval.high)}]` : '';
  return `${show(f.value)}${ci} of ${f.n}`;
};

export interface CalibrationReport {
  agreement: Agreement;
  offers: OverrideOffer[];
  changedByPeople: number;
}

/** `calibration`: agreement figures with 95% intervals, and the judgments people dispute. */
export function calibrationReportMessage(round: Round, report: CalibrationReport): Message {
  const a = report.agreement;
  if (!a.labels && !a.cantTell)
    return {
      text: `${round.name}: nobody has labelled a pair yet.`,
      blocks: [
        { type: 'heading', text: `Judge vs people · ${round.name}` },
        {
          type: 'text',
          text: 'Nobody has labelled a pair yet. Organizers and experts label with `/league calibrate`; members join with `/league calibrate join` and label once the round closes.',
        },
      ],
    };
  return {
    text: `${round.name}: the judge agreed with people on the side in ${figure(a.side)} verdicts.`,
    blocks: [
      { type: 'heading', text: `Judge vs people · ${round.name}` },
      {
        type: 'fields',
        fields: [
          { label: 'Labelled', value: `${a.labels} verdicts on ${a.pairs} pairs (${a.cantTell} "can't tell")` },
          { label: 'Same side as the judge', value: figure(a.side) },
          { label: 'Same level as the judge', value: figure(a.exact) },
          { label: "Cohen's kappa, judge vs people", value: figure(a.kappa, false) },
          { label: 'Two people on the same side', value: figure(a.humanSide) },
          { label: "Cohen's kappa, people vs people", value: figure(a.humanKappa, false) },
        ],
      },
      {
        type: 'context',
        text: `Sides: the member's answer better, a tie, or the reference's better. Kappa is agreement beyond chance (1 perfect, 0 chance). Intervals: 95%, resampling pairs. People changed ${report.changedByPeople} judgment${report.changedByPeople === 1 ? '' : 's'}.`,
      },
      ...offerBlocks(report.offers),
    ],
  };
}

/** One line for the results post: how often the judge agreed with people, when anyone labelled. */
export function agreementLine(report: CalibrationReport): string | undefined {
  const { side } = report.agreement;
  if (side.value === null) return undefined;
  return `People checked the judge: it named the same winner as people in ${figure(side)} blind verdicts; people changed ${report.changedByPeople} judgment${report.changedByPeople === 1 ? '' : 's'}.`;
}
