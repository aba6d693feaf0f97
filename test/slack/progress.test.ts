import { afterEach, describe, expect, it } from 'vitest';
import { type SlackLeague, startSlackLeague } from './harness';
import { BOT_TOKEN, fixture, JSON_TYPE, MEMBER, signed } from './support';

type Json = Record<string, any>;

let h: SlackLeague | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A DM upload of `body` as `user`, served at its url_private. */
async function uploadByDm(s: SlackLeague, user: string, fileId: string, body: string, text = '') {
  const url = `https://files.slack.com/files-pri/T0001-${fileId}/download/data.jsonl`;
  s.files.set(url, body);
  const event = fixture<Json>('event-message-file-share');
  event.event_id = `Ev-${fileId}`;
  event.event.user = user;
  event.event.text = text;
  Object.assign(event.event.files[0], {
    id: fileId,
    name: 'data.jsonl',
    size: Buffer.byteLength(body),
    url_private_download: url,
  });
  expect((await s.post(signed(JSON.stringify(event), JSON_TYPE))).status).toBe(200);
  return url;
}

const dmChannel = `D-${MEMBER}`;

describe('a Slack submission through the worker', () => {
  it('keeps one progress message, edited in place, and sends one result DM', async () => {
    h = await startSlackLeague();
    await h.openRound('support');
    const rows = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        instruction: `How do I reset password number ${i}?`,
        response: `Use the reset link on the sign-in page (${i}).`,
      }),
    );
    const url = await uploadByDm(h, MEMBER, 'F0E2E1', `${rows.join('\n')}\n`, 'epochs=2');
    await h.league.queue.drain(60_000);

    expect(h.downloads).toContainEqual({ url, authorization: `Bearer ${BOT_TOKEN}` });
    const [sub] = await h.league.deps.store.listSubmissionsByUser(`slack:T0001:${MEMBER}`);
    expect(sub!.stage).toBe('SCORED');
    expect(sub!.progress).toMatchObject({ platform: 'slack', channel: `slack:${dmChannel}` });

    const posts = h.slack.of('chat.postMessage').filter((p) => p.channel === dmChannel);
    // The progress message and the result: nothing else in the member's DM.
    expect(posts).toHaveLength(2);
    expect(posts[0]!.text).toContain(`Submission ${sub!.id}`);
    expect(posts[1]!.text).toMatch(/scored \d+\.\d%/);
    const edits = h.slack.of('chat.update');
    expect(edits.length).toBeGreaterThanOrEqual(3);
    for (const edit of edits) expect(edit).toMatchObject({ channel: dmChannel, ts: sub!.progress!.ts });
    expect(edits.at(-1)!.text).toMatch(/Scored/);
    expect(h.league.queue.deadLetters).toEqual([]);
  }, 90_000);

  it('tells the member, in the same progress message and one DM, when the dataset is rejected', async () => {
    h = await startSlackLeague();
    await h.openRound('support');
    await uploadByDm(h, MEMBER, 'F0E2E2', 'this is not JSON\n{"instruction": "x"}\n');
    await h.league.queue.drain(30_000);

    const [sub] = await h.league.deps.store.listSubmissionsByUser(`slack:T0001:${MEMBER}`);
    expect(sub!.stage).toBe('REJECTED');
    const posts = h.slack.of('chat.postMessage').filter((p) => p.channel === dmChannel);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.text).toContain('rejected');
    expect(JSON.stringify(posts[1]!.blocks)).toMatch(/line 1/);
    expect(h.slack.of('chat.update').every((e) => e.ts === sub!.progress!.ts)).toBe(true);
  }, 60_000);

  it('rejects a file Slack serves as its sign-in page, saying why', async () => {
    h = await startSlackLeague();
    await h.openRound('support');
    await uploadByDm(h, MEMBER, 'F0E2E3', '<!DOCTYPE html><html><title>Slack</title></html>');
    await h.league.queue.drain(30_000);
    const [sub] = await h.league.deps.store.listSubmissionsByUser(`slack:T0001:${MEMBER}`);
    expect(sub!.stage).toBe('REJECTED');
    expect(sub!.failure!.reason).toMatch(/login page/);
  }, 60_000);
});
