import type { Round, Submission } from '../model';
import { STAGE_LABEL } from '../submission-stage';
import { interval, pct, usd } from './format';
import type { Block, Message } from './message';

/** A member's run as the comparison shows it: its number in submission order, oldest first. */
export interface NumberedRun {
  number: number;
  submission: Submission;
}

/** `e3 lr 2e-4 r16 α32 d0.05`: the hyperparameters a run was trained with, short enough for a table. */
export function hyperparameterLabel(s: Submission): string {
  const h = s.hyperparameters;
  return `e${h.epochs} lr ${h.learning_rate.toExponential(0).replace('e+', 'e')} r${h.lora_r} α${h.lora_alpha} d${h.lora_dropout}`;
}

const MAX_ROWS = 30;

/** `runs`: the member's submissions of a round side by side, best scored run marked. */
export function runsMessage(round: Round, runs: readonly NumberedRun[], chartNote?: string): Message {
  if (!runs.length) {
    const text = `You have no submissions in ${round.name} yet. Submit one with \`/league submit ${round.id}\` and a .jsonl file.`;
    return { text, blocks: [{ type: 'text', text }] };
  }
  const scored = runs.filter((r) => r.submission.score);
  const best = [...scored].sort(
    (a, b) => b.submission.score!.winRate - a.submission.score!.winRate || a.number - b.number,
  )[0];
  const shown = runs.slice(-MAX_ROWS);
  const blocks: Block[] = [
    { type: 'heading', text: `Your runs · ${round.name}` },
    {
      type: 'table',
      columns: ['Run', 'Submission', 'Stage', 'Hyperparameters', 'Rows', 'Win rate', '95% CI', 'Cost'],
      rows: shown.map(({ number, submission: s }) => [
        `#${number}${best?.number === number ? ' ★' : ''}`,
        s.id,
        STAGE_LABEL[s.stage],
        hyperparameterLabel(s),
        s.validation ? String(s.validation.rows) : '—',
        s.score ? pct(s.score.winRate) : '—',
        s.score ? interval(s.score.ciLow, s.score.ciHigh) : '—',
        s.score ? usd(s.score.costUsd) : '—',
      ]),
    },
    {
      type: 'context',
      text:
        (runs.length > shown.length ? `Your latest ${shown.length} of ${runs.length} runs. ` : '') +
        (best
          ? `★ your best so far (#${best.number}). Runs whose intervals overlap are not told apart by the hidden questions yet.`
          : 'No run is scored yet.') +
        (chartNote ? ` ${chartNote}` : ''),
    },
  ];
  return { text: `Your ${runs.length} run${runs.length === 1 ? '' : 's'} in ${round.name}`, blocks };
}
