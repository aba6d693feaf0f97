import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/web-api';
import { HYPERPARAMETERS } from '../../core/commands';
import { truncate } from '../../core/messages/truncate';
import type { Hyperparameters, Round } from '../../core/model';
import { DEFAULT_BOUNDS } from '../../core/services/rounds';
import { DEFAULT_HYPERPARAMETERS } from '../../core/services/submit';

export const SUBMIT_CALLBACK = 'league_submit';
export const ROUND_OPEN_CALLBACK = 'league_round_open';

/** Plain text within Block Kit's 150-character limit of labels, hints and placeholders. */
const plain = (text: string, max = 150) => ({
  type: 'plain_text' as const,
  text: truncate(text, max) || ' ',
  emoji: true,
});

function textInput(
  blockId: string,
  label: string,
  o: {
    optional?: boolean;
    placeholder?: string;
    initial?: string;
    hint?: string;
    multiline?: boolean;
    max?: number;
  } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: o.optional ?? true,
    label: plain(label),
    ...(o.hint ? { hint: plain(o.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      ...(o.multiline ? { multiline: true } : {}),
      ...(o.max ? { max_length: o.max } : {}),
      ...(o.placeholder ? { placeholder: plain(o.placeholder) } : {}),
      ...(o.initial ? { initial_value: o.initial } : {}),
    },
  };
}

/** Where the form was opened (a channel id, far within private_metadata's 3,000 characters). */
const metadata = (channel: string) => JSON.stringify({ channel });

export interface SubmitPrefill {
  round?: string;
  hyperparameters: Partial<Hyperparameters>;
}

/** The submit form once its dataset is taken: the receipt in its place, to close. */
export function receiptModal(blocks: KnownBlock[]): ModalView {
  return { type: 'modal', title: plain('Submission received'), close: plain('Close'), blocks };
}

/** The submit form: open round, one dataset file, optional hyperparameters within the round's bounds. */
export function submitModal(rounds: Round[], prefill: SubmitPrefill, channel: string): ModalView {
  const open = rounds.filter((r) => r.status === 'open').slice(0, 100);
  const option = (r: Round): PlainTextOption => ({ text: plain(r.name, 75), value: r.id });
  const chosen = open.find((r) => r.id === prefill.round) ?? open[0];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Attach your dataset: JSON Lines, one `{"instruction", "response"}` (or chat `messages`) example per line. Files up to 10 MB here; send larger ones to me in a direct message.',
      },
    },
    {
      type: 'input',
      block_id: 'round',
      label: plain('Round'),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: open.map(option),
        ...(chosen ? { initial_option: option(chosen) } : {}),
      },
    },
    {
      type: 'input',
      block_id: 'dataset',
      label: plain('Dataset (.jsonl)'),
      element: { type: 'file_input', action_id: 'value', filetypes: ['jsonl', 'json', 'ndjson', 'txt'], max_files: 1 },
    },
    ...HYPERPARAMETERS.map((key) => {
      const [lo, hi] = chosen?.bounds[key] ?? DEFAULT_BOUNDS[key];
      const given = prefill.hyperparameters[key];
      return textInput(key, key, {
        placeholder: `default ${DEFAULT_HYPERPARAMETERS[key]}, allowed ${lo}–${hi}`,
        initial: given === undefined ? undefined : String(given),
      });
    }),
  ];
  return {
    type: 'modal',
    callback_id: SUBMIT_CALLBACK,
    title: plain('Submit a dataset'),
    submit: plain('Submit'),
    close: plain('Cancel'),
    private_metadata: metadata(channel),
    blocks,
  };
}

/** The organizer's round form; every field but the name has a default. */
export function roundOpenModal(channel: string, defaults: { reference: string; judges: string[] }): ModalView {
  const inChannel = /^[CG]/.test(channel);
  const range = (key: keyof typeof DEFAULT_BOUNDS) => DEFAULT_BOUNDS[key].join('-');
  return {
    type: 'modal',
    callback_id: ROUND_OPEN_CALLBACK,
    title: plain('Open a round'),
    submit: plain('Open round'),
    close: plain('Cancel'),
    private_metadata: metadata(channel),
    blocks: [
      textInput('name', 'Name', { optional: false, max: 80, placeholder: 'Customer support, week 1' }),
      textInput('domain', 'Domain', { placeholder: 'general', max: 80 }),
      textInput('description', 'Description', { multiline: true, max: 1000 }),
      {
        type: 'input',
        block_id: 'deadline',
        optional: true,
        label: plain('Deadline'),
        hint: plain('Default: in 14 days, 23:59 UTC'),
        element: { type: 'datepicker', action_id: 'value' },
      },
      {
        type: 'input',
        block_id: 'channel',
        optional: true,
        label: plain('Announcement channel'),
        element: {
          type: 'conversations_select',
          action_id: 'value',
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(inChannel ? { initial_conversation: channel } : {}),
        },
      },
      textInput('quota', 'Submissions per member per day', { placeholder: '5' }),
      textInput('min_rows', 'Minimum dataset rows', { placeholder: '20' }),
      textInput('max_rows', 'Maximum dataset rows', { placeholder: '10000' }),
      textInput('max_mb', 'Maximum dataset size (MB)', { placeholder: '50' }),
      ...HYPERPARAMETERS.map((key) => textInput(key, `${key} range`, { placeholder: range(key) })),
      textInput('reference', 'Reference model', { placeholder: defaults.reference }),
      textInput('judges', 'Judge models (comma-separated)', { placeholder: defaults.judges.join(', ') }),
    ],
  };
}
