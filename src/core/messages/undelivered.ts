import type { OutboxEntry, OutboxTarget } from '../outbox-entry';
import { literal, mention } from './format';
import type { Message } from './message';
import { truncate } from './truncate';

const ERROR_CHARS = 200;

const recipient = (target: OutboxTarget): string => {
  switch (target.kind) {
    case 'dm':
      return `DM to ${mention(target.userId)}`;
    case 'post':
      return `post in ${target.channel}`;
    case 'edit':
      return `edit of a message in ${target.ref.channel}`;
  }
};

const line = (e: OutboxEntry): string =>
  `• *${literal(e.about)}* — ${recipient(e.target)}, given up ${(e.failedAt ?? '').slice(0, 16).replace('T', ' ')} UTC after ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}: ${literal(truncate(e.lastError ?? 'unknown error', ERROR_CHARS))}`;

/** `/league undelivered`: messages the league gave up on, newest first, with what went wrong. */
export function undeliveredListMessage(entries: OutboxEntry[], limit: number): Message {
  if (!entries.length) {
    const text = 'Every message the league owed has been delivered.';
    return { text, blocks: [{ type: 'text', text, tone: 'success' }] };
  }
  const text = `${entries.length}${entries.length >= limit ? '+' : ''} message${entries.length === 1 ? '' : 's'} could not be delivered.`;
  return {
    text,
    blocks: [
      { type: 'heading', text: 'Undelivered messages' },
      { type: 'text', text: entries.map(line).join('\n') },
      {
        type: 'context',
        text: 'Chat refused these or stayed unreachable through every retry. Members can see their results with `/league status`; tell them yourself where it matters.',
      },
    ],
  };
}

/** To organizers once chat works again: what never arrived. */
export function undeliveredNoticeMessage(entries: OutboxEntry[]): Message {
  const n = entries.length;
  const text = `${n} message${n === 1 ? '' : 's'} from the league could not be delivered. \`/league undelivered\` lists them.`;
  return {
    text,
    blocks: [
      { type: 'text', text, tone: 'warning' },
      { type: 'text', text: entries.map(line).join('\n') },
    ],
  };
}
