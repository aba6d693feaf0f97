import type { Verdict } from '../commands';
import type { Appeal, Judgment, Question, Round, Score } from '../model';
import { interval, literal, mention, pct } from './format';
import type { Block, Message } from './message';
import { truncate } from './truncate';

const ANSWER_CHARS = 800;

/** A verdict as the member whose answer is A reads it. */
const VERDICT_FOR_MEMBER: Record<Verdict, string> = {
  'A>>B': 'your answer is much better',
  'A>B': 'your answer is better',
  'A=B': 'the answers are as good as each other',
  'B>A': "the reference's answer is better",
  'B>>A': "the reference's answer is much better",
};

const outcome = (score: Judgment['score']) =>
  score === 1
    ? "member's answer better"
    : score === 0.5
      ? 'tie'
      : score === 0
        ? "reference's answer better"
        : 'unreadable verdict';

export interface AppealView {
  appeal: Appeal;
  round?: Round;
  question?: Question;
  /** The question's judgments (every judge, both orders). */
  judgments: Judgment[];
}

/** What organizers get for an appeal: the question, both answers, the judge's verdicts and reasons, and how to decide. */
export function appealMessage({ appeal, round, question, judgments }: AppealView): Message {
  const first = judgments[0];
  const verdicts = judgments.map(
    (j) =>
      `• ${j.judge}, member's answer ${j.order === 'candidate-first' ? 'as A' : 'as B'}: ${j.verdict ? `[[${j.verdict}]]` : '—'} → ${outcome(j.score)}` +
      (j.rationale ? ` — _${truncate(literal(j.rationale.replace(/\s+/g, ' ')), 300)}_` : ''),
  );
  const blocks: Block[] = [
    { type: 'heading', text: `Appeal · ${appeal.submissionId} · question ${appeal.questionId}` },
    {
      type: 'text',
      text: `${mention(appeal.userId)} appeals the judgment of question \`${appeal.questionId}\` on submission \`${appeal.submissionId}\`${round ? ` (${round.name})` : ''}.\n*Reason:* ${truncate(literal(appeal.reason), 1000)}`,
    },
    {
      type: 'text',
      text: `*Question:* ${truncate(literal(question?.question ?? appeal.questionId), 1000)}${question?.gold ? `\n*Gold answer:* ${truncate(literal(question.gold), ANSWER_CHARS)}` : ''}`,
    },
    { type: 'text', text: `*Member's model:* ${truncate(literal(first?.candidateAnswer || '(empty)'), ANSWER_CHARS)}` },
    {
      type: 'text',
      text: `*Reference model:* ${truncate(literal(first?.referenceAnswer || '(empty)'), ANSWER_CHARS)}`,
    },
    { type: 'text', text: `*Judge's verdicts*\n${verdicts.join('\n')}` },
    {
      type: 'context',
      text:
        `Decide with \`/league override ${appeal.submissionId} ${appeal.questionId} <A>>B|A>B|A=B|B>A|B>>A>\` (the member's answer is A). ` +
        "Repeating the judge's verdict upholds it. Either way the member gets a DM with the outcome.",
    },
  ];
  return {
    text: `Appeal on question ${appeal.questionId} of submission ${appeal.submissionId}: ${truncate(literal(appeal.reason), 200)}`,
    blocks,
  };
}

export interface OverrideOutcome {
  submissionId: string;
  round?: Round;
  questionId: string;
  verdict: Verdict;
  before: Score;
  after: Score;
  rankBefore?: number;
  rankAfter?: number;
  /** An appeal of the member's was open and is now closed. */
  appealClosed: boolean;
}

const rank = (r?: number) => (r ? `#${r}` : 'not ranked');

/** The DM a member gets when an organizer replaces a judgment of theirs: the verdict and the score before → after. */
export function overrideOutcomeMessage(o: OverrideOutcome): Message {
  const changed = o.before.winRate !== o.after.winRate;
  const heading = o.appealClosed
    ? `Your appeal on question ${o.questionId} is decided`
    : `A judgment of your submission ${o.submissionId} was reviewed`;
  const text =
    `${o.round ? `${o.round.name}: ` : ''}an organizer set the verdict on question ${o.questionId} of submission ${o.submissionId} to ${o.verdict} ` +
    `(${VERDICT_FOR_MEMBER[o.verdict]}). Win rate ${pct(o.before.winRate)} → ${pct(o.after.winRate)}.`;
  return {
    text,
    blocks: [
      { type: 'heading', text: heading },
      {
        // Good news reads as such; a lowered score is information, not a success.
        type: 'text',
        tone: o.after.winRate > o.before.winRate ? 'success' : o.after.winRate < o.before.winRate ? 'warning' : 'info',
        text: `An organizer set the verdict on question \`${o.questionId}\` of submission \`${o.submissionId}\` to *${o.verdict}*: ${VERDICT_FOR_MEMBER[o.verdict]}.`,
      },
      {
        type: 'fields',
        fields: [
          { label: 'Win rate', value: `${pct(o.before.winRate)} → *${pct(o.after.winRate)}*` },
          {
            label: '95% CI',
            value: `${interval(o.before.ciLow, o.before.ciHigh)} → ${interval(o.after.ciLow, o.after.ciHigh)}`,
          },
          { label: 'Strict wins', value: `${o.before.strictWins} → ${o.after.strictWins} of ${o.after.questions}` },
          { label: 'Rank', value: `${rank(o.rankBefore)} → ${rank(o.rankAfter)}` },
        ],
      },
      {
        type: 'context',
        text: changed ? 'The leaderboard is updated.' : 'The score is unchanged: the verdict stands as judged.',
      },
    ],
  };
}
