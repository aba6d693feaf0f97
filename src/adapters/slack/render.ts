import type { KnownBlock } from '@slack/web-api';
import type { Block, Message } from '../../core/messages/message';
import { truncate } from '../../core/messages/truncate';

/** Block Kit limits we render within (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerActions: 25,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholderText: 150,
  altText: 2000,
  fallbackText: 3000,
  /** Rows of one table shown in a message; the rest are behind the table's link. */
  tableRows: 50,
} as const;

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** What a cut must keep whole in mrkdwn: the entities we escape to, and `<…>` mentions and links. */
const MRKDWN_ATOMS = /&(?:amp|lt|gt);|<[^<>\n]*>/g;
/** Mrkdwn within `n` characters, never cut inside an entity, a mention or a link. */
const cut = (s: string, n: number): string => truncate(s, n, MRKDWN_ATOMS);
/** Plain text (headers, buttons, options) within `n` characters. */
const cutPlain = (s: string, n: number): string => truncate(s, n);
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A qualified user id as Slack shows it: `slack:T1:U1` -> `U1`; others keep their last segment. */
const slackUser = (qualified: string): { slack: boolean; id: string } => {
  const parts = qualified.split(':');
  return { slack: parts[0] === 'slack' && parts.length >= 2, id: parts[parts.length - 1] ?? qualified };
};

/**
 * Core text -> Slack mrkdwn: `&`, `<`, `>` escaped, and core mentions `<@slack:T1:U1>` turned into
 * Slack mentions `<@U1>` (members of other platforms are shown by name).
 */
export function toMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/<@([^<>\s]+)>/g)) {
    out += escapeHtml(text.slice(last, m.index));
    const user = slackUser(m[1]!);
    out += user.slack && /^[A-Z0-9]+$/.test(user.id) ? `<@${user.id}>` : `@${escapeHtml(user.id)}`;
    last = m.index! + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** Core text -> plain text (headers, buttons): mentions become `@U1`. */
const toPlain = (text: string): string => text.replace(/<@([^<>\s]+)>/g, (_m, id: string) => `@${slackUser(id).id}`);

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: cut(text, SLACK_LIMITS.sectionText) }],
});

/** Splits mrkdwn into section-sized pieces at line breaks; a single overlong line is cut. */
export function splitText(text: string, max: number = SLACK_LIMITS.sectionText): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = cut(raw, max);
    if (current && current.length + 1 + line.length > max) {
      pieces.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current || !pieces.length) pieces.push(current || ' ');
  return pieces;
}

/** A table as mrkdwn lines: a bold header line, then one line per row. */
function tableBlocks(block: Extract<Block, { type: 'table' }>, budget: number): KnownBlock[] {
  const header = block.columns.map((c) => `*${toMrkdwn(c)}*`).join(' · ');
  const lines = block.rows.map((row) => row.map((cell) => toMrkdwn(cell)).join(' · '));
  const sections: string[] = [];
  let current = header;
  let shown = 0;
  const room = Math.max(1, budget - 1); // keep one block for the "more" line
  for (const line of lines.slice(0, SLACK_LIMITS.tableRows)) {
    const piece = cut(line, SLACK_LIMITS.sectionText);
    if (current.length + 1 + piece.length <= SLACK_LIMITS.sectionText) {
      current += `\n${piece}`;
      shown++;
      continue;
    }
    if (sections.length + 2 > room) break;
    sections.push(current);
    current = piece;
    shown++;
  }
  sections.push(current);
  const out = sections.map(section);
  const hidden = block.rows.length - shown;
  if (hidden > 0 || block.moreUrl) {
    const link = block.moreUrl ? `<${block.moreUrl}|Full table>` : '';
    out.push(
      context(hidden > 0 ? `…and ${hidden} more row${hidden === 1 ? '' : 's'}.${link ? ` ${link}` : ''}` : link),
    );
  }
  return out;
}

function renderBlock(block: Block, budget: number, actionIds: Map<string, number>): KnownBlock[] {
  switch (block.type) {
    case 'heading':
      return [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: cutPlain(toPlain(block.text), SLACK_LIMITS.headerText) || ' ',
            emoji: true,
          },
        },
      ];
    case 'text':
      return splitText(toMrkdwn(block.text)).map(section);
    case 'context':
      return [context(toMrkdwn(block.text))];
    case 'divider':
      return [{ type: 'divider' }];
    case 'image':
      return [{ type: 'image', image_url: block.url, alt_text: cutPlain(block.alt || 'image', SLACK_LIMITS.altText) }];
    case 'fields': {
      const out: KnownBlock[] = [];
      for (let i = 0; i < block.fields.length; i += SLACK_LIMITS.fieldsPerSection) {
        out.push({
          type: 'section',
          fields: block.fields.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f) => ({
            type: 'mrkdwn' as const,
            text: cut(`*${toMrkdwn(f.label)}*\n${toMrkdwn(f.value)}`, SLACK_LIMITS.fieldText),
          })),
        });
      }
      return out;
    }
    case 'table':
      return tableBlocks(block, budget);
    case 'buttons':
      return [
        {
          type: 'actions',
          // A value too long to carry whole would act on something else: such a button is left out.
          elements: block.buttons
            .filter((b) => b.value.length <= SLACK_LIMITS.buttonValue)
            .slice(0, SLACK_LIMITS.buttonsPerActions)
            .map((b) => {
              // action_id must be unique within a message: repeat actions get a `~n` suffix.
              const n = actionIds.get(b.action) ?? 0;
              actionIds.set(b.action, n + 1);
              return {
                type: 'button' as const,
                action_id: n ? `${b.action}~${n}` : b.action,
                text: {
                  type: 'plain_text' as const,
                  text: cutPlain(toPlain(b.label), SLACK_LIMITS.buttonText) || ' ',
                  emoji: true,
                },
                value: b.value,
                ...(b.style ? { style: b.style } : {}),
              };
            }),
        },
      ];
    case 'select': {
      // Unique within the message, like buttons: a scoring card has one select per finalist.
      const n = actionIds.get(block.action) ?? 0;
      actionIds.set(block.action, n + 1);
      return [
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select' as const,
              action_id: n ? `${block.action}~${n}` : block.action,
              placeholder: {
                type: 'plain_text' as const,
                text: cutPlain(toPlain(block.placeholder), SLACK_LIMITS.placeholderText) || ' ',
                emoji: true,
              },
              options: block.options
                .filter((o) => o.value.length <= SLACK_LIMITS.optionValue)
                .slice(0, SLACK_LIMITS.selectOptions)
                .map((o) => ({
                  text: {
                    type: 'plain_text' as const,
                    text: cutPlain(toPlain(o.label), SLACK_LIMITS.optionText) || ' ',
                    emoji: true,
                  },
                  value: o.value,
                })),
            },
          ],
        },
      ];
    }
  }
}

/** The action a button stands for, without the uniqueness suffix. */
export const actionName = (actionId: string): string => actionId.replace(/~\d+$/, '');

/** Renders core blocks into at most `maxBlocks` Block Kit blocks, saying so when some were left out. */
export function renderBlocks(blocks: Block[], maxBlocks: number = SLACK_LIMITS.messageBlocks): KnownBlock[] {
  const out: KnownBlock[] = [];
  const actionIds = new Map<string, number>();
  for (let i = 0; i < blocks.length; i++) {
    const reserve = i < blocks.length - 1 ? 1 : 0; // room for the "shortened" note
    const budget = maxBlocks - out.length - reserve;
    const rendered = budget > 0 ? renderBlock(blocks[i]!, budget, actionIds) : [];
    if (!rendered.length || rendered.length > budget) {
      const more = blocks
        .slice(i)
        .find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table' && Boolean(b.moreUrl));
      out.push(context(`…shortened to fit Slack.${more?.moreUrl ? ` <${more.moreUrl}|See everything>` : ''}`));
      break;
    }
    out.push(...rendered);
  }
  return out.slice(0, maxBlocks);
}

/** Fallback text: notifications and clients without blocks; never empty. */
function fallbackText(message: Message): string {
  const first = message.blocks.find((b) => b.type === 'heading' || b.type === 'text');
  const text = message.text.trim() || (first && 'text' in first ? first.text : '') || 'LLM League';
  return cut(toMrkdwn(text), SLACK_LIMITS.fallbackText);
}

/** A core message as a Slack message: Block Kit within its limits plus fallback text. */
export function renderMessage(message: Message, maxBlocks: number = SLACK_LIMITS.messageBlocks): SlackMessage {
  return { text: fallbackText(message), blocks: renderBlocks(message.blocks, maxBlocks) };
}
