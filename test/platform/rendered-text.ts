import type { DiscordMessage } from '../../src/adapters/discord/render';
import type { SlackMessage } from '../../src/adapters/slack/render';

/** Every string of a Slack message that Slack parses as mrkdwn (the fallback text too), and the plain texts. */
export function slackTexts(m: { text?: string; blocks: unknown }): { mrkdwn: string[]; plain: string[] } {
  const mrkdwn: string[] = m.text === undefined ? [] : [m.text];
  const plain: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') mrkdwn.push(o.text);
    if (o.type === 'plain_text' && typeof o.text === 'string') plain.push(o.text);
    Object.values(o).forEach(walk);
  };
  walk(m.blocks);
  return { mrkdwn, plain };
}

/** Every string of a Discord message that Discord renders as markdown (content, embed texts). */
function discordTexts(m: Pick<DiscordMessage, 'content' | 'embeds'>): string[] {
  const out = [m.content];
  for (const e of m.embeds) {
    if (e.title) out.push(e.title);
    if (e.description) out.push(e.description);
    if (e.footer?.text) out.push(e.footer.text);
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  return out;
}

/** `<…>` tokens in Slack mrkdwn that are not ours: a core mention of a Slack member, or a link to the league. */
export const foreignSlackTokens = (m: SlackMessage): string[] =>
  slackTexts(m).mrkdwn.flatMap((t) =>
    [...t.matchAll(/<[^>]*>?/g)]
      .map((x) => x[0])
      .filter((x) => !/^<@U\d*0?MEMBER>$/.test(x) && !/^<https:\/\/league\.example\/[^|<>\s]*\|[^<>]*>$/.test(x)),
  );

/** Mentions, broadcasts and masked links in Discord text that are not ours. */
export const foreignDiscordTokens = (m: DiscordMessage): string[] =>
  discordTexts(m).flatMap((t) =>
    [...t.matchAll(/<@[!&]?\d+>|<#\d+>|<\/[^>\s]*:\d+>|@everyone|@here|\[[^\]]*\]\([^)]*\)?/gi)]
      .map((x) => x[0])
      .filter((x) => !/^<@(2{18}|3\d{17})>$/.test(x) && !/^\[See everything\]\(https:\/\/league\.example\//.test(x)),
  );
