/** Platform-neutral message: renderers turn it into Block Kit, Discord embeds or HTML. */
export interface Message {
  /** Plain fallback text: notifications, screen readers, and platforms without blocks. */
  text: string;
  blocks: Block[];
  /** Files posted with the message (the results chart); a platform that cannot upload leaves them out. */
  attachments?: Attachment[];
}

export interface Attachment {
  name: string;
  mime: string;
  bytes: Uint8Array;
  /** What the file shows, for screen readers and text-only views. */
  alt: string;
}

export type Tone = 'info' | 'success' | 'warning' | 'error';

export type Block =
  | { type: 'heading'; text: string }
  /** Light markdown: *bold*, _italic_, `code`, bullet lines starting with "• ". */
  | { type: 'text'; text: string; tone?: Tone }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | {
      type: 'table';
      columns: string[];
      rows: string[][] /** Link to the full table when rows were cut. */;
      moreUrl?: string;
    }
  | { type: 'image'; url: string; alt: string }
  | { type: 'buttons'; buttons: Button[] }
  /** A pick-one menu (a finale score from 1 to 10): the chosen option's value comes back with `action`. */
  | { type: 'select'; action: string; placeholder: string; options: SelectOption[] }
  | { type: 'context'; text: string }
  | { type: 'divider' };

export interface Button {
  /** Action id the platform sends back, e.g. `cancel`. */
  action: string;
  label: string;
  /** Opaque value carried back with the action (e.g. a submission id). */
  value: string;
  style?: 'primary' | 'danger';
}

export interface SelectOption {
  label: string;
  /** Opaque value carried back with the select's action. */
  value: string;
}

/** A reply to the person who typed the command. */
export interface Reply {
  message: Message;
  /** Ephemeral replies are seen only by the requester. */
  visibility: 'ephemeral' | 'channel';
  /** A file to hand to the requester (an export), where the platform can attach one. */
  file?: { name: string; mime: string; content: string };
}

export const message = (text: string, blocks: Block[] = [{ type: 'text', text }]): Message => ({ text, blocks });
