import type { Round, Score, Submission } from '../model';
import { flagLabels } from '../scoring/score';
import { isFinal, STAGE_LABEL, type Stage } from '../submission-stage';
import { interval, literal, pct, usd } from './format';
import type { Block, Message } from './message';
import { truncate } from './truncate';

const PIPELINE: Stage[] = ['RECEIVED', 'VALIDATING', 'VALIDATED', 'TRAINING', 'TRAINED', 'EVALUATING', 'SCORED'];

/** One line per pipeline step, ticked as the submission moves: edited in place at each stage. */
/** The last step a submission that stopped early had completed (from what it holds). */
function stoppedAfter(sub: Submission): Stage {
  if (sub.modelUri) return 'TRAINED';
  if (sub.datasetKey) return 'VALIDATED';
  return 'RECEIVED';
}

const ordinal = (n: number) => {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
};

function aboutIn(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 1) return 'any moment now';
  if (min < 60) return `in about ${min <= 10 ? min : Math.round(min / 5) * 5} min`;
  const tens = Math.round(min / 10) * 10;
  const h = Math.floor(tens / 60);
  const m = tens % 60;
  return `in about ${h} h${m ? ` ${m} min` : ''}`;
}

/** "3rd in the training queue, starts in about 40 min", while the submission waits for a slot. */
function queueLine(sub: Submission, now: Date): string | undefined {
  const q = sub.queue;
  const waiting =
    (q?.pool === 'training' && sub.stage === 'VALIDATED') || (q?.pool === 'endpoint' && sub.stage === 'TRAINED');
  if (!q || !waiting) return undefined;
  const what = q.pool === 'training' ? 'training queue' : 'evaluation queue';
  return `${ordinal(q.position)} in the ${what}, starts ${aboutIn(new Date(q.startsAt).getTime() - now.getTime())}`;
}

/** Dollars, tokens and, when the trainer bills instance time, the training job's minutes. */
function costLine(s: Score): string {
  const line = `${usd(s.costUsd)} · ${s.tokens.toLocaleString('en-US')} tokens`;
  if (!s.training) return line;
  const minutes = Math.max(1, Math.round(s.training.seconds / 60));
  const priced = s.training.usd === null ? ', not priced' : ` ${usd(s.training.usd)}`;
  return `${line} · training ${minutes} min on ${s.training.instanceType}${priced}`;
}

export function progressMessage(sub: Submission, round?: Round, now = new Date()): Message {
  const at = PIPELINE.indexOf(sub.stage);
  // A submission that stopped early shows the steps it got through, then where it stopped.
  const reached = at >= 0 ? at : PIPELINE.indexOf(stoppedAfter(sub));
  // The judging counter belongs on the step that is running, not the one after it.
  const counter =
    sub.stage === 'EVALUATING' && sub.chunksTotal ? ` (${sub.chunksDone ?? 0}/${sub.chunksTotal} batches judged)` : '';
  const steps = PIPELINE.slice(0, at >= 0 ? PIPELINE.length : reached + 1).map((stage, i) => {
    const mark = at < 0 || i < at || (i === at && isFinal(stage)) ? '✓' : i === at ? '▸' : '·';
    return `${mark} ${STAGE_LABEL[stage]}${i === at ? counter : ''}`;
  });
  if (at < 0) steps.push(`✗ ${STAGE_LABEL[sub.stage]}`);
  const blocks: Block[] = [
    { type: 'heading', text: `Submission ${sub.id}${round ? ` · ${round.name}` : ''}` },
    { type: 'text', text: steps.join('\n') },
  ];
  const queued = queueLine(sub, now);
  if (queued) blocks.push({ type: 'context', text: queued });
  if (isFinal(sub.stage) && sub.stage !== 'SCORED' && sub.failure && sub.stage !== 'CANCELLED') {
    blocks.push({ type: 'text', text: sub.failure.reason, tone: 'error' });
  }
  if (sub.score)
    blocks.push({
      type: 'text',
      text: `*Win rate ${pct(sub.score.winRate)}* (95% CI ${interval(sub.score.ciLow, sub.score.ciHigh)})`,
      tone: 'success',
    });
  if (!isFinal(sub.stage))
    blocks.push({ type: 'buttons', buttons: [{ action: 'cancel', label: 'Cancel', value: sub.id, style: 'danger' }] });
  return { text: `Submission ${sub.id}: ${STAGE_LABEL[sub.stage]}`, blocks };
}

export function receivedMessage(sub: Submission, round: Round, quotaLeft: number): Message {
  return {
    text: `Received ${sub.upload.name} as submission ${sub.id} — validating…`,
    blocks: [
      {
        type: 'text',
        text: `:inbox_tray: Received *${sub.upload.name}* for *${round.name}* — validating…`,
        tone: 'info',
      },
      {
        type: 'context',
        text: `Submission \`${sub.id}\` · progress in your DMs · ${quotaLeft} submission${quotaLeft === 1 ? '' : 's'} left today`,
      },
    ],
  };
}

export interface ResultDetails {
  /** From the public split only. */
  highlights?: { wins: Highlight[]; losses: Highlight[] };
  /** The private split as question counts per category: its text is never shown to a member. */
  privateCategories?: { category: string; count: number }[];
  rank?: number;
  leaderboardUrl?: string;
}
export interface Highlight {
  questionId?: string;
  question: string;
  candidate: string;
  reference: string;
  reason: string;
  candidateWas?: 'A' | 'B';
}

/** The one DM a member gets when a submission reaches a final stage. */
export function resultMessage(sub: Submission, round: Round | undefined, details: ResultDetails = {}): Message {
  const name = round?.name ?? sub.roundId;
  // A failure reason can quote the member's file or a platform's error: inert.
  const failureReason = sub.failure && literal(sub.failure.reason);
  const quotaNote =
    sub.failure && !sub.failure.countsAgainstQuota ? ' This attempt does not count against your daily quota.' : '';
  switch (sub.stage) {
    case 'SCORED': {
      const s = sub.score!;
      const beats = s.ciLow > 0.5;
      const on = s.split === 'public' ? ` on the ${s.total} public questions` : '';
      const blocks: Block[] = [
        { type: 'heading', text: `Your submission ${sub.id} is scored` },
        {
          type: 'text',
          tone: beats ? 'success' : 'info',
          text:
            `*Win rate against the reference${on}: ${pct(s.winRate)}* (95% CI ${interval(s.ciLow, s.ciHigh)})\n` +
            (beats
              ? 'Your model beats the reference: the whole interval is above 50%.'
              : 'Not yet clearly above the reference (the interval reaches 50% or below).'),
        },
        {
          type: 'fields',
          fields: [
            { label: 'Strict wins', value: `${s.strictWins}/${s.questions}` },
            { label: 'Length-controlled', value: `${pct(s.lcWinRate)}${s.lengthGapFlag ? ' ⚠ length effect' : ''}` },
            { label: 'Judge consistency', value: pct(s.consistency) },
            { label: 'Cost', value: costLine(s) },
            ...(details.rank ? [{ label: 'Rank', value: `#${details.rank}` }] : []),
            {
              label: 'Judged',
              value: `${s.questions}/${s.total} questions${s.errors ? ` · ${s.errors} judgment${s.errors === 1 ? '' : 's'} unreadable` : ''}`,
            },
          ],
        },
      ];
      if (sub.leakageNote) blocks.push({ type: 'text', tone: 'warning', text: sub.leakageNote });
      const flags = flagLabels(s);
      if (flags.length)
        blocks.push({
          type: 'text',
          tone: 'warning',
          text: `⚑ Flagged for organizers: ${flags.join('; ')}. They may review these judgments.`,
        });
      const hidden = details.privateCategories ?? [];
      if (hidden.length) {
        const count = hidden.reduce((n, c) => n + c.count, 0);
        blocks.push({
          type: 'context',
          text:
            `The final results rank on ${count} private questions (${hidden.map((c) => `${c.category} ${c.count}`).join(', ')}): ` +
            'they are judged now and shown only as a rank when the round closes.',
        });
      }
      const h = details.highlights;
      if (h?.wins.length) blocks.push({ type: 'text', text: `*Clearest wins*\n${h.wins.map(hl).join('\n')}` });
      if (h?.losses.length) blocks.push({ type: 'text', text: `*Clearest losses*\n${h.losses.map(hl).join('\n')}` });
      if (h?.losses.length)
        blocks.push({
          type: 'context',
          text: `Think the judge got one wrong? \`/league appeal ${sub.id} <question> <reason>\``,
        });
      if (details.leaderboardUrl) blocks.push({ type: 'context', text: `Leaderboard: ${details.leaderboardUrl}` });
      return {
        text: `${name}: submission ${sub.id} scored ${pct(s.winRate)} (95% CI ${interval(s.ciLow, s.ciHigh)})`,
        blocks,
      };
    }
    case 'REJECTED': {
      const v = sub.validation;
      const listed = v?.errors.slice(0, 3) ?? [];
      // Validation messages quote the member's file: inert. Line 0 is the file as a whole.
      const lines = listed.map(
        (e) =>
          `• ${e.line > 0 ? `line ${e.line}` : 'the file'}: ${literal(e.message)}${e.hint ? ` → ${literal(e.hint)}` : ''}`,
      );
      const more = v && v.errorCount > lines.length ? `\n…and ${v.errorCount - lines.length} more.` : '';
      const fix = listed.some((e) => e.line > 0) ? 'Fix the lines above' : 'Fix the file';
      const counted = sub.failure?.countsAgainstQuota ? " This attempt counts against today's quota." : quotaNote;
      return {
        text: `${name}: submission ${sub.id} was rejected. ${failureReason ?? ''}${counted}`,
        blocks: [
          { type: 'heading', text: `Submission ${sub.id} was rejected` },
          {
            type: 'text',
            tone: 'error',
            text: (failureReason ?? 'The dataset is not valid.') + (lines.length ? `\n${lines.join('\n')}${more}` : ''),
          },
          {
            type: 'context',
            text: `${fix} and submit again; check locally with \`npx league validate FILE\`.${counted}`,
          },
        ],
      };
    }
    case 'CANCELLED':
      return simple(`Submission ${sub.id} was cancelled.${quotaNote}`, 'info');
    default:
      return simple(
        `Submission ${sub.id} failed (${sub.stage === 'TRAINING_FAILED' ? 'fine-tuning' : 'evaluation'}): ${failureReason ?? 'unknown reason'}.${quotaNote}`,
        'error',
      );
  }
}

// The judge's reason speaks of answers A and B: say which one was the member's.
const hl = (h: Highlight) =>
  `• ${h.questionId ? `\`${h.questionId}\` ` : ''}_${truncate(literal(h.question), 120)}_ — yours: "${truncate(literal(h.candidate), 100)}" vs reference: "${truncate(literal(h.reference), 100)}" (${h.candidateWas ? `judge, with yours as ${h.candidateWas}: ` : ''}${truncate(literal(h.reason), 120)})`;
const simple = (text: string, tone: 'info' | 'error'): Message => ({ text, blocks: [{ type: 'text', text, tone }] });

/** Submissions left today in one open round. */
export interface QuotaLeft {
  round: string;
  left: number;
}

const leftLine = (quota: number | QuotaLeft[]): string => {
  const s = (n: number) => `${n} submission${n === 1 ? '' : 's'}`;
  if (typeof quota === 'number') return `${s(quota)} left today (resets 00:00 UTC)`;
  if (quota.length === 1) return `${s(quota[0]!.left)} left today in ${quota[0]!.round} (resets 00:00 UTC)`;
  return `Left today: ${quota.map((q) => `${q.left} in ${q.round}`).join(' · ')} (resets 00:00 UTC)`;
};

export function statusMessage(subs: Submission[], quotaLeft?: number | QuotaLeft[], now = new Date()): Message {
  if (!subs.length)
    return {
      text: 'You have no submissions yet. Attach a dataset to `/league submit`.',
      blocks: [{ type: 'text', text: 'You have no submissions yet. Attach a dataset to `/league submit`.' }],
    };
  const rows = subs
    .slice(0, 10)
    .map((s) => [
      s.id,
      s.roundId,
      queueLine(s, now) ?? STAGE_LABEL[s.stage],
      s.score ? `${pct(s.score.winRate)} (${interval(s.score.ciLow, s.score.ciHigh)})` : '—',
      s.createdAt.slice(0, 16).replace('T', ' '),
    ]);
  const blocks: Block[] = [
    { type: 'table', columns: ['Submission', 'Round', 'Stage', 'Win rate', 'Submitted (UTC)'], rows },
  ];
  if (quotaLeft !== undefined && (typeof quotaLeft === 'number' || quotaLeft.length))
    blocks.push({ type: 'context', text: leftLine(quotaLeft) });
  return { text: subs.map((s) => `${s.id}: ${queueLine(s, now) ?? STAGE_LABEL[s.stage]}`).join('; '), blocks };
}
