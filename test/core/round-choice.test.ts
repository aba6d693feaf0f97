import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/commands';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import { organizerActor } from '../../src/local/demo-round';
import { examplesDir } from '../../src/local/paths';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const organizer = organizerActor();
const channelPosts = (l: TestLeague) => l.chat.conversation('local:league').map((e) => e.message.text);

/** A second open round with the demo's questions, opened after the demo round (so it is the newest). */
async function secondRound(l: TestLeague, { announce = true } = {}) {
  await l.run(organizer, 'round open name="Travel Tips" domain=travel id=travel');
  const questions = readFileSync(join(examplesDir(), 'demo-round', 'questions.jsonl'), 'utf8');
  await handleCommand(
    l.deps,
    organizer,
    parseCommand('round questions travel'),
    { name: 'q.jsonl' },
    async () => questions,
  );
  if (announce) await l.run(organizer, 'round announce travel');
}

describe('with several open rounds, commands that change something ask which', () => {
  it.each([
    ['submit', 'submit'],
    ['round questions', 'round questions'],
    ['round announce', 'round announce'],
    ['round close', 'round close'],
    ['round results', 'round results'],
  ])('`%s` without a round names the open ones and changes nothing', async (command, words) => {
    league = await startTestLeague();
    await secondRound(league);
    const before = channelPosts(league).length;
    const reply =
      command === 'submit'
        ? await league.submit('alice', 'strong.jsonl')
        : command === 'round questions'
          ? await handleCommand(league.deps, organizer, parseCommand(command), { name: 'q.jsonl' }, async () => '')
          : await league.run(organizer, command);
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.message.text).toMatch(
      /Several rounds are open: .*Personal Finance Sprint \(`demo`\).*Travel Tips \(`travel`\)|Several rounds are open: .*Travel Tips \(`travel`\).*Personal Finance Sprint \(`demo`\)/,
    );
    expect(reply.message.text).toContain(`/league ${words} `);
    expect(channelPosts(league)).toHaveLength(before);
    expect(await league.deps.store.listSubmissionsByUser('local:demo:alice')).toEqual([]);
    expect((await league.deps.store.listRounds()).every((r) => r.status === 'open')).toBe(true);
  });

  it('`submit <round>` picks the round named, and `status` says what is left today in each open round', async () => {
    league = await startTestLeague();
    await secondRound(league);
    const reply = await league.submit('alice', 'strong.jsonl', { text: 'submit travel' });
    expect(reply.message.text).toMatch(/^Received strong\.jsonl as submission/);
    const [sub] = await league.deps.store.listSubmissionsByUser('local:demo:alice');
    expect(sub!.roundId).toBe('travel');
    const status = await league.run(league.member('alice'), 'status');
    const context = status.message.blocks.find((b) => b.type === 'context');
    // The travel round's default quota is 5 a day; one is used.
    expect(context).toMatchObject({ text: expect.stringMatching(/Left today: .*4 in Travel Tips/) });
    expect(context).toMatchObject({ text: expect.stringMatching(/5 in Personal Finance Sprint/) });
  });

  it('with one open round, `status` names it beside what is left', async () => {
    league = await startTestLeague();
    const status = await league.run(league.member('alice'), 'status');
    expect(JSON.stringify(status.message.blocks)).not.toContain('left today');
    await league.submit('alice', 'strong.jsonl');
    const after = await league.run(league.member('alice'), 'status');
    expect(after.message.blocks.find((b) => b.type === 'context')).toMatchObject({
      text: '4 submissions left today in Personal Finance Sprint (resets 00:00 UTC)',
    });
  });
});

describe('announce, close and results post once, and only what there is to post', () => {
  it('a second `round announce` posts nothing and says when it was announced', async () => {
    league = await startTestLeague();
    const announcements = () => channelPosts(league!).filter((t) => /New round/.test(t));
    expect(announcements()).toHaveLength(1);
    const reply = await league.run(organizer, 'round announce demo');
    expect(reply.message.text).toMatch(
      /was announced already \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\); nothing was posted again/,
    );
    expect(announcements()).toHaveLength(1);
  });

  it('closing a round that was never announced tells only the organizer', async () => {
    league = await startTestLeague();
    await secondRound(league, { announce: false });
    const before = channelPosts(league);
    const reply = await league.run(organizer, 'round close travel');
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.message.text).toMatch(
      /Closed Travel Tips\. It was never announced, so nothing was posted to the channel/,
    );
    expect(channelPosts(league)).toEqual(before);
    expect((await league.deps.store.getRound('travel'))!.status).toBe('closed');
    // An announced round's closing is public.
    await league.run(organizer, 'round close demo');
    expect(channelPosts(league).at(-1)).toMatch(/Personal Finance Sprint is closed/);
  });

  it('`round results` on an open round with no scores posts nothing; the same standings are posted once', async () => {
    league = await startTestLeague();
    const before = channelPosts(league);
    const empty = await league.run(organizer, 'round results demo');
    expect(empty.message.text).toMatch(/^Nothing was posted: Personal Finance Sprint has no scored submissions yet/);
    expect(channelPosts(league)).toEqual(before);

    await league.deps.store.putLeaderboardEntry({
      roundId: 'demo',
      userId: 'local:demo:alice',
      submissionId: 'salice',
      winRate: 0.7,
      ciLow: 0.6,
      ciHigh: 0.8,
      submittedAt: '2026-03-01T10:00:00.000Z',
    });
    const first = await league.run(organizer, 'round results demo');
    expect(first.message.text).toMatch(/^Posted the results of Personal Finance Sprint as standings so far/);
    const posted = channelPosts(league).length;
    const again = await league.run(organizer, 'round results demo');
    expect(again.message.text).toMatch(/were posted already .* nothing has changed since; nothing was posted again/);
    expect(channelPosts(league)).toHaveLength(posted);
    // Closing changes what the results are (final): they may be posted again, once.
    await league.run(organizer, 'round close demo');
    const final = await league.run(organizer, 'round results demo');
    expect(final.message.text).toBe('Posted the results of Personal Finance Sprint (1 ranked).');
    await league.run(organizer, 'round results demo');
    expect(channelPosts(league).filter((t) => /results/i.test(t))).toHaveLength(2);
  });
});
