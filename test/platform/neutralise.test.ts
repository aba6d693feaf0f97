import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../src/adapters/discord/render';
import { renderMessage as renderSlack } from '../../src/adapters/slack/render';
import { hostileText } from '../support/hostile-text';
import { allSlots, everyMessage, type TextSlots } from './messages';
import { foreignDiscordTokens, foreignSlackTokens, slackTexts } from './rendered-text';

const message = (name: string, slots: TextSlots) => everyMessage(slots, 3).find(([n]) => n === name)![1];

describe('member text reaches channels inert', () => {
  it('Slack: an appeal reason shaped like a core mention, a broadcast or a link stays text', () => {
    const reason = '<@slack:T0LEAGUE:U0VICTIM> please look <!channel> <!here> <#C0SECRET> <https://evil.example|prize>';
    const rendered = renderSlack(message('appeal', { ...allSlots('x'), reason }));
    const text = slackTexts(rendered).mrkdwn.join('\n');
    expect(text).not.toContain('<@U0VICTIM>');
    expect(foreignSlackTokens(rendered)).toEqual([]);
    // Still readable: the words are all there.
    expect(text).toContain('please look');
    expect(text).toMatch(/@slack:T0LEAGUE:U0VICTIM/);
  });

  it("Discord: a finalist's answer with a masked link, mentions and @everyone stays text", () => {
    const answer =
      '[Claim your prize](https://evil.example/prize) <@123456789012345678> <@&223456789012345678> <#323456789012345678> @everyone @here <@discord:111111111111111111:444444444444444444>';
    const rendered = renderDiscord(message('finale prompt', { ...allSlots('x'), answer }));
    expect(foreignDiscordTokens(rendered)).toEqual([]);
    expect(rendered.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(rendered.embeds)).not.toContain('<@444444444444444444>');
    expect(JSON.stringify(rendered.embeds)).toContain('Claim your prize');
  });

  it('property: whatever members, models and organizers write, every rendered message holds only our mentions and links', () => {
    const slots = fc.record({
      roundName: hostileText(12),
      description: hostileText(),
      reason: hostileText(),
      answer: hostileText(),
      rationale: hostileText(),
      question: hostileText(),
      validation: hostileText(),
      prompt: hostileText(),
    });
    fc.assert(
      fc.property(slots, (t) => {
        for (const [name, m] of everyMessage(t, 3)) {
          expect(foreignSlackTokens(renderSlack(m)), `${name} on Slack`).toEqual([]);
          const discord = renderDiscord(m);
          expect(foreignDiscordTokens(discord), `${name} on Discord`).toEqual([]);
          expect(discord.allowed_mentions.parse).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
