import type { Block, Message } from '../../core/messages/message';

const names = (text: string) => text.replace(/<@([^>]+)>/g, (_m, id: string) => `@${id.split(':').pop()}`);

function table(columns: string[], rows: string[][]): string {
  const all = [columns, ...rows].map((r) => r.map(names));
  const widths = columns.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

function block(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `== ${names(b.text)} ==`;
    case 'text':
      return names(b.text).replace(/:\w+: /g, '');
    case 'fields':
      return b.fields.map((f) => `${f.label}: ${names(f.value)}`).join('\n');
    case 'table':
      return table(b.columns, b.rows) + (b.moreUrl ? `\n(more at ${b.moreUrl})` : '');
    case 'image':
      return `[image: ${b.alt}]`;
    case 'buttons':
      return b.buttons.map((x) => `[${x.label}]`).join(' ');
    case 'select':
      return `[${b.placeholder}: ${b.options.map((o) => o.label).join(' | ')}]`;
    case 'context':
      return names(b.text);
    case 'divider':
      return '---';
  }
}

/** Plain-text rendering for terminals (the demo transcript, the CLI). */
export const renderText = (m: Message): string => m.blocks.map(block).join('\n');
