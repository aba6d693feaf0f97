import { afterEach, describe, expect, it } from 'vitest';
import { utcDay } from '../../src/core/services/context';
import { type DiscordLeague, startDiscordLeague } from '../discord/harness';
import {
  attachment,
  cdnAttachment,
  commandInteraction,
  MEMBER as DISCORD_MEMBER,
  int,
  str,
  sub,
} from '../discord/support';
import { type SlackLeague, startSlackLeague } from '../slack/harness';
import {
  FORM,
  fixture,
  interactivityBody,
  JSON_TYPE,
  MEMBER,
  ORGANIZER,
  signed,
  slashBody,
  TEAM,
} from '../slack/support';

// Replays inside the signature's five-minute window: the very same signed request, sent again.
let slack: SlackLeague | undefined;
let discord: DiscordLeague | undefined;
afterEach(async () => {
  await slack?.close();
  await discord?.close();
  slack = discord = undefined;
});

describe('a replayed Slack request', () => {
  it('view_submission three times: one submission, one quota charge, the same answer each time', async () => {
    slack = await startSlackLeague({ worker: false });
    await slack.openRound('support');
    // Slack's own view_submission payload (test/fixtures/slack/view-submission-submit.json).
    const request = signed(interactivityBody(fixture('view-submission-submit')), FORM);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await slack.post(request));
    expect(answers[0]!.status).toBe(200);
    expect(answers.map((a) => [a.status, a.text])).toEqual(Array(3).fill([200, answers[0]!.text]));
    const member = `slack:${TEAM}:${MEMBER}`;
    expect(await slack.league.deps.store.listSubmissionsByUser(member)).toHaveLength(1);
    expect(await slack.league.deps.store.quotaUsed('support', member, utcDay(new Date()))).toBe(1);
    expect(slack.league.sent.filter((j) => j.type === 'ingest')).toHaveLength(1);
  });

  it('a slash command twice: the second gets the first one\u2019s reply and opens nothing', async () => {
    slack = await startSlackLeague({ worker: false });
    const request = signed(slashBody('round open name="Replayed" domain=support', ORGANIZER), FORM);
    const first = await slack.post(request);
    const second = await slack.post(request);
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/Replayed/);
    expect(first.text).toMatch(/is open/);
    expect(second).toMatchObject({ status: 200, text: first.text });
    const opened = (await slack.league.deps.store.listAudit(50)).filter((a) => a.action === 'round.open');
    expect(opened).toHaveLength(1);
  });

  it('an event twice without a retry header: handled once', async () => {
    slack = await startSlackLeague({ worker: false });
    const event = fixture<Record<string, unknown> & { event: Record<string, unknown> }>('event-message-file-share');
    event.event_id = 'Ev0REPLAY01';
    event.event = { ...event.event, files: undefined, subtype: undefined, text: 'help' };
    const request = signed(JSON.stringify(event), JSON_TYPE);
    expect((await slack.post(request)).status).toBe(200);
    expect((await slack.post(request)).status).toBe(200);
    expect(slack.slack.of('chat.postMessage')).toHaveLength(1);
  });
});

describe('a replayed Discord interaction', () => {
  it('is processed once and answered as the first was', async () => {
    discord = await startDiscordLeague({ worker: false });
    await discord.openRound('r1');
    const id = '700000000000000077';
    const file = cdnAttachment(id, 'train.jsonl', 2048);
    discord.files.set(file.url.split('?')[0]!, '{"instruction":"a","response":"b"}\n'.repeat(40));
    const interaction = commandInteraction(
      DISCORD_MEMBER,
      [sub('submit', [str('round', 'r1'), attachment('dataset', id), int('epochs', 2)])],
      { attachments: { [id]: file } },
    );
    const first = await discord.post(interaction);
    await discord.route.idle();
    const second = await discord.post(interaction);
    await discord.route.idle();
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 200, text: first.text });
    const subs = await discord.league.deps.store.listSubmissionsByRound('r1');
    expect(subs).toHaveLength(1);
    expect(discord.league.sent.filter((j) => j.type === 'ingest')).toHaveLength(1);
  });
});
