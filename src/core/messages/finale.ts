import { ACTIONS } from '../commands';
import type { Finale, FinaleAnswer, FinalePrompt, Finalist } from '../model';
import { type Criterion, expertMeans, type FinaleRow, RUBRIC } from '../scoring';
import { displayName, literal, mention } from './format';
import type { Block, Message } from './message';
import { truncate } from './truncate';

const MEDALS = ['🥇', '🥈', '🥉'];
/** Room for all answers of one prompt within a Discord message (6,000 characters in all). */
const ANSWERS_BUDGET = 3600;
/** A part or total; an em dash for "not scored" (never 0). */
const points = (x: number | null) => (x === null ? '—' : x.toFixed(1));
/** A total, starred when it is reweighted over the parts present. */
const totalOf = (r: Pick<FinaleRow, 'total' | 'partial'>) =>
  `${points(r.total)}${r.partial && r.total !== null ? '*' : ''}`;
/** Shared ranks read `=2`, so a tie is never broken silently. */
const rankOf = (r: FinaleRow) => `${r.tied ? '=' : ''}${r.rank}`;
/** The rubric's criteria as people read them. */
export const CRITERION_NAMES: Record<Criterion, string> = {
  accuracy: 'accuracy',
  coherence: 'coherence',
  domain: 'domain adaptation',
};
/** A whole prompt (at most 2,000 characters, each up to two UTF-16 units); renderers split it into sections. */
const PROMPT_UNITS = 4000;

const finalistName = (f: Finalist): string => `finalist ${f.position} · ${mention(f.userId)}`;
const finalistPlain = (f: Finalist): string => `${f.position} · ${displayName(f)}`;
/** What a vote button or score option refers to: the finalist and the prompt, pinned to this finale. */
const promptRef = (finale: Finale, prompt: number) => `${finale.id}.${prompt}`;

const HOW_THE_FINALE_SCORES =
  "Judge = how often the LLM judge prefers the answer to the reference's, both answer orders judged (0–100, averaged over the prompts); " +
  "experts = the rubric's mean (accuracy, coherence, domain adaptation, 1–10 each), each expert's scores spread 0–100 across the finalists they scored on a prompt; " +
  'audience = share of all votes, every prompt pooled; a finalist cannot vote for themselves. ' +
  'Weighted 40% / 40% / 20%. — is not scored (never 0): a total marked * is reweighted over the parts present. =2 is a shared rank.';

export interface ScoreboardView {
  finale: Finale;
  roundName: string;
  rows: FinaleRow[];
  prompts: FinalePrompt[];
  /** Size of the expert panel. */
  experts: number;
}

function statusLine({ finale, prompts, experts }: ScoreboardView): string {
  const latest = prompts.at(-1);
  if (!latest) return finale.status === 'ended' ? 'The finale ended without prompts.' : 'Waiting for the first prompt.';
  const done = `After ${prompts.length} prompt${prompts.length === 1 ? '' : 's'}.`;
  if (finale.status === 'ended') return `Final standing. ${done}`;
  const votes = Object.values(latest.votes).reduce((a, b) => a + b, 0);
  const scores = [...expertMeans(latest.expertScores).values()].reduce((n, m) => n + m.size, 0);
  const judge = latest.judgeFailed ? 'judge unavailable' : latest.judged ? 'judged' : 'the judge is at work';
  return `${done} Prompt ${latest.number}: ${votes} vote${votes === 1 ? '' : 's'}, ${scores}/${experts * finale.finalists.length} expert scores, ${judge}${latest.closedAt ? '' : '; voting open'}.`;
}

/** Prompts listed one by one on the scoreboard (the latest ones; the standing above covers them all). */
const BREAKDOWN_PROMPTS = 5;

/** After each prompt: every finalist's parts and total on it, so the room sees what moved the standing. */
function promptBreakdown({ finale, rows, prompts }: ScoreboardView): Block[] {
  const byId = new Map(finale.finalists.map((f) => [f.submissionId, f]));
  const shown = prompts.slice(-BREAKDOWN_PROMPTS);
  if (!shown.length) return [];
  const lines = shown.map((p) => {
    const i = prompts.indexOf(p);
    const parts = rows.map((r) => {
      const s = r.prompts[i];
      if (!s) return '';
      return `${byId.get(r.submissionId)!.position} ${totalOf(s)} (J ${points(s.judge)} · E ${points(s.experts)} · A ${points(s.audience)})`;
    });
    return `Prompt ${p.number}: ${parts.join(' · ')}`;
  });
  return [{ type: 'context', text: `By prompt (finalist: total, judge, experts, audience):\n${lines.join('\n')}` }];
}

/** The live scoreboard, edited in place after every prompt, vote and score (and once more at the end). */
export function scoreboardMessage(view: ScoreboardView): Message {
  const { finale, roundName, rows } = view;
  const byId = new Map(finale.finalists.map((f) => [f.submissionId, f]));
  const ended = finale.status === 'ended';
  const status = statusLine(view);
  return {
    text: `Grand Finale · ${roundName}: ${rows.map((r) => `#${rankOf(r)} ${displayName(byId.get(r.submissionId)!)} ${totalOf(r)}`).join(', ')} — ${status}`,
    blocks: [
      { type: 'heading', text: `Grand Finale · ${roundName} — ${ended ? 'final standing' : 'live scoreboard'}` },
      {
        type: 'table',
        columns: ['#', 'Finalist', 'Total', 'Judge 40%', 'Experts 40%', 'Audience 20%'],
        rows: rows.map((r) => [
          rankOf(r),
          finalistName(byId.get(r.submissionId)!),
          totalOf(r),
          points(r.judge),
          points(r.experts),
          points(r.audience),
        ]),
      },
      ...promptBreakdown(view),
      { type: 'context', text: status },
      { type: 'context', text: HOW_THE_FINALE_SCORES },
    ],
  };
}

function answerBlocks(finale: Finale, answers: FinaleAnswer[]): Block[] {
  const chars = Math.max(200, Math.floor(ANSWERS_BUDGET / (finale.finalists.length + 1)));
  const of = (id: string) => answers.find((a) => a.submissionId === id)?.text.trim() || '(no answer)';
  return [
    ...finale.finalists.map(
      (f): Block => ({
        type: 'text',
        text: `*Finalist ${f.position}* · ${mention(f.userId)}\n${truncate(literal(of(f.submissionId)), chars)}`,
      }),
    ),
    { type: 'text', text: `*Reference model*\n${truncate(literal(of('reference')), chars)}` },
  ];
}

/** Verdicts the judge gave but nobody could read even after a retry: left out of the judge part, and said so. */
function unreadableVerdicts(finale: Finale, answers: FinaleAnswer[]): string | undefined {
  const lines = finale.finalists.flatMap((f) => {
    const verdicts = answers.find((a) => a.submissionId === f.submissionId)?.verdicts ?? [];
    const unread = verdicts.filter((v) => v.score === null).length;
    if (!unread) return [];
    const all = unread === verdicts.length;
    return [
      `finalist ${f.position}: ${unread} of ${verdicts.length} verdict${verdicts.length === 1 ? '' : 's'} unreadable after a retry${all ? ' — judge part not scored on this prompt' : ', left out'}`,
    ];
  });
  return lines.length ? `The judge's reply could not be read for ${lines.join('; ')}.` : undefined;
}

/** A prompt in the channel: posted when it opens, edited when the answers arrive and when voting closes. */
export function promptMessage(finale: Finale, prompt: FinalePrompt, answers: FinaleAnswer[]): Message {
  const blocks: Block[] = [
    { type: 'heading', text: `Grand Finale · prompt ${prompt.number}` },
    { type: 'text', text: truncate(literal(prompt.text), PROMPT_UNITS) },
  ];
  const answered = finale.finalists.every((f) => answers.some((a) => a.submissionId === f.submissionId));
  if (!answered)
    blocks.push({ type: 'context', text: "Every finalist's model and the reference model are answering…" });
  else blocks.push(...answerBlocks(finale, answers));
  if (prompt.judgeFailed)
    blocks.push({
      type: 'context',
      text: 'The judge could not score this prompt: its judge part is not scored for anyone (left out, not 0).',
    });
  const unread = unreadableVerdicts(finale, answers);
  if (unread) blocks.push({ type: 'context', text: unread });
  if (prompt.closedAt) blocks.push({ type: 'context', text: 'Voting on this prompt is closed.' });
  else if (answered) {
    blocks.push(
      {
        type: 'buttons',
        buttons: finale.finalists.map((f) => ({
          action: ACTIONS.finaleVote,
          label: `Vote ${finalistPlain(f)}`,
          value: `${f.submissionId} ${promptRef(finale, prompt.number)}`,
          style: 'primary' as const,
        })),
      },
      {
        type: 'context',
        text: `One vote per person per prompt; the first counts. Voting closes when the next prompt opens. Or type \`/league finale vote <1-${finale.finalists.length}>\`.`,
      },
    );
  }
  return { text: `Grand Finale prompt ${prompt.number}: ${truncate(literal(prompt.text), 200)}`, blocks };
}

/**
 * An expert's scoring card for one answer (a DM per finalist and prompt): the answer and one 1–10 menu
 * per rubric criterion — three menus, well within Discord's five rows of components per message.
 */
export function expertCardMessage(
  finale: Finale,
  prompt: FinalePrompt,
  answers: FinaleAnswer[],
  finalist: Finalist,
): Message {
  const answer = answers.find((a) => a.submissionId === finalist.submissionId)?.text.trim() || '(no answer)';
  const blocks: Block[] = [
    { type: 'heading', text: `Score finalist ${finalist.position} · prompt ${prompt.number} · Grand Finale` },
    { type: 'text', text: `*Prompt*\n${truncate(literal(prompt.text), 1500)}` },
    {
      type: 'text',
      text: `*Finalist ${finalist.position}* · ${mention(finalist.userId)}\n${truncate(literal(answer), ANSWERS_BUDGET)}`,
    },
    ...RUBRIC.map(
      (criterion): Block => ({
        type: 'select',
        action: ACTIONS.finaleScore,
        placeholder: `${CRITERION_NAMES[criterion].replace(/^./, (c) => c.toUpperCase())}: 1–10`,
        options: Array.from({ length: 10 }, (_, i) => ({
          label: String(i + 1),
          value: `${finalist.submissionId} ${i + 1} ${criterion} ${promptRef(finale, prompt.number)}`,
        })),
      }),
    ),
    {
      type: 'context',
      text:
        "Score accuracy, coherence and domain adaptation from 1 to 10: the answer's score is their mean. " +
        'You can change a score until the prompt closes (when the next prompt opens). ' +
        `Or type \`/league finale score ${finalist.position} <1-10> [accuracy|coherence|domain]\`.`,
    },
  ];
  return {
    text: `Score finalist ${finalist.position}'s answer to Grand Finale prompt ${prompt.number}`,
    blocks,
  };
}

/** The closing announcement in the channel. */
export function finaleEndMessage(finale: Finale, roundName: string, rows: FinaleRow[], promptCount: number): Message {
  const byId = new Map(finale.finalists.map((f) => [f.submissionId, f]));
  if (!promptCount) {
    const text = `The Grand Finale of ${roundName} ended without prompts: no standing.`;
    return { text, blocks: [{ type: 'text', text }] };
  }
  const winners = rows.filter((r) => r.rank === 1).map((r) => mention(byId.get(r.submissionId)!.userId));
  const head =
    winners.length > 1 ? `It is a tie: ${winners.join(' and ')} share first place` : `The winner is ${winners[0]!}`;
  const lines = rows.map((r) => {
    const f = byId.get(r.submissionId)!;
    return `${MEDALS[r.rank - 1] ?? `#${r.rank}`}${r.tied ? ` (tied #${r.rank})` : ''} ${mention(f.userId)} — *${totalOf(r)}* points (judge ${points(r.judge)}, experts ${points(r.experts)}, audience ${points(r.audience)})`;
  });
  return {
    text: `Grand Finale of ${roundName}: ${head.charAt(0).toLowerCase()}${head.slice(1)} with ${totalOf(rows[0]!)} points.`,
    blocks: [
      { type: 'heading', text: `🏆 Grand Finale · ${roundName}` },
      {
        type: 'text',
        tone: 'success',
        text: `${head} with *${totalOf(rows[0]!)}* points after ${promptCount} prompt${promptCount === 1 ? '' : 's'}!`,
      },
      { type: 'text', text: lines.join('\n') },
      { type: 'context', text: HOW_THE_FINALE_SCORES },
    ],
  };
}
