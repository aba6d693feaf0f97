import type { Round } from '../model';
import type { Message } from './message';

export function announcementMessage(round: Round): Message {
  const text = `:trophy: New round: ${round.name} — ${round.domain}. Submit by ${round.deadline.slice(0, 10)}.`;
  return {
    text,
    blocks: [
      { type: 'heading', text: `New round: ${round.name}` },
      {
        type: 'text',
        text: `${round.description ?? `Fine-tune a small model on *${round.domain}* and beat the reference.`}`,
      },
      {
        type: 'fields',
        fields: [
          { label: 'Deadline', value: `${round.deadline.slice(0, 16).replace('T', ' ')} UTC` },
          { label: 'Quota', value: `${round.quotaPerDay} a day` },
          { label: 'Dataset', value: `${round.minRows}–${round.maxRows} rows of JSON Lines` },
          { label: 'Judged on', value: `${round.questionCount} hidden questions` },
        ],
      },
      {
        type: 'context',
        text: `Attach your dataset to \`/league submit ${round.id}\` · \`/league help\` for everything else`,
      },
    ],
  };
}

export const roundClosedMessage = (round: Round): Message => {
  const text = `Round ${round.name} is closed: no more submissions. Evaluations still running finish as usual; the organizers post the results.`;
  return { text, blocks: [{ type: 'text', text }] };
};
