import { afterEach, describe, expect, it } from 'vitest';
import { discordSchemaProblems } from '../platform/discord-schema';
import { type DiscordLeague, startDiscordLeague } from './harness';
import { buttonInteraction, commandInteraction, GUILD, int, MEMBER, OTHER, str, sub } from './support';

const EPHEMERAL = 64;
const embedText = (body: any): string =>
  [body?.content ?? '', ...(body?.embeds ?? []).flatMap((e: any) => [e.title, e.description])].join('\n');

/** A click on a button of the bot's DM: Discord sends it with the user and no server. */
const dmClick = (userId: string, customId: string) => ({
  ...buttonInteraction(userId, customId),
  guild_id: undefined,
  member: undefined,
  user: { id: userId, username: 'm' },
  channel_id: '900000000000000011',
  channel: { id: '900000000000000011', type: 1 },
});

let d: DiscordLeague | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

describe('generate → review → submit on Discord', () => {
  it('drafts from /league generate, reviews with DM buttons (the owner only), submits with the draft option', async () => {
    d = await startDiscordLeague();
    await d.openRound('r1');
    const reply = (
      await d.post(
        commandInteraction(MEMBER, [sub('generate', [str('topic', 'passwords and invoices'), int('count', 12)])]),
      )
    ).json();
    expect(reply.data.flags).toBe(EPHEMERAL);
    const id = /draft `(d\w+)`/.exec(embedText(reply.data))![1]!;
    await d.league.queue.drain(20_000);

    const dmChannel = d.discord.dmChannelOf(MEMBER);
    const posts = d.discord.to(new RegExp(`^/channels/${dmChannel}/messages$`), 'POST');
    const file = posts.find((p) => p.files?.some((f) => f.name === `draft-${id}.jsonl`));
    expect(file).toBeDefined();
    const preview = posts.find((p) => /Review draft/.test(embedText(p.body)))!;
    // Within Discord's request schema and its five action rows, every row's button present.
    expect(discordSchemaProblems('POST /channels/{channel_id}/messages', preview.body)).toEqual([]);
    const customIds = preview.body.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id));
    expect(preview.body.components.length).toBeLessThanOrEqual(5);
    expect(customIds).toEqual([...[1, 2, 3, 4, 5].map((r) => `draft-drop:${id}.1 ${r}`), `draft-page:${id}.1 2`]);

    const other = (await d.post(dmClick(OTHER, `draft-drop:${id}.1 3`))).json();
    expect(embedText(other.data)).toMatch(/No draft `d\w+` of yours/);
    const click = (await d.post(dmClick(MEMBER, `draft-drop:${id}.1 3`))).json();
    expect(click.data.flags).toBe(EPHEMERAL);
    expect(embedText(click.data)).toMatch(/Row 3 dropped/);
    expect((await d.league.deps.store.getDraft(id))!.dropped).toEqual([3]);
    // The preview is edited in place (PATCH of the DM message): row 3's button now keeps it.
    const edit = d.discord.to(new RegExp(`^/channels/${dmChannel}/messages/\\d+$`), 'PATCH').at(-1)!;
    expect(edit.body.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id))).toContain(
      `draft-keep:${id}.1 3`,
    );

    const submitted = (
      await d.post(commandInteraction(MEMBER, [sub('submit', [str('draft', id), str('round', 'r1')])]))
    ).json();
    await d.route.idle();
    expect(embedText(submitted.data)).toMatch(new RegExp(`Received \\*\\*draft-${id}\\.jsonl\\*\\*`));
    const [made] = await d.league.deps.store.listSubmissionsByUser(`discord:${GUILD}:${MEMBER}`);
    expect(made!.upload).toMatchObject({ draftId: id, omitLines: [3] });
    await d.league.queue.drain(60_000);
  });

  it('takes refine and draft as subcommands', async () => {
    d = await startDiscordLeague();
    await d.openRound('r1');
    const reply = (
      await d.post(commandInteraction(MEMBER, [sub('generate', [str('topic', 'invoices'), int('count', 6)])]))
    ).json();
    const id = /draft `(d\w+)`/.exec(embedText(reply.data))![1]!;
    await d.league.queue.drain(20_000);
    const page = (await d.post(commandInteraction(MEMBER, [sub('draft', [str('draft', id), int('page', 2)])]))).json();
    expect(embedText(page.data)).toMatch(new RegExp(`Review draft ${id} · page 2/2`));
    const refine = (
      await d.post(commandInteraction(MEMBER, [sub('refine', [str('draft', id), str('feedback', 'shorter answers')])]))
    ).json();
    expect(embedText(refine.data)).toMatch(/regenerating all 6 rows \(none was dropped\) with your feedback/);
    await d.league.queue.drain(20_000);
    expect((await d.league.deps.store.getDraft(id))!).toMatchObject({ version: 2, status: 'ready' });
  });
});
