import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../platform/block-kit-limits';
import { type SlackLeague, startSlackLeague } from './harness';
import { FORM, fixture, interactivityBody, MEMBER, signed, slashBody, TEAM } from './support';

type Json = Record<string, any>;

describe('generate → review → submit on Slack', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague();
    await h.openRound('support');
  });
  afterAll(async () => {
    await h.close();
  });

  const slash = async (text: string) => (await h.post(signed(slashBody(text, MEMBER), FORM))).json();
  /** A click on a button of a message in the member's DM, as Slack sends it (block_actions, fixture shape). */
  const click = async (actionId: string, value: string) => {
    const body = fixture<Json>('block-action-cancel');
    body.user.id = MEMBER;
    body.actions[0] = { action_id: actionId, block_id: 'b1', type: 'button', value, action_ts: '1' };
    return h.post(signed(interactivityBody(body), FORM));
  };

  it('drafts in the DM (a .jsonl upload and a Block Kit preview within limits), toggles rows by button, submits without a file', async () => {
    const reply = await slash('generate topic="passwords and invoices" count=12');
    expect(reply.response_type).toBe('ephemeral');
    const id = /draft `(d\w+)`/.exec(reply.text)![1]!;
    await h.league.queue.drain(20_000);

    const draft = (await h.league.deps.store.getDraft(id))!;
    expect(draft.status).toBe('ready');
    const upload = h.slack.of('files.uploadV2').find((u) => u.filename === `draft-${id}.jsonl`)!;
    expect(
      Buffer.from(upload.file as Uint8Array)
        .toString('utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(draft.rows!);
    const posts = h.slack.of('chat.postMessage');
    const preview = posts.find((p) => String(p.text).startsWith(`Draft ${id}, page 1`))!;
    expect(blockKitProblems({ text: preview.text as string, blocks: preview.blocks as never[] }, 'message')).toEqual(
      [],
    );
    const actionIds = (preview.blocks as Json[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements.map((e: Json) => `${e.action_id}=${e.value}`));
    expect(actionIds).toEqual([
      `draft-drop=${id}.1 1`,
      `draft-drop~1=${id}.1 2`,
      `draft-drop~2=${id}.1 3`,
      `draft-drop~3=${id}.1 4`,
      `draft-drop~4=${id}.1 5`,
      `draft-page=${id}.1 2`,
    ]);

    h.slack.reset();
    expect((await click('draft-drop~1', `${id}.1 2`)).status).toBe(200);
    expect((await h.league.deps.store.getDraft(id))!.dropped).toEqual([2]);
    expect(h.slack.of('chat.postEphemeral').at(-1)).toMatchObject({
      user: MEMBER,
      text: expect.stringContaining('Row 2 dropped'),
    });
    // The preview is edited in place: row 2's button now keeps it.
    const [edit] = h.slack.of('chat.update');
    const row2 = (edit!.blocks as Json[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Json[])
      .find((e) => e.value === `${id}.1 2`)!;
    expect(row2.action_id).toMatch(/^draft-keep(~\d+)?$/);

    // Someone else's click on the member's button changes nothing.
    const stranger = fixture<Json>('block-action-cancel');
    stranger.user.id = 'U0STRANGER';
    stranger.actions[0] = {
      action_id: 'draft-drop',
      block_id: 'b1',
      type: 'button',
      value: `${id}.1 1`,
      action_ts: '2',
    };
    await h.post(signed(interactivityBody(stranger), FORM));
    expect((await h.league.deps.store.getDraft(id))!.dropped).toEqual([2]);

    h.slack.reset();
    const submitted = await slash(`submit draft=${id} epochs=2`);
    expect(h.slack.of('views.open')).toEqual([]);
    expect(submitted.text).toMatch(new RegExp(`Received draft-${id}.jsonl as submission s\\w+`));
    const sub = (await h.league.deps.store.listSubmissionsByUser(`slack:${TEAM}:${MEMBER}`))[0]!;
    expect(sub.upload).toMatchObject({ draftId: id, omitLines: [2] });
    await h.league.queue.drain(60_000);
    expect((await h.league.deps.store.getSubmission(sub.id))!.validation?.rows).toBe(draft.rows! - 1);
  });
});
