import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isFinal } from '../../src/core/submission-stage';
import { examplesDir } from '../../src/local/paths';
import { type DiscordLeague, startDiscordLeague } from './harness';
import {
  APP,
  attachment,
  buttonInteraction,
  cdnAttachment,
  commandInteraction,
  group,
  int,
  MEMBER,
  num,
  ORGANIZER,
  ORGANIZER_ROLE,
  OTHER,
  ping,
  ROUND_CHANNEL,
  str,
  sub,
} from './support';

const EPHEMERAL = 64;
const strong = readFileSync(join(examplesDir(), 'datasets', 'strong.jsonl'), 'utf8');
const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const embedText = (body: any): string =>
  [
    body?.content ?? '',
    ...(body?.embeds ?? []).flatMap((e: any) => [
      e.title,
      e.description,
      ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]),
    ]),
  ].join('\n');

let d: DiscordLeague | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

async function submitDataset(league: DiscordLeague, userId = MEMBER, id = '700000000000000001') {
  const file = cdnAttachment(id, 'train.jsonl', Buffer.byteLength(strong));
  league.files.set(file.url.split('?')[0]!, strong);
  const res = await league.post(
    commandInteraction(userId, [sub('submit', [str('round', 'r1'), attachment('dataset', id), int('epochs', 2)])], {
      attachments: { [id]: file },
    }),
  );
  expect(res.status).toBe(200);
  return res.json();
}

describe('Discord interactions endpoint', () => {
  it('answers PING with PONG', async () => {
    d = await startDiscordLeague({ worker: false });
    const res = await d.post(ping());
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ type: 1 });
  });

  it('answers help and rounds at once, without a REST call', async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r1');
    const help = (await d.post(commandInteraction(MEMBER, [sub('help')]))).json();
    expect(help.type).toBe(4);
    expect(embedText(help.data)).toMatch(/submit/);
    const rounds = (await d.post(commandInteraction(MEMBER, [sub('rounds')]))).json();
    expect(rounds.type).toBe(4);
    expect(embedText(rounds.data)).toContain('Round r1');
    expect(d.discord.calls).toEqual([]);
  });

  it('takes a dataset through the attachment option, edits one reply in place through every stage, and DMs the result', async () => {
    d = await startDiscordLeague();
    await d.openRound('r1');
    const reply = await submitDataset(d);
    expect(reply.type).toBe(4);
    const id = /\b(s[0-9a-z]{6,})\b/.exec(embedText(reply.data))?.[1];
    expect(id, embedText(reply.data)).toBeDefined();
    await until('the submission to finish', async () =>
      isFinal((await d!.league.deps.store.getSubmission(id!))!.stage),
    );
    await until(
      'the result DM',
      () => d!.discord.to(new RegExp(`^/channels/${d!.discord.dmChannelOf(MEMBER)}/messages$`), 'POST').length > 0,
    );
    await d.route.idle();
    const sub_ = (await d.league.deps.store.getSubmission(id!))!;
    expect(sub_.stage).toBe('SCORED');
    expect(sub_.hyperparameters.epochs).toBe(2);
    // The member's Discord name travels with the submission to the leaderboard (pages and charts show names, not ids).
    expect(sub_.userName).toBe('user04');
    expect((await d.league.deps.store.leaderboard('r1')).map((e) => e.userName)).toEqual(['user04']);
    expect(d.downloads).toEqual([
      expect.stringMatching(/^https:\/\/cdn\.discordapp\.com\/attachments\/.+\/train\.jsonl\?/),
    ]);
    // Progress: the interaction's original response edited through its webhook, no bot token.
    const edits = d.discord.to(
      new RegExp(`^/webhooks/${APP}/interaction-token-\\d+/messages/(@|%40)original$`),
      'PATCH',
    );
    expect(edits.length).toBeGreaterThanOrEqual(3);
    expect(edits.every((e) => e.auth === false)).toBe(true);
    expect(embedText(edits.at(-1)!.body)).toMatch(/scored|win rate/i);
    // Result: a DM channel opened for the member, then one message there with the win rate.
    const opened = d.discord.to(/^\/users\/@me\/channels$/, 'POST');
    expect(opened.map((c) => c.body.recipient_id)).toContain(MEMBER);
    const dms = d.discord.to(new RegExp(`^/channels/${d.discord.dmChannelOf(MEMBER)}/messages$`), 'POST');
    expect(dms).toHaveLength(1);
    expect(embedText(dms[0]!.body)).toMatch(/win rate/i);
    expect(dms[0]!.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('refuses an attachment past the round limit before downloading it', async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r1', 'max_mb=1');
    const id = '700000000000000002';
    const file = cdnAttachment(id, 'big.jsonl', 5_000_000);
    const res = await d.post(
      commandInteraction(MEMBER, [sub('submit', [str('round', 'r1'), attachment('dataset', id)])], {
        attachments: { [id]: file },
      }),
    );
    const body = res.json();
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(embedText(body.data)).toMatch(/5\.0 MB|limit/);
    expect(d.downloads).toEqual([]);
    expect(await d.league.deps.store.listSubmissionsByUser(`discord:200000000000000002:${MEMBER}`)).toEqual([]);
  });

  it("refuses an attachment that does not come from Discord's CDN", async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r1');
    const id = '700000000000000003';
    const file = { ...cdnAttachment(id, 'x.jsonl', 100), url: 'https://evil.example/x.jsonl' };
    const body = (
      await d.post(
        commandInteraction(MEMBER, [sub('submit', [attachment('dataset', id)])], { attachments: { [id]: file } }),
      )
    ).json();
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(embedText(body.data)).toMatch(/Discord/);
    expect(d.downloads).toEqual([]);
  });

  it('answers status, leaderboard and cancel for the member, and a cancel button disables itself', async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r1');
    const reply = await submitDataset(d);
    const id = /\b(s[0-9a-z]{6,})\b/.exec(embedText(reply.data))![1]!;
    const status = (await d.post(commandInteraction(MEMBER, [sub('status', [str('submission', id)])]))).json();
    expect(embedText(status.data)).toContain(id);
    const board = (await d.post(commandInteraction(MEMBER, [sub('leaderboard', [str('round', 'r1')])]))).json();
    expect(board.type).toBe(4);
    // Someone else cannot cancel it.
    const foreign = (await d.post(commandInteraction(OTHER, [sub('cancel', [str('submission', id)])]))).json();
    expect(foreign.data.flags).toBe(EPHEMERAL);
    expect((await d.league.deps.store.getSubmission(id))!.stage).not.toBe('CANCELLED');
    // The owner's click on the reply's cancel button.
    const row = { type: 1, components: [{ type: 2, style: 4, label: 'Cancel', custom_id: `cancel:${id}` }] };
    const click = (await d.post(buttonInteraction(MEMBER, `cancel:${id}`, [row]))).json();
    expect(click.type).toBe(7);
    expect(click.data.components[0].components[0]).toMatchObject({ custom_id: `cancel:${id}`, disabled: true });
    await d.route.idle();
    expect((await d.league.deps.store.getSubmission(id))!.stage).toBe('CANCELLED');
    const followUps = d.discord.to(new RegExp(`^/webhooks/${APP}/interaction-token-\\d+$`), 'POST');
    expect(followUps).toHaveLength(1);
    expect(followUps[0]!.body.flags).toBe(EPHEMERAL);
  });

  it("routes a calibration card's verdict button to its command", async () => {
    d = await startDiscordLeague({ worker: false });
    const row = {
      type: 1,
      components: [{ type: 2, style: 2, label: 'A better', custom_id: 'calibrate-label:calx A>B' }],
    };
    const res = (await d.post(buttonInteraction(MEMBER, 'calibrate-label:calx A>B', [row]))).json();
    expect(res).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(embedText(res.data)).toContain('No pair `calx` of yours');
  });

  it("autocompletes round ids and the member's own submissions only", async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r1');
    const mine = /\b(s[0-9a-z]{6,})\b/.exec(embedText((await submitDataset(d)).data))![1]!;
    const theirs = /\b(s[0-9a-z]{6,})\b/.exec(
      embedText((await submitDataset(d, OTHER, '700000000000000009')).data),
    )![1]!;
    const rounds = (
      await d.post(commandInteraction(MEMBER, [sub('leaderboard', [str('round', 'r', true)])], { type: 4 }))
    ).json();
    expect(rounds.type).toBe(8);
    expect(rounds.data.choices.map((c: any) => c.value)).toEqual(['r1']);
    const subs = (
      await d.post(commandInteraction(MEMBER, [sub('status', [str('submission', '', true)])], { type: 4 }))
    ).json();
    const values = subs.data.choices.map((c: any) => c.value);
    expect(values).toContain(mine);
    expect(values).not.toContain(theirs);
  });

  it("runs organizer commands for configured organizers, the organizers' role and Manage Server, and refuses members", async () => {
    d = await startDiscordLeague({ worker: false });
    const open = (userId: string, id: string, extra: { roles?: string[]; permissions?: string } = {}) =>
      d!.post(
        commandInteraction(
          userId,
          [
            group(
              'round',
              sub('open', [
                str('name', `Round ${id}`),
                str('id', id),
                { name: 'channel', type: 7, value: ROUND_CHANNEL },
                num('quota', 3),
              ]),
            ),
          ],
          extra,
        ),
      );
    const refused = (await open(MEMBER, 'm1')).json();
    expect(refused.data.flags).toBe(EPHEMERAL);
    expect(await d.league.deps.store.getRound('m1')).toBeUndefined();
    await open(ORGANIZER, 'o1');
    await open(MEMBER, 'o2', { roles: [ORGANIZER_ROLE] });
    await open(OTHER, 'o3', { permissions: String(1 << 5) });
    for (const id of ['o1', 'o2', 'o3'])
      expect((await d.league.deps.store.getRound(id))?.channel).toBe(`discord:${ROUND_CHANNEL}`);
  });

  it('defers slow organizer commands and edits the deferred reply: questions from an attachment, announce, close, audit as a file', async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r2');
    const questions = [
      '{"id":"h1","category":"support","question":"How do I export data?","gold":"Settings, Export."}',
      '{"id":"h2","category":"support","question":"Can I change my e-mail?","gold":"Yes, under Profile."}',
    ].join('\n');
    const fileId = '700000000000000010';
    const file = cdnAttachment(fileId, 'questions.jsonl', Buffer.byteLength(questions));
    d.files.set(file.url.split('?')[0]!, questions);
    const deferred = (
      await d.post(
        commandInteraction(
          ORGANIZER,
          [group('round', sub('questions', [attachment('file', fileId), str('round', 'r2')]))],
          { attachments: { [fileId]: file } },
        ),
      )
    ).json();
    expect(deferred).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await d.route.idle();
    expect((await d.league.deps.store.getRound('r2'))!.questionCount).toBe(2);
    const edit = d.discord.to(/\/messages\/(@|%40)original$/, 'PATCH').at(-1)!;
    expect(embedText(edit.body)).toMatch(/2 questions|2 hidden/i);

    expect(
      (await d.post(commandInteraction(ORGANIZER, [group('round', sub('announce', [str('round', 'r2')]))]))).json()
        .type,
    ).toBe(5);
    await d.route.idle();
    const announced = d.discord.to(new RegExp(`^/channels/${ROUND_CHANNEL}/messages$`), 'POST');
    expect(announced.length).toBeGreaterThanOrEqual(1);
    expect(embedText(announced.at(-1)!.body)).toContain('Round r2');

    await d.post(commandInteraction(ORGANIZER, [group('round', sub('close', [str('round', 'r2')]))]));
    await d.route.idle();
    expect((await d.league.deps.store.getRound('r2'))!.status).toBe('closed');

    await d.post(commandInteraction(ORGANIZER, [sub('audit', [int('entries', 10)])]));
    await d.route.idle();
    const withFile = d.discord.to(/\/messages\/(@|%40)original$/, 'PATCH').at(-1)!;
    expect(withFile.files?.[0]?.name).toMatch(/\.csv$/);
    expect(withFile.files![0]!.data.toString('utf8')).toMatch(/round\.close,r2/);

    const listed = (await d.post(commandInteraction(ORGANIZER, [sub('undelivered', [int('messages', 5)])]))).json();
    await d.route.idle();
    const edited = d.discord.to(/\/messages\/(@|%40)original$/, 'PATCH').at(-1)!;
    expect(embedText(listed.type === 5 ? edited.body : listed.data)).toMatch(
      /Every message the league owed has been delivered/,
    );
  });

  it('DMs closed (50007): the member is mentioned in the round channel with a pointer, never the private result', async () => {
    d = await startDiscordLeague();
    await d.openRound('r1');
    d.discord.failWhen((c) =>
      c.method === 'POST' && c.route === `/channels/${d!.discord.dmChannelOf(MEMBER)}/messages`
        ? Object.assign(new Error('Cannot send messages to this user'), { status: 403, code: 50007 })
        : undefined,
    );
    const id = /\b(s[0-9a-z]{6,})\b/.exec(embedText((await submitDataset(d)).data))![1]!;
    await until('the submission to finish', async () => isFinal((await d!.league.deps.store.getSubmission(id))!.stage));
    await until('the mention', () =>
      d!.discord
        .to(new RegExp(`^/channels/${ROUND_CHANNEL}/messages$`), 'POST')
        .some((c) => c.body.content?.includes(`<@${MEMBER}>`)),
    );
    const mention = d.discord
      .to(new RegExp(`^/channels/${ROUND_CHANNEL}/messages$`), 'POST')
      .find((c) => c.body.content?.includes(`<@${MEMBER}>`))!;
    expect(mention.body.allowed_mentions).toEqual({ parse: [], users: [MEMBER] });
    expect(embedText(mention.body)).toMatch(/DMs are closed.*\/league status/);
    expect(embedText(mention.body)).not.toMatch(/win rate|q1|q2/i);
    expect(mention.body.embeds).toEqual([]);
  });

  it('refuses other servers the bot was added to: their admins are nobody here, their members cannot play', async () => {
    d = await startDiscordLeague({ worker: false });
    const elsewhere = (userId: string, options: ReturnType<typeof sub>[], extra: { permissions?: string } = {}) => ({
      ...commandInteraction(userId, options, extra),
      guild_id: '200000000000000099',
    });
    const admin = (
      await d.post(
        elsewhere(OTHER, [group('round', sub('open', [str('name', 'Hijack'), str('id', 'hijack')]))], {
          permissions: String(1 << 3),
        }),
      )
    ).json();
    expect(admin.data.flags).toBe(EPHEMERAL);
    expect(embedText(admin.data)).toMatch(/not part of the league/);
    expect(await d.league.deps.store.getRound('hijack')).toBeUndefined();
    expect(embedText((await d.post(elsewhere(MEMBER, [sub('rounds')]))).json().data)).toMatch(/not part of the league/);
    const complete = (
      await d.post({ ...elsewhere(MEMBER, [sub('status', [str('submission', '', true)])]), type: 4 })
    ).json();
    expect(complete).toEqual({ type: 8, data: { choices: [] } });
  });

  it('refuses commands outside a server, and unknown interaction shapes with 400', async () => {
    d = await startDiscordLeague({ worker: false });
    const dm = {
      ...commandInteraction(MEMBER, [sub('rounds')]),
      guild_id: undefined,
      member: undefined,
      user: { id: MEMBER, username: 'm' },
    };
    const body = (await d.post(dm)).json();
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(embedText(body.data)).toMatch(/server/);
    expect((await d.post({ type: 99, id: '1', application_id: APP, token: 't' })).status).toBe(400);
    expect((await d.post({ ...ping(), application_id: '999' })).status).toBe(400);
  });
});

describe('the remaining /league subcommands through Discord', () => {
  it('reach the league: appeal, override, export, round results, finale vote and score (slash forms)', async () => {
    d = await startDiscordLeague({ worker: false });
    await d.openRound('r1');
    const deferredEdit = async (userId: string, options: ReturnType<typeof sub>[]) => {
      const res = (await d!.post(commandInteraction(userId, options))).json();
      expect(res).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      await d!.route.idle();
      return d!.discord.to(/\/messages\/(@|%40)original$/, 'PATCH').at(-1)!;
    };
    const appeal = await deferredEdit(MEMBER, [
      sub('appeal', [str('submission', 'snope123'), str('question', 'q1'), str('reason', 'The count of r is right')]),
    ]);
    expect(embedText(appeal.body)).toMatch(/snope123/);
    const override = await deferredEdit(ORGANIZER, [
      sub('override', [str('submission', 'snope123'), str('question', 'q1'), str('verdict', 'a>b')]),
    ]);
    expect(embedText(override.body)).toMatch(/snope123/);
    const exported = await deferredEdit(ORGANIZER, [sub('export', [str('round', 'r1')])]);
    expect(exported.files?.[0]?.name).toMatch(/\.csv$/);
    expect(exported.files![0]!.data.toString('utf8').split('\n')[0]).toMatch(/submission/);
    const results = await deferredEdit(ORGANIZER, [group('round', sub('results', [str('round', 'r1')]))]);
    expect(embedText(results.body)).toMatch(/r1|Round r1|standings|no scored/i);
    // Voting without a live finale is answered at once, privately, with what to do.
    const vote = (
      await d.post(commandInteraction(MEMBER, [group('finale', sub('vote', [str('finalist', '1')]))]))
    ).json();
    expect(vote.type).toBe(4);
    expect(vote.data.flags).toBe(EPHEMERAL);
    expect(embedText(vote.data)).toMatch(/finale/i);
    const score = (
      await d.post(commandInteraction(MEMBER, [group('finale', sub('score', [str('finalist', '1'), int('score', 7)]))]))
    ).json();
    expect(score.data.flags).toBe(EPHEMERAL);
    expect(embedText(score.data)).toMatch(/finale|expert/i);
  });
});
