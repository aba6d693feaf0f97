import { ORGANIZER_USAGE, PARTICIPANT_USAGE } from '../commands';
import type { Round } from '../model';
import { literal } from './format';
import { type Block, type Message, message } from './message';

export function helpMessage(isOrganizer: boolean): Message {
  const list = (items: typeof PARTICIPANT_USAGE) =>
    items.map((u) => `• \`/league ${u.syntax}\` — ${u.about}`).join('\n');
  const blocks: Block[] = [
    { type: 'heading', text: 'LLM League — commands' },
    { type: 'text', text: list(PARTICIPANT_USAGE) },
    {
      type: 'context',
      text: 'A dataset is JSON Lines: {"instruction", "response"} rows (optional "context"), or chat rows with "messages". Check it first with `npx league validate FILE`.',
    },
  ];
  if (isOrganizer) blocks.push({ type: 'heading', text: 'Organizer' }, { type: 'text', text: list(ORGANIZER_USAGE) });
  return {
    text: 'LLM League commands: /league help, rounds, submit, status, leaderboard, cancel, appeal, generate, draft, refine, finale vote, finale score',
    blocks,
  };
}

export function roundsMessage(rounds: Round[]): Message {
  const open = rounds.filter((r) => r.status === 'open');
  if (!open.length) return message('No round is open right now. Organizers open one with `/league round open`.');
  const blocks: Block[] = [{ type: 'heading', text: 'Open rounds' }];
  for (const r of open) {
    blocks.push({
      type: 'fields',
      fields: [
        { label: 'Round', value: `*${r.name}* (\`${r.id}\`)` },
        { label: 'Domain', value: r.domain },
        { label: 'Deadline', value: `${r.deadline.slice(0, 16).replace('T', ' ')} UTC` },
        { label: 'Quota', value: `${r.quotaPerDay} submissions a day` },
        { label: 'Dataset', value: `${r.minRows}–${r.maxRows} rows, ≤ ${Math.round(r.maxBytes / 1e6)} MB` },
        { label: 'Questions', value: r.questionCount ? `${r.questionCount} hidden` : 'not loaded yet' },
      ],
    });
    if (r.description) blocks.push({ type: 'context', text: r.description });
  }
  return { text: `Open rounds: ${open.map((r) => r.name).join(', ')}`, blocks };
}

/** An error reply; errors echo what the person typed, so their text is inert (it never mentions anyone). */
export function errorMessage(problem: string, advice?: string): Message {
  const text = literal(problem);
  const hint = advice === undefined ? undefined : literal(advice);
  return {
    text: hint ? `${text} ${hint}` : text,
    blocks: [
      { type: 'text', text: `:warning: ${text}`, tone: 'error' },
      ...(hint ? [{ type: 'context' as const, text: hint }] : []),
    ],
  };
}
