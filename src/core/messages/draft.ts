import { ACTIONS } from '../commands';
import type { Draft, DraftRow, Round } from '../model';
import { literal, modelLabel } from './format';
import type { Block, Button, Message } from './message';
import { truncate } from './truncate';

/** Rows per preview page: within Slack's 50 blocks and Discord's 5 action rows and 6,000 characters. */
export const DRAFT_PAGE_ROWS = 5;
const INSTRUCTION_CHARS = 240;
const RESPONSE_CHARS = 560;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const draftPages = (rows: number): number => Math.max(1, Math.ceil(rows / DRAFT_PAGE_ROWS));

/** The member's generation budget for the day, in one line. */
export function budgetLine(used: number, limit: number, resetInHours: number): string {
  const left = Math.max(0, limit - used);
  return `Generation budget today: ${left.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} tokens left (resets at 00:00 UTC, in about ${resetInHours} h).`;
}

/** The draft's progress, edited in place while its rows are generated. */
export function draftProgressMessage(draft: Draft, round?: Round): Message {
  const steps: string[] = [];
  const generating = draft.status === 'generating';
  const made = `${Math.min(draft.generated ?? 0, draft.needed ?? 0)}/${draft.needed ?? draft.count}`;
  steps.push(`✓ Queued`);
  if (generating) steps.push(`▸ Generating pairs (${made})`, '· Checking (validation, hidden questions)', '· Ready');
  else if (draft.status === 'ready') steps.push('✓ Generated', '✓ Checked', '✓ Ready — see the file and preview below');
  else steps.push(`✗ Failed`);
  const what = draft.version > 1 ? `Draft ${draft.id} v${draft.version} (refine)` : `Draft ${draft.id}`;
  const blocks: Block[] = [
    { type: 'heading', text: `${what}${round ? ` · ${round.name}` : ''}` },
    {
      type: 'context',
      text: `Topic: ${literal(draft.topic)}${draft.style ? ` · style: ${literal(draft.style)}` : ''}`,
    },
    { type: 'text', text: steps.join('\n') },
  ];
  if (draft.status === 'failed' && draft.failure)
    blocks.push({ type: 'text', text: literal(draft.failure), tone: 'error' });
  return { text: `${what}: ${draft.status === 'generating' ? `generating ${made}` : draft.status}`, blocks };
}

/** The draft is ready: what it holds, what was left out, the .jsonl attached, and what to do next. */
export function draftReadyMessage(draft: Draft, file: { name: string; bytes: Uint8Array }): Message {
  const v = draft.validation;
  const lines = [
    `*${plural(draft.rows ?? 0, 'row')}* on _${literal(draft.topic)}_, from ${modelLabel(draft.model)}${draft.model?.startsWith('offline-') ? ' (pairs composed from the example corpus)' : ''}.`,
  ];
  if (v)
    lines.push(
      v.valid
        ? `Validation: valid for this round${v.warningCount ? ` (${plural(v.warningCount, 'warning')})` : ''}.`
        : `Validation: ${plural(v.errorCount, 'error')}${v.errors[0] ? ` — line ${v.errors[0].line}: ${literal(v.errors[0].message)}` : ''}.`,
    );
  const blocks: Block[] = [
    { type: 'heading', text: `Draft ${draft.id}${draft.version > 1 ? ` v${draft.version}` : ''} is ready` },
    { type: 'text', text: lines.join('\n'), tone: v && !v.valid ? 'warning' : 'success' },
  ];
  if (draft.leaked)
    blocks.push({
      type: 'text',
      tone: 'warning',
      text: `${plural(draft.leaked, 'generated row')} left out: ${draft.leaked === 1 ? 'it matched' : 'they matched'} the round's hidden evaluation questions or answers, which no dataset may contain.`,
    });
  if (draft.budgetStopped)
    blocks.push({
      type: 'text',
      tone: 'warning',
      text: `Your generation budget for today ran out, so this draft has fewer rows than asked (${draft.count}).`,
    });
  blocks.push({
    type: 'context',
    text: `Review the rows below (keep or drop each), then \`/league submit draft=${draft.id}\` submits the rows you kept, or \`/league refine ${draft.id} "what to change"\` regenerates the dropped ones.`,
  });
  return {
    text: `Draft ${draft.id} is ready: ${draft.rows ?? 0} rows (${file.name} attached).`,
    blocks,
    attachments: [
      { name: file.name, mime: 'application/jsonl', bytes: file.bytes, alt: `Draft ${draft.id}, JSON Lines` },
    ],
  };
}

/** Rows of a draft as the preview keeps them, page by page (cut as the cards show them). */
export function previewPages(pairs: DraftRow[]): DraftRow[][] {
  const pages: DraftRow[][] = [];
  for (let i = 0; i < pairs.length; i += DRAFT_PAGE_ROWS)
    pages.push(
      pairs.slice(i, i + DRAFT_PAGE_ROWS).map((p) => ({
        instruction: truncate(p.instruction, INSTRUCTION_CHARS),
        response: truncate(p.response, RESPONSE_CHARS),
      })),
    );
  return pages;
}

/** One page of the review (its rows given): a card per row with its keep/drop button, and the pages around it. */
export function draftPageMessage(draft: Draft, pageRows: DraftRow[], page: number): Message {
  const total = draft.rows ?? pageRows.length;
  const pages = draftPages(total);
  const p = Math.min(Math.max(1, page), pages);
  const first = (p - 1) * DRAFT_PAGE_ROWS;
  const dropped = new Set(draft.dropped);
  const ref = `${draft.id}.${draft.version}`;
  const blocks: Block[] = [
    {
      type: 'heading',
      text: `Review draft ${draft.id}${draft.version > 1 ? ` v${draft.version}` : ''} · page ${p}/${pages}`,
    },
    {
      type: 'context',
      text: `${plural(total - dropped.size, 'row')} kept · ${plural(dropped.size, 'row')} dropped · _${truncate(literal(draft.topic), 120)}_`,
    },
  ];
  const toggles: Button[] = [];
  pageRows.slice(0, DRAFT_PAGE_ROWS).forEach((pair, i) => {
    const row = first + i + 1;
    const gone = dropped.has(row);
    blocks.push({
      type: 'text',
      text: `*${row}.* ${gone ? '✗ _dropped_ · ' : ''}*Instruction:* ${truncate(literal(pair.instruction), INSTRUCTION_CHARS)}\n*Response:* ${truncate(literal(pair.response), RESPONSE_CHARS)}`,
      ...(gone ? { tone: 'warning' as const } : {}),
    });
    const toggle: Button = gone
      ? { action: ACTIONS.draftKeep, label: `Keep ${row}`, value: `${ref} ${row}`, style: 'primary' }
      : { action: ACTIONS.draftDrop, label: `Drop ${row}`, value: `${ref} ${row}`, style: 'danger' };
    toggles.push(toggle);
    blocks.push({ type: 'buttons', buttons: [toggle] });
  });
  const nav: Button[] = [];
  if (p > 1) nav.push({ action: ACTIONS.draftPage, label: '◀ Previous', value: `${ref} ${p - 1}` });
  if (p < pages) nav.push({ action: ACTIONS.draftPage, label: 'Next ▶', value: `${ref} ${p + 1}` });
  if (nav.length) blocks.push({ type: 'buttons', buttons: nav });
  blocks.push({
    type: 'context',
    text: `\`/league submit draft=${draft.id}\` submits the kept rows · \`/league refine ${draft.id} "feedback"\` regenerates the dropped ones`,
  });
  return { text: `Draft ${draft.id}, page ${p} of ${pages}: ${toggles.length} rows to review.`, blocks };
}
