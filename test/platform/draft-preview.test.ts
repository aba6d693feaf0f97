import { describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../src/adapters/discord/render';
import { renderMessage as renderSlack } from '../../src/adapters/slack/render';
import { draftPageMessage } from '../../src/core/messages/draft';
import { PLATFORM_TOKENS, WIDE_GRAPHEMES } from '../support/hostile-text';
import { allSlots, draftFixture } from './messages';

const repeat = (parts: string[], n: number) => Array.from({ length: n }, (_, i) => parts[i % parts.length]).join('');

/**
 * A review page is only useful whole: every row's card and its keep/drop button must survive the
 * platforms' limits (Slack: 50 blocks, 3,000 characters a section; Discord: 5 action rows, 6,000
 * characters of embeds), whatever the rows say. The renderers would otherwise cut with a note.
 */
describe.each([
  ['8,000-character rows of emoji', repeat(WIDE_GRAPHEMES, 8000)],
  ['rows of platform syntax', repeat(PLATFORM_TOKENS, 4000)],
  ['escapes that grow', '<&>'.repeat(3000)],
])('a draft page with %s', (_name, text) => {
  const { draft, pages } = draftFixture(allSlots(text));
  const message = draftPageMessage(draft, pages[3]!, 4);

  it('renders whole on Slack: every card, every button, no shortening', () => {
    const rendered = renderSlack(message);
    expect(JSON.stringify(rendered)).not.toContain('shortened');
    const buttons = rendered.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b) => (b as { value?: string }).value)).toEqual([
      ...[16, 17, 18, 19, 20].map((r) => `d0000001.12 ${r}`),
      'd0000001.12 3',
      'd0000001.12 5',
    ]);
  });

  it('renders whole on Discord: every card, every button, no shortening', () => {
    const rendered = renderDiscord(message);
    expect(JSON.stringify(rendered)).not.toContain('shortened');
    const ids = rendered.components.flatMap((r) => r.components.map((c) => (c as { custom_id: string }).custom_id));
    expect(ids).toEqual([
      ...[16, 17, 18, 19, 20].map((r) => `draft-drop:d0000001.12 ${r}`),
      'draft-page:d0000001.12 3',
      'draft-page:d0000001.12 5',
    ]);
    for (const r of [16, 17, 18, 19, 20]) expect(JSON.stringify(rendered.embeds)).toContain(`${r}.`);
  });
});
