import type { Block, Message } from '../../core/messages/message';

const names = (text: string) => text.replace(/<@([^>]+)>/g, (_m, id: string) => `@${id.split(':').pop()}`);

/** How marked-up text (`*bold*`, `_italic_`, `` `code` ``) reaches a terminal: ANSI styles, or plain. */
export interface TextStyle {
  ansi: boolean;
}

/** ANSI styles on a terminal that shows them (not piped, NO_COLOR unset), or wherever FORCE_COLOR asks. */
export function terminalStyle(env: Record<string, string | undefined>, isTty: boolean): TextStyle {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return { ansi: true };
  return { ansi: isTty && env.NO_COLOR === undefined && env.TERM !== 'dumb' };
}

const SGR = { bold: ['\x1b[1m', '\x1b[22m'], italic: ['\x1b[3m', '\x1b[23m'], code: ['\x1b[36m', '\x1b[39m'] };

/** Chat markup to terminal text: styled with ANSI codes, or with the markers taken out. */
function styled(text: string, style: TextStyle): string {
  const wrap = (kind: keyof typeof SGR, s: string) => (style.ansi ? `${SGR[kind][0]}${s}${SGR[kind][1]}` : s);
  return names(text)
    .replace(/`([^`\n]+)`/g, (_m, s: string) => wrap('code', s))
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm, (_m, pre: string, s: string) => pre + wrap('bold', s))
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/gm, (_m, pre: string, s: string) => pre + wrap('italic', s));
}

function table(columns: string[], rows: string[][], style: TextStyle): string {
  const all = [columns, ...rows].map((r) => r.map((c) => styled(c, { ansi: false })));
  const widths = columns.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const head = style.ansi ? `${SGR.bold[0]}${line(all[0]!)}${SGR.bold[1]}` : line(all[0]!);
  return [head, widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

function block(b: Block, style: TextStyle): string {
  const s = (text: string) => styled(text, style);
  switch (b.type) {
    case 'heading':
      return style.ansi ? `${SGR.bold[0]}${s(b.text)}${SGR.bold[1]}` : `== ${s(b.text)} ==`;
    case 'text':
      return s(b.text.replace(/:\w+: /g, ''));
    case 'fields':
      return b.fields.map((f) => `${f.label}: ${s(f.value)}`).join('\n');
    case 'table':
      return table(b.columns, b.rows, style) + (b.moreUrl ? `\n(more at ${b.moreUrl})` : '');
    case 'image':
      return `[image: ${b.alt}]`;
    case 'buttons':
      return b.buttons.map((x) => `[${x.label}]`).join(' ');
    case 'select':
      return `[${b.placeholder}: ${b.options.map((o) => o.label).join(' | ')}]`;
    case 'context':
      return style.ansi ? `\x1b[2m${s(b.text)}\x1b[22m` : s(b.text);
    case 'divider':
      return '---';
  }
}

/** Terminal rendering (the demo transcript): ANSI styles for a colour terminal, else plain text without markup. */
export const renderText = (m: Message, style: TextStyle = { ansi: false }): string =>
  m.blocks.map((b) => block(b, style)).join('\n');
