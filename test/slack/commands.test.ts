import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackLeague, startSlackLeague } from './harness';
import { FORM, MEMBER, ORGANIZER, signed, slashBody } from './support';

describe('/league on Slack', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague({ worker: false });
    await h.openRound('support');
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.slack.reset());

  const slash = async (text: string, user = MEMBER) => {
    const res = await h.post(signed(slashBody(text, user), FORM));
    expect(res.status).toBe(200);
    return res;
  };

  it('lists the open rounds in an ephemeral reply rendered as Block Kit', async () => {
    const body = (await slash('rounds')).json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Round support');
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Open rounds', emoji: true } });
    expect(h.slack.calls).toEqual([]);
  });

  it('answers unknown input with usage, ephemerally', async () => {
    const body = (await slash('dance')).json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/Unknown command `dance`.*\/league help/);
  });

  it('refuses an organizer command from a member, ephemerally, and changes nothing', async () => {
    const body = (await slash('round close support')).json();
    expect(body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Only organizers') });
    expect((await h.league.deps.store.getRound('support'))!.status).toBe('open');
  });

  it('hands an organizer the export CSV as an upload in their DM, and says so', async () => {
    const body = (await slash('export support', ORGANIZER)).json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/in your DMs with the bot/);
    const [open] = h.slack.of('conversations.open');
    expect(open).toMatchObject({ users: ORGANIZER });
    const [upload] = h.slack.of('files.uploadV2');
    expect(upload).toMatchObject({ filename: expect.stringMatching(/\.csv$/) });
    expect(
      Buffer.from(upload!.file as Uint8Array)
        .toString('utf8')
        .split('\n')[0],
    ).toMatch(/submission/);
  });

  it('says so when the CSV cannot be uploaded (no files:write), instead of pointing to an empty DM', async () => {
    h.slack.respond('files.uploadV2', () => {
      throw Object.assign(new Error('An API error occurred: missing_scope'), {
        data: { ok: false, error: 'missing_scope' },
      });
    });
    const body = (await slash('audit 5', ORGANIZER)).json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/could not upload .*\.csv/);
    expect(body.text).toMatch(/files:write/);
    h.slack.respond('files.uploadV2', () => ({ ok: true, files: [] }));
  });

  it('opens the submit form with the round and hyperparameters filled in', async () => {
    const res = await slash('submit support epochs=3');
    expect(res.text).toBe('');
    const [open] = h.slack.of('views.open');
    expect(open!.trigger_id).toBe('13345224609.738474920.8088930838d88f008e0');
    const view = open!.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: Record<string, unknown> }[];
    };
    expect(view.callback_id).toBe('league_submit');
    expect(JSON.parse(view.private_metadata)).toEqual({ channel: 'C2147483705' });
    const byId = Object.fromEntries(view.blocks.filter((b) => b.block_id).map((b) => [b.block_id, b.element]));
    expect(byId.dataset).toMatchObject({ type: 'file_input', max_files: 1 });
    expect(byId.round).toMatchObject({ type: 'static_select', initial_option: { value: 'support' } });
    expect(byId.epochs).toMatchObject({ initial_value: '3' });
    expect(h.league.sent).toEqual([]);
  });

  it('opens the round form for an organizer only', async () => {
    await slash('round open', ORGANIZER);
    expect(h.slack.of('views.open').map((v) => (v.view as { callback_id: string }).callback_id)).toEqual([
      'league_round_open',
    ]);
    h.slack.reset();
    const body = (await slash('round open')).json();
    expect(body.text).toContain('Only organizers');
    expect(h.slack.of('views.open')).toEqual([]);
  });

  it('tells an organizer to send the question file by DM', async () => {
    const body = (await slash('round questions support', ORGANIZER)).json();
    expect(body.text).toContain('direct message');
  });

  it('posts a round announcement to the round channel through chat.postMessage', async () => {
    const body = (await slash('round announce support', ORGANIZER)).json();
    expect(body.text).toContain('Announced');
    const [post] = h.slack.of('chat.postMessage');
    expect(post).toMatchObject({ channel: 'C0ROUND', text: expect.any(String), blocks: expect.any(Array) });
  });

  it('answers with a friendly error, not a stack trace, when the league fails', async () => {
    const store = h.league.deps.store;
    const original = store.listRounds;
    store.listRounds = async () => {
      throw new Error('DynamoDB is down');
    };
    try {
      // A fresh trigger: the same signed body again would be a replay, answered as the first was.
      const fresh = slashBody('rounds').replace(/trigger_id=[^&]*/, 'trigger_id=13345224609.738474920.fresh');
      const body = (await h.post(signed(fresh, FORM))).json();
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toMatch(/went wrong on our side/);
      expect(JSON.stringify(body)).not.toContain('DynamoDB');
    } finally {
      store.listRounds = original;
    }
  });
});
