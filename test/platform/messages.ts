import { appealMessage, overrideOutcomeMessage } from '../../src/core/messages/appeal';
import {
  type CalibrationReport,
  calibrationCardMessage,
  calibrationReportMessage,
  overrideOfferMessage,
} from '../../src/core/messages/calibration';
import { draftPageMessage, draftProgressMessage, draftReadyMessage, previewPages } from '../../src/core/messages/draft';
import { expertCardMessage, finaleEndMessage, promptMessage, scoreboardMessage } from '../../src/core/messages/finale';
import { cleanName, literal } from '../../src/core/messages/format';
import { errorMessage, helpMessage, roundsMessage } from '../../src/core/messages/help';
import { leaderboardMessage, type RankedRow } from '../../src/core/messages/leaderboard';
import type { Message } from '../../src/core/messages/message';
import { resultsMessage } from '../../src/core/messages/results';
import { announcementMessage, roundClosedMessage } from '../../src/core/messages/round';
import { runsMessage } from '../../src/core/messages/runs';
import {
  type Highlight,
  progressMessage,
  receivedMessage,
  resultMessage,
  statusMessage,
} from '../../src/core/messages/submission';
import { tryAnswerMessage } from '../../src/core/messages/try';
import type { Draft, Finale, FinaleAnswer, FinalePrompt, Round, Score, Submission } from '../../src/core/model';
import type { FinaleRow } from '../../src/core/scoring';
import { DEFAULT_BOUNDS } from '../../src/core/services/rounds';

/** What a member, a model or an organizer wrote, slot by slot; every builder gets them all. */
export interface TextSlots {
  /** A round's name, domain and description (organizers). */
  roundName: string;
  description: string;
  /** An appeal's reason (a member). */
  reason: string;
  /** A model's answer (trained on a member's data) and a judge's rationale. */
  answer: string;
  rationale: string;
  /** A hidden question and its gold answer (organizers' file). */
  question: string;
  /** A validation message quoting the member's file. */
  validation: string;
  /** A finale prompt (organizers). */
  prompt: string;
}

/** The members a fixture mentions, one per platform the league speaks. */
const SLACK_MEMBER = 'slack:T0LEAGUE:U0MEMBER';
const DISCORD_MEMBER = 'discord:111111111111111111:222222222222222222';

const score: Score = {
  winRate: 0.625,
  ciLow: 0.51,
  ciHigh: 0.74,
  strictWins: 48,
  questions: 100,
  total: 100,
  split: 'all',
  ranked: true,
  errors: 2,
  consistency: 0.9,
  lcWinRate: 0.6,
  lengthGapFlag: true,
  tokens: 123_456,
  costUsd: 1.84,
};

const round = (t: TextSlots, status: Round['status'] = 'open'): Round => ({
  id: 'round-1',
  // As the league stores them (createRound, cleanName): inert.
  name: literal(t.roundName),
  domain: literal(t.roundName),
  description: literal(t.description),
  status,
  channel: 'slack:C0ROUND',
  deadline: '2026-12-31T23:59:00.000Z',
  quotaPerDay: 5,
  minRows: 20,
  maxRows: 10_000,
  maxBytes: 50_000_000,
  bounds: DEFAULT_BOUNDS,
  referenceModel: 'offline-reference',
  judgeModels: ['offline-judge'],
  questionCount: 100,
  createdBy: SLACK_MEMBER,
  createdAt: '2026-12-01T00:00:00.000Z',
});

const submission = (i: number, stage: Submission['stage'], t: TextSlots, userId = SLACK_MEMBER): Submission => ({
  id: `sub-${String(i).padStart(4, '0')}`,
  roundId: 'round-1',
  userId,
  userName: cleanName(t.roundName),
  stage,
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T11:00:00.000Z',
  quotaDay: '2026-12-02',
  upload: { name: 'data.jsonl' },
  hyperparameters: { epochs: 2, learning_rate: 0.0002, lora_r: 8, lora_alpha: 16, lora_dropout: 0.05 },
  score: stage === 'SCORED' ? score : undefined,
  validation: {
    valid: false,
    format: 'instruction',
    rows: 10,
    errorCount: 40,
    warningCount: 2,
    errors: Array.from({ length: 3 }, (_, l) => ({
      line: l + 1,
      code: 'BAD_ROW',
      message: t.validation,
      hint: t.validation,
    })),
    warnings: [],
  },
  failure: stage === 'REJECTED' ? { reason: t.validation, countsAgainstQuota: true } : undefined,
});

const rows = (n: number, t: TextSlots): RankedRow[] =>
  Array.from({ length: n }, (_, i) => ({
    roundId: 'round-1',
    userId: i % 2 ? `discord:111111111111111111:3${String(i).padStart(17, '0')}` : `slack:T0LEAGUE:U${i}MEMBER`,
    userName: cleanName(t.roundName),
    submissionId: `sub-${i}`,
    winRate: 0.9 - i / (2 * n),
    ciLow: 0.5,
    ciHigh: 0.95,
    submittedAt: '2026-12-02T10:00:00.000Z',
    rank: i + 1,
  }));

const highlight = (t: TextSlots, i: number): Highlight => ({
  questionId: `q${i}`,
  question: t.question,
  candidate: t.answer,
  reference: t.answer,
  reason: t.rationale,
  candidateWas: 'A',
});

function finaleFixture(t: TextSlots, finalists: number) {
  const finale: Finale = {
    id: 'fin-1',
    roundId: 'round-1',
    channel: 'discord:333333333333333333',
    finalists: Array.from({ length: finalists }, (_, i) => ({
      position: i + 1,
      submissionId: `sub-${i}`,
      userId: i % 2 ? DISCORD_MEMBER : SLACK_MEMBER,
      userName: cleanName(t.roundName),
      modelUri: `s3://models/sub-${i}`,
    })),
    status: 'live',
    prompts: 3,
    startedBy: SLACK_MEMBER,
    startedAt: '2026-12-05T10:00:00.000Z',
  };
  const prompt: FinalePrompt = {
    finaleId: 'fin-1',
    number: 3,
    text: t.prompt,
    openedAt: '2026-12-05T10:00:00.000Z',
    votes: { 'sub-0': 12 },
    expertScores: { 'x|sub-0': 7 },
    judged: true,
  };
  const answers: FinaleAnswer[] = [...finale.finalists.map((f) => f.submissionId), 'reference'].map((id) => ({
    finaleId: 'fin-1',
    prompt: 3,
    submissionId: id,
    text: t.answer,
    judgeScore: 0.5,
    // Unreadable verdicts on every answer: the prompt message says so for each finalist.
    verdicts: (['candidate-first', 'candidate-second'] as const).map((order) => ({
      judge: 'offline-judge',
      order,
      verdict: null,
      score: null,
      rationale: t.rationale,
    })),
    inputTokens: 1,
    outputTokens: 1,
  }));
  const finaleRows: FinaleRow[] = finale.finalists.map((f, i) => ({
    submissionId: f.submissionId,
    position: f.position,
    rank: i + 1,
    judge: 50,
    experts: i === 1 ? null : 60,
    audience: 70,
    total: 58,
    partial: i === 1,
    tied: i < 2,
    // Five prompts, the most the scoreboard breaks down one by one.
    prompts: Array.from({ length: 5 }, () => ({
      judge: 100,
      experts: null,
      audience: 33.3,
      total: 77.8,
      partial: true,
    })),
  }));
  return { finale, prompt, answers, finaleRows };
}

/** A reviewed draft whose rows (member-asked, model-written) and topic are the slots' texts. */
export function draftFixture(t: TextSlots): { draft: Draft; pages: ReturnType<typeof previewPages> } {
  const rows = Array.from({ length: 200 }, () => ({ instruction: t.question, response: t.answer }));
  const draft: Draft = {
    id: 'd0000001',
    roundId: 'round-1',
    userId: SLACK_MEMBER,
    topic: literal(t.prompt),
    style: literal(t.reason),
    count: 200,
    status: 'ready',
    version: 12,
    createdAt: '2026-12-02T10:00:00.000Z',
    updatedAt: '2026-12-02T11:00:00.000Z',
    rows: rows.length,
    blobKey: 'drafts/d0000001/v12.jsonl',
    dropped: [6, 7, 9],
    tokens: 123_456,
    leaked: 4,
    budgetStopped: true,
    model: 'us.meta.llama3-3-70b-instruct-v1:0',
    validation: {
      valid: false,
      format: 'instruction',
      rows: 196,
      errorCount: 3,
      warningCount: 40,
      errors: [{ line: 1, code: 'BAD_ROW', message: t.validation }],
      warnings: [],
    },
  };
  return { draft, pages: previewPages(rows) };
}

/** Every message builder of the league, rendered from `t`, with tables as long as a round gets (`members`). */
export function everyMessage(t: TextSlots, members = 120): [string, Message][] {
  const r = round(t);
  const closed = round(t, 'closed');
  const { finale, prompt, answers, finaleRows } = finaleFixture(t, 5);
  const url = 'https://league.example/leaderboard/round-1';
  const highlights = { wins: [0, 1, 2].map((i) => highlight(t, i)), losses: [3, 4, 5].map((i) => highlight(t, i)) };
  const judgments = (['candidate-first', 'candidate-second'] as const).map((order) => ({
    submissionId: 'sub-1',
    questionId: 'q1',
    judge: 'offline-judge',
    order,
    score: 1 as const,
    verdict: 'A>B',
    rationale: t.rationale,
    candidateAnswer: t.answer,
    referenceAnswer: t.answer,
    inputTokens: 1,
    outputTokens: 1,
  }));
  const appeal = {
    submissionId: 'sub-1',
    questionId: 'q1',
    roundId: 'round-1',
    userId: SLACK_MEMBER,
    reason: t.reason,
    status: 'open' as const,
    openedAt: '2026-12-03T00:00:00.000Z',
  };
  return [
    ['help (organizer)', helpMessage(true)],
    ['rounds', roundsMessage(Array.from({ length: 12 }, () => r))],
    ['error', errorMessage(t.validation, t.validation)],
    ['announcement', announcementMessage(r)],
    ['round closed', roundClosedMessage(r)],
    ['leaderboard', leaderboardMessage(r, rows(members, t), url)],
    ['results', resultsMessage(closed, rows(members, t), url)],
    ['progress', progressMessage(submission(1, 'EVALUATING', t), r)],
    ['received', receivedMessage(submission(1, 'RECEIVED', t), r, 4)],
    ['result: scored', resultMessage(submission(1, 'SCORED', t), r, { highlights, rank: 3, leaderboardUrl: url })],
    ['result: rejected', resultMessage(submission(1, 'REJECTED', t), r)],
    [
      'status',
      statusMessage(
        Array.from({ length: 30 }, (_, i) => submission(i, i % 3 ? 'SCORED' : 'TRAINING', t)),
        2,
      ),
    ],
    [
      'appeal',
      appealMessage({
        appeal,
        round: r,
        question: { id: 'q1', category: 'c', question: t.question, gold: t.question },
        judgments,
      }),
    ],
    [
      'override outcome',
      overrideOutcomeMessage({
        submissionId: 'sub-1',
        round: r,
        questionId: 'q1',
        verdict: 'A>B',
        before: score,
        after: { ...score, winRate: 0.7 },
        rankBefore: 4,
        rankAfter: 2,
        appealClosed: true,
      }),
    ],
    [
      'finale scoreboard',
      scoreboardMessage({
        finale,
        roundName: literal(t.roundName),
        rows: finaleRows,
        prompts: [1, 2, 3, 4, 5].map((number) => ({ ...prompt, number })),
        experts: 3,
      }),
    ],
    ['finale prompt', promptMessage(finale, { ...prompt, closedAt: undefined }, answers)],
    ['finale expert card', expertCardMessage(finale, prompt, answers, finale.finalists[4]!)],
    ['finale end', finaleEndMessage(finale, literal(t.roundName), finaleRows, 3)],
    [
      'calibration card',
      calibrationCardMessage({ pairId: 'cal-1', round: r, question: t.question, a: t.answer, b: t.answer }),
    ],
    [
      'runs',
      runsMessage(
        r,
        Array.from({ length: 40 }, (_, i) => ({
          number: i + 1,
          submission: submission(i, i % 3 ? 'SCORED' : 'TRAINING', t),
        })),
        'The chart of your scored runs is attached.',
      ),
    ],
    [
      'try answer',
      tryAnswerMessage({
        submissionId: 'sub-1',
        roundName: literal(t.roundName),
        question: t.question,
        answer: t.answer,
        reference: t.answer,
        referenceModel: 'us.meta.llama3-2-90b-instruct-v1:0',
        judgments: [
          { judge: 'j', order: 'candidate-first', verdict: 'A>>B', score: 1, rationale: t.answer },
          { judge: 'j', order: 'candidate-second', verdict: null, score: null, rationale: t.answer },
        ],
        triesLeft: 19,
      }),
    ],
    ['calibration report', calibrationReportMessage(r, calibrationReport(30))],
    ['calibration offer', overrideOfferMessage(r, calibrationReport(1).offers)],
    ...draftMessages(t, r),
  ];
}

function draftMessages(t: TextSlots, r: Round): [string, Message][] {
  const { draft, pages } = draftFixture(t);
  return [
    ['draft progress', draftProgressMessage({ ...draft, status: 'generating', generated: 120, needed: 200 }, r)],
    ['draft failed', draftProgressMessage({ ...draft, status: 'failed', failure: t.validation }, r)],
    ['draft ready', draftReadyMessage(draft, { name: 'draft-d0000001-v12.jsonl', bytes: new Uint8Array(8) })],
    ['draft page', draftPageMessage(draft, pages[1]!, 2)],
    ['draft last page', draftPageMessage(draft, pages.at(-1)!, pages.length)],
  ];
}

/** A round's calibration with `offers` disputed judgments (ids as long as the league allows). */
function calibrationReport(offers: number): CalibrationReport {
  const figure = { n: 1234, value: 0.876, interval: { low: 0.8, high: 0.9 } };
  return {
    agreement: {
      pairs: 600,
      labels: 1234,
      cantTell: 12,
      exact: figure,
      side: figure,
      kappa: { ...figure, value: -0.25 },
      humanSide: figure,
      humanKappa: { n: 0, value: null, interval: null },
    },
    offers: Array.from({ length: offers }, (_, i) => ({
      submissionId: `s${'x'.repeat(40)}${i}`,
      questionId: `q${'y'.repeat(40)}${i}`,
      judgeSide: 'reference' as const,
      peopleSide: 'candidate' as const,
      verdict: 'A>>B' as const,
      labellers: 3,
    })),
    changedByPeople: 7,
  };
}

/** Every slot filled with `text`. */
export const allSlots = (text: string): TextSlots => ({
  roundName: text,
  description: text,
  reason: text,
  answer: text,
  rationale: text,
  question: text,
  validation: text,
  prompt: text,
});
