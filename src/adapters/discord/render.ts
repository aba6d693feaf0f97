import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIEmbed,
  APIStringSelectComponent,
} from 'discord-api-types/v10';
import type { Block, Button, Message, Tone } from '../../core/messages/message';
import { truncate } from '../../core/messages/truncate';
import { ButtonStyle, ComponentType } from './api-values';
import { toDiscordMarkdown, toPlainText } from './markdown';

/** Message limits we render within (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  embeds: 10,
  /** Sum of every title, description, field name and value, footer and author name of a message. */
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  content: 2000,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  optionLabel: 100,
  optionValue: 100,
  placeholder: 150,
} as const;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;
export type SelectRow = APIActionRowComponent<APIStringSelectComponent>;
export type ComponentRow = ButtonRow | SelectRow;

/** A message body for Discord's REST API (channel messages, webhooks, interaction responses). */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ComponentRow[];
  /** Nothing in a rendered message pings anyone unless a caller adds users explicitly. */
  allowed_mentions: { parse: []; users?: string[] };
}

const COLORS: Record<Tone, number> = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, error: 0xed4245 };
const SHORTENED = '…shortened to fit Discord.';

/** What a cut must keep whole in markdown: backslash escapes, mentions, custom emoji and our links. */
const MARKDOWN_ATOMS = /\\[^\s]|<@!?\d+>|<a?:\w+:\d+>|\[[^\]\n]*\]\([^)\s]*\)/g;
/** Markdown within `n` characters, never cut inside an escape, a mention or a link. */
const cut = (s: string, n: number): string => truncate(s, n, MARKDOWN_ATOMS);
/** Plain text (titles, labels) within `n` characters. */
const cutPlain = (s: string, n: number): string => truncate(s, n);

/** `action:value`, the custom id a button click sends back. */
const customId = (b: Pick<Button, 'action' | 'value'>): string => `${b.action}:${b.value}`;

/** Splits a custom id into the button's action and value. */
export function parseCustomId(id: string): { action: string; value: string } {
  const at = id.indexOf(':');
  return at < 0 ? { action: id, value: '' } : { action: id.slice(0, at), value: id.slice(at + 1) };
}

const embedSize = (e: APIEmbed): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/** Splits text into pieces of at most `max` characters at line breaks; an overlong line is cut. */
function splitLines(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = cut(raw, max);
    if (current && current.length + 1 + line.length > max) {
      pieces.push(current);
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Lays blocks out into embeds, starting a new one when a limit is reached, until the message budget runs out. */
class EmbedLayout {
  readonly embeds: APIEmbed[] = [];
  private used = 0;
  full = false;

  constructor(private readonly reserve: number) {}

  private room(): number {
    return DISCORD_LIMITS.embedTotal - this.reserve - this.used;
  }

  private open(title?: string): APIEmbed | undefined {
    if (this.embeds.length >= DISCORD_LIMITS.embeds) return undefined;
    const embed: APIEmbed = title ? { title } : {};
    this.embeds.push(embed);
    this.used += title?.length ?? 0;
    return embed;
  }

  private current(): APIEmbed | undefined {
    return this.embeds[this.embeds.length - 1] ?? this.open();
  }

  heading(text: string): void {
    const title = cutPlain(toPlainText(text), DISCORD_LIMITS.title);
    if (this.full || title.length > this.room()) return void (this.full = true);
    const last = this.embeds[this.embeds.length - 1];
    if (last && !last.title && !last.description && !last.fields?.length && !last.image) {
      last.title = title;
      this.used += title.length;
    } else if (!this.open(title)) this.full = true;
  }

  /** Adds markdown to the description, continuing in new embeds when one is full. */
  text(markdown: string): void {
    for (const piece of splitLines(markdown, DISCORD_LIMITS.description)) {
      if (this.full) return;
      let embed = this.current();
      const sep = embed?.description ? 1 : 0;
      if (embed && (embed.description?.length ?? 0) + sep + piece.length > DISCORD_LIMITS.description)
        embed = this.open();
      if (!embed || piece.length + 1 > this.room()) return void (this.full = true);
      const joined = embed.description ? `${embed.description}\n${piece}` : piece;
      this.used += joined.length - (embed.description?.length ?? 0);
      embed.description = joined;
    }
  }

  fields(fields: { label: string; value: string }[]): void {
    for (const f of fields) {
      if (this.full) return;
      const name = cutPlain(toPlainText(f.label), DISCORD_LIMITS.fieldName) || '\u200b';
      const value = cut(toDiscordMarkdown(f.value), DISCORD_LIMITS.fieldValue) || '\u200b';
      let embed = this.current();
      if (embed && (embed.fields?.length ?? 0) >= DISCORD_LIMITS.fields) embed = this.open();
      if (!embed || name.length + value.length > this.room()) return void (this.full = true);
      (embed.fields ??= []).push({ name, value, inline: true });
      this.used += name.length + value.length;
    }
  }

  image(url: string, alt: string): void {
    if (this.full) return;
    if (!/^https:\/\//i.test(url)) return this.text(`_${toDiscordMarkdown(alt)}_`);
    let embed = this.current();
    if (embed?.image) embed = this.open();
    if (!embed) return void (this.full = true);
    embed.image = { url };
  }

  /** The closing note when something was left out: it always fits, thanks to the reserve. */
  note(text: string): void {
    if (this.embeds.length === 0) this.embeds.push({});
    const embed = this.embeds[this.embeds.length - 1]!;
    const joined = embed.description ? `${embed.description}\n${text}` : text;
    embed.description =
      joined.length <= DISCORD_LIMITS.description
        ? joined
        : `${cut(embed.description ?? '', DISCORD_LIMITS.description - text.length - 1)}\n${text}`;
  }
}

/**
 * A pick-one menu as a row of its own. Its custom id is the action with a `~n` suffix (unique within
 * the message: a scoring card has one menu per finalist); the choice comes back in `values`.
 */
function renderSelect(block: Extract<Block, { type: 'select' }>, n: number): SelectRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: `${block.action}~${n}`,
        placeholder: cutPlain(toPlainText(block.placeholder), DISCORD_LIMITS.placeholder),
        // A value too long to carry whole would act on something else: such an option is left out.
        options: block.options
          .filter((o) => o.value.length <= DISCORD_LIMITS.optionValue)
          .slice(0, DISCORD_LIMITS.selectOptions)
          .map((o) => ({
            label: cutPlain(toPlainText(o.label), DISCORD_LIMITS.optionLabel) || '\u200b',
            value: o.value,
          })),
      },
    ],
  };
}

/** The action a menu stands for, without its uniqueness suffix. */
export const selectAction = (customId: string): string => customId.replace(/~\d+$/, '');

/** A table as lines (Discord has no tables, and a code block would hide the mentions). */
function tableLines(block: Extract<Block, { type: 'table' }>): string {
  const header = `**${block.columns.map(toPlainText).join(' · ')}**`;
  return [header, ...block.rows.map((r) => r.map(toDiscordMarkdown).join(' · '))].join('\n');
}

/** Buttons as action rows of at most five; a button whose id would be too long is left out. */
function renderButtons(buttons: Button[]): ButtonRow[] {
  const usable = buttons.filter((b) => customId(b).length <= DISCORD_LIMITS.customId);
  const rows: ButtonRow[] = [];
  for (let i = 0; i < usable.length && rows.length < DISCORD_LIMITS.rows; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: usable.slice(i, i + DISCORD_LIMITS.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        style:
          b.style === 'danger'
            ? ButtonStyle.Danger
            : b.style === 'primary'
              ? ButtonStyle.Primary
              : ButtonStyle.Secondary,
        label: cutPlain(toPlainText(b.label), DISCORD_LIMITS.buttonLabel) || '\u200b',
        custom_id: customId(b),
      })),
    });
  }
  return rows;
}

/**
 * A core message as Discord embeds and components, within Discord's limits: headings start embeds,
 * text and tables fill descriptions, fields become inline fields, buttons action rows. When the
 * budget runs out the rest is left out with a note (and the table's link, if it has one).
 */
export function renderMessage(message: Message): DiscordMessage {
  const moreUrl = message.blocks.find(
    (b): b is Extract<Block, { type: 'table' }> => b.type === 'table' && Boolean(b.moreUrl),
  )?.moreUrl;
  const noteText = `-# ${SHORTENED}${moreUrl ? ` [See everything](${moreUrl})` : ''}`;
  const layout = new EmbedLayout(noteText.length + 1);
  const buttons: Button[] = [];
  const selects: SelectRow[] = [];
  const tone =
    message.blocks.find((b): b is Extract<Block, { type: 'text' }> => b.type === 'text' && Boolean(b.tone))?.tone ??
    'info';

  for (const block of message.blocks) {
    switch (block.type) {
      case 'heading':
        layout.heading(block.text);
        break;
      case 'text':
        layout.text(toDiscordMarkdown(block.text));
        break;
      case 'fields':
        layout.fields(block.fields);
        break;
      case 'table':
        layout.text(tableLines(block) + (block.moreUrl ? `\n[See everything](${block.moreUrl})` : ''));
        break;
      case 'image':
        layout.image(block.url, block.alt);
        break;
      case 'context':
        layout.text(
          splitLines(toDiscordMarkdown(block.text), DISCORD_LIMITS.description - 3)
            .map((l) => `-# ${l}`)
            .join('\n'),
        );
        break;
      case 'divider':
        layout.text('\u200b');
        break;
      case 'buttons':
        buttons.push(...block.buttons);
        break;
      case 'select':
        selects.push(renderSelect(block, selects.length));
        break;
    }
  }
  if (!layout.embeds.length) layout.text(toDiscordMarkdown(message.text.trim() || 'LLM League'));
  if (layout.full) layout.note(noteText);
  for (const embed of layout.embeds) embed.color = COLORS[tone];
  const components: ComponentRow[] = [...renderButtons(buttons), ...selects].slice(0, DISCORD_LIMITS.rows);
  return { content: '', embeds: layout.embeds, components, allowed_mentions: { parse: [] } };
}

/** Plain message content (mention fallbacks), within the 2000-character limit. */
export const renderContent = (text: string): string => cut(toDiscordMarkdown(text), DISCORD_LIMITS.content);

/** Total characters Discord counts against the 6000 limit (tests). */
export const renderedSize = (m: DiscordMessage): number => m.embeds.reduce((n, e) => n + embedSize(e), 0);

/** The same components with the button of `clickedId` disabled (a button that disables itself after a click). */
export function disableButton(rows: unknown, clickedId: string): unknown[] {
  if (!Array.isArray(rows)) return [];
  return rows.map((row) => {
    if (!row || typeof row !== 'object' || !Array.isArray((row as { components?: unknown }).components)) return row;
    const r = row as { components: Record<string, unknown>[] };
    return {
      ...r,
      components: r.components.map((c) => (c && c.custom_id === clickedId ? { ...c, disabled: true } : c)),
    };
  });
}
