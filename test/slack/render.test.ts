import { describe, expect, it } from 'vitest';
import { actionName, renderMessage, SLACK_LIMITS, splitText, toMrkdwn } from '../../src/adapters/slack/render';
import type { Block, Message } from '../../src/core/messages/message';

type Rendered = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text?: string | { text: string }; action_id?: string; value?: string }[];
};
const blocksOf = (m: Message) => renderMessage(m).blocks as unknown as Rendered[];

describe('Block Kit renderer', () => {
  it('renders every core block type', () => {
    const m: Message = {
      text: 'Fallback',
      blocks: [
        { type: 'heading', text: 'Round open' },
        { type: 'text', text: '*Bold* and `code`' },
        { type: 'fields', fields: [{ label: 'Quota', value: '5 a day' }] },
        { type: 'image', url: 'https://example.com/chart.png', alt: 'chart' },
        { type: 'buttons', buttons: [{ action: 'cancel', label: 'Cancel', value: 's1', style: 'danger' }] },
        { type: 'context', text: 'resets at midnight' },
        { type: 'divider' },
      ],
    };
    const r = renderMessage(m);
    expect(r.text).toBe('Fallback');
    expect(r.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'image',
      'actions',
      'context',
      'divider',
    ]);
    expect(r.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Bold* and `code`' } });
    expect(r.blocks[2]).toEqual({ type: 'section', fields: [{ type: 'mrkdwn', text: '*Quota*\n5 a day' }] });
    expect(r.blocks[4]).toMatchObject({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'cancel', value: 's1', style: 'danger' }],
    });
  });

  it('turns core mentions into Slack mentions and escapes control characters', () => {
    expect(toMrkdwn('Top: <@slack:T1:U123ABC> beats A>B & co <b>')).toBe(
      'Top: <@U123ABC> beats A&gt;B &amp; co &lt;b&gt;',
    );
    expect(toMrkdwn('<@local:demo:alice> and <@discord:G1:42>')).toBe('@alice and @42');
  });

  it('always sets the fallback text, even when the message has none', () => {
    expect(renderMessage({ text: '', blocks: [{ type: 'heading', text: 'Leaderboard' }] }).text).toBe('Leaderboard');
    expect(renderMessage({ text: '  ', blocks: [] }).text).toBe('LLM League');
    expect(renderMessage({ text: 'x'.repeat(10_000), blocks: [] }).text.length).toBeLessThanOrEqual(
      SLACK_LIMITS.fallbackText,
    );
  });

  it('keeps section text within 3000 characters by splitting at line breaks', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• line ${i} ${'x'.repeat(20)}`);
    const blocks = blocksOf({ text: 't', blocks: [{ type: 'text', text: lines.join('\n') }] });
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(blocks.map((b) => b.text!.text).join('\n')).toBe(lines.join('\n'));
    expect(splitText('y'.repeat(5000))[0]!.length).toBe(SLACK_LIMITS.sectionText);
  });

  it('cuts a header at 150 characters', () => {
    const [header] = blocksOf({ text: 't', blocks: [{ type: 'heading', text: 'h'.repeat(400) }] });
    expect(header!.text!.text.length).toBe(SLACK_LIMITS.headerText);
  });

  it('never emits more than 50 blocks and says the message was shortened', () => {
    const many: Block[] = Array.from({ length: 120 }, (_, i) => ({ type: 'text', text: `paragraph ${i}` }));
    const blocks = blocksOf({ text: 't', blocks: many });
    expect(blocks).toHaveLength(SLACK_LIMITS.messageBlocks);
    expect(blocks.at(-1)!.type).toBe('context');
    expect(JSON.stringify(blocks.at(-1))).toContain('shortened');
  });

  it('renders a table as mrkdwn lines with Slack mentions', () => {
    const blocks = blocksOf({
      text: 't',
      blocks: [
        {
          type: 'table',
          columns: ['#', 'Member', 'Win rate'],
          rows: [
            ['1', '<@slack:T1:U1>', '62.0%'],
            ['2', '<@slack:T1:U2>', '48.5%'],
          ],
        },
      ],
    });
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.text!.text).toBe('*#* · *Member* · *Win rate*\n1 · <@U1> · 62.0%\n2 · <@U2> · 48.5%');
  });

  it('cuts a leaderboard past the limit and links to the full table', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [
      String(i + 1),
      `<@slack:T1:U${i}>`,
      '50.0%',
      '40.0%–60.0%',
      `s${i}`,
    ]);
    const blocks = blocksOf({
      text: 't',
      blocks: [
        { type: 'heading', text: 'Leaderboard' },
        {
          type: 'table',
          columns: ['#', 'Member', 'Win rate', '95% CI', 'Submission'],
          rows,
          moreUrl: 'https://league.example/leaderboard/r1',
        },
        { type: 'context', text: 'footer' },
      ],
    });
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    for (const b of blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const text = JSON.stringify(blocks);
    expect(text).toContain('<https://league.example/leaderboard/r1|');
    expect(text).toMatch(/and \d+ more rows/);
    expect(text).toContain('<@U0>');
    expect(text).toContain('and 2950 more rows');
    expect(text).not.toContain('<@U50>');
  });

  it('cuts a table whose rows would need more than 50 blocks', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [String(i + 1), 'x'.repeat(2000)]);
    const blocks = blocksOf({
      text: 't',
      blocks: [
        { type: 'heading', text: 'Big' },
        { type: 'table', columns: ['#', 'Notes'], rows, moreUrl: 'https://x.example/all' },
        { type: 'context', text: 'end' },
      ],
    });
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    const last = JSON.stringify(blocks.filter((b) => b.type === 'context'));
    expect(last).toMatch(/and \d+ more rows?\. <https:\/\/x\.example\/all\|Full table>/);
  });

  it('links a table that core already cut to its full page', () => {
    const blocks = blocksOf({
      text: 't',
      blocks: [{ type: 'table', columns: ['a'], rows: [['1']], moreUrl: 'https://x.example/lb' }],
    });
    expect(blocks[1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '<https://x.example/lb|Full table>' }],
    });
  });

  it('keeps button action ids unique within a message and maps them back', () => {
    const blocks = blocksOf({
      text: 't',
      blocks: [
        {
          type: 'buttons',
          buttons: [
            { action: 'cancel', label: 'Cancel s1', value: 's1' },
            { action: 'cancel', label: 'Cancel s2', value: 's2' },
          ],
        },
      ],
    });
    const ids = blocks[0]!.elements!.map((e) => e.action_id!);
    expect(new Set(ids).size).toBe(2);
    expect(ids.map(actionName)).toEqual(['cancel', 'cancel']);
  });

  it('renders a score menu as a static select, one action id per menu, options keeping their values', () => {
    const menu = (finalist: string) => ({
      type: 'select' as const,
      action: 'finale-score',
      placeholder: `Finalist ${finalist}: score 1–10`,
      options: Array.from({ length: 10 }, (_, i) => ({ label: String(i + 1), value: `s${finalist} ${i + 1} f1.1` })),
    });
    const blocks = blocksOf({ text: 't', blocks: [menu('a'), menu('b')] }) as unknown as {
      type: string;
      elements: { type: string; action_id: string; options: { value: string }[] }[];
    }[];
    expect(blocks.map((b) => [b.type, b.elements[0]!.type])).toEqual([
      ['actions', 'static_select'],
      ['actions', 'static_select'],
    ]);
    const ids = blocks.map((b) => b.elements[0]!.action_id);
    expect(new Set(ids).size).toBe(2);
    expect(ids.map(actionName)).toEqual(['finale-score', 'finale-score']);
    expect(blocks[1]!.elements[0]!.options.map((o) => o.value)).toEqual(
      Array.from({ length: 10 }, (_, i) => `sb ${i + 1} f1.1`),
    );
  });

  it('splits more than ten fields over several sections', () => {
    const fields = Array.from({ length: 13 }, (_, i) => ({ label: `f${i}`, value: String(i) }));
    const blocks = blocksOf({ text: 't', blocks: [{ type: 'fields', fields }] });
    expect(blocks.map((b) => b.fields!.length)).toEqual([10, 3]);
  });
});
