import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackLeague, startSlackLeague } from './harness';
import { FORM, fixture, interactivityBody, JSON_TYPE, MEMBER, ORGANIZER, signed, TEAM } from './support';

type Json = Record<string, any>;

describe('Slack interactions, App Home and event retries', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague({ worker: false });
    await h.openRound('support');
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.slack.reset());

  const json = (name: string, change: (b: Json) => void = () => {}) => {
    const body = fixture<Json>(name);
    change(body);
    return JSON.stringify(body);
  };
  const submitByDm = async (eventId: string, fileId: string, user = MEMBER) => {
    await h.post(
      signed(
        json('event-message-file-share', (b) => {
          b.event_id = eventId;
          b.event.user = user;
          b.event.files[0].id = fileId;
        }),
        JSON_TYPE,
      ),
    );
    return (await h.league.deps.store.listSubmissionsByUser(`slack:${TEAM}:${user}`))[0]!;
  };

  it("publishes App Home with the member's submissions, quota left and open rounds", async () => {
    const sub = await submitByDm('Ev0H1', 'F0H1');
    h.slack.reset();
    const res = await h.post(signed(json('event-app-home-opened'), JSON_TYPE));
    expect(res.status).toBe(200);
    const [publish] = h.slack.of('views.publish');
    expect(publish!.user_id).toBe(MEMBER);
    const view = publish!.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain(sub.id);
    expect(text).toContain('Received');
    expect(text).toMatch(/4 of 5 left/);
    expect(text).toContain('Round support');
  });

  it('skips a retry of an event that was handled, once', async () => {
    const body = json('event-app-home-opened', (b) => {
      b.event_id = 'Ev0RETRY1';
    });
    expect((await h.post(signed(body, JSON_TYPE))).status).toBe(200);
    expect((await h.post(signed(body, JSON_TYPE, { retryNum: 1 }))).status).toBe(200);
    expect(h.slack.of('views.publish')).toHaveLength(1);
  });

  it('skips a retry that arrives while the first delivery is still at work, so nothing runs twice', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => {
      release = r;
    });
    h.slack.respond('views.publish', async () => {
      await slow;
      return { ok: true };
    });
    const body = json('event-app-home-opened', (b) => {
      b.event_id = 'Ev0SLOW1';
    });
    const first = h.post(signed(body, JSON_TYPE));
    await new Promise((r) => setTimeout(r, 100)); // Slack gave up waiting and retries
    expect((await h.post(signed(body, JSON_TYPE, { retryNum: 1 }))).status).toBe(200);
    release();
    expect((await first).status).toBe(200);
    expect(h.slack.of('views.publish')).toHaveLength(1);
    h.slack.respond('views.publish', () => ({ ok: true }));
  });

  it('processes the retry of a delivery that failed', async () => {
    let fail = true;
    h.slack.respond('views.publish', () => {
      if (fail) {
        fail = false;
        throw Object.assign(new Error('internal_error'), {
          code: 'slack_webapi_platform_error',
          data: { error: 'internal_error' },
        });
      }
      return { ok: true };
    });
    const body = json('event-app-home-opened', (b) => {
      b.event_id = 'Ev0RETRY2';
    });
    expect((await h.post(signed(body, JSON_TYPE))).status).toBe(500);
    expect((await h.post(signed(body, JSON_TYPE, { retryNum: 1 }))).status).toBe(200);
    expect(h.slack.of('views.publish')).toHaveLength(2);
    expect((await h.post(signed(body, JSON_TYPE, { retryNum: 2 }))).status).toBe(200);
    expect(h.slack.of('views.publish')).toHaveLength(2);
  });

  it('cancels from the progress message button, answering ephemerally', async () => {
    const sub = await submitByDm('Ev0C1', 'F0C1', 'U0CANCEL');
    h.slack.reset();
    const click = fixture<Json>('block-action-cancel');
    click.user.id = 'U0CANCEL';
    click.actions[0].value = sub.id;
    const res = await h.post(signed(interactivityBody(click), FORM));
    expect(res.status).toBe(200);
    expect((await h.league.deps.store.getSubmission(sub.id))!.stage).toBe('CANCELLED');
    expect(h.league.sent).toContainEqual({ type: 'notify', submissionId: sub.id });
    expect(h.slack.of('chat.postEphemeral')).toEqual([
      expect.objectContaining({
        channel: 'D0DM000001',
        user: 'U0CANCEL',
        text: expect.stringContaining('is cancelled'),
      }),
    ]);
  });

  it("does not let a member cancel someone else's submission", async () => {
    const sub = await submitByDm('Ev0C2', 'F0C2', 'U0OWNER');
    const click = fixture<Json>('block-action-cancel');
    click.user.id = 'U0OTHER';
    click.actions[0].action_id = 'cancel~1';
    click.actions[0].value = sub.id;
    await h.post(signed(interactivityBody(click), FORM));
    expect((await h.league.deps.store.getSubmission(sub.id))!.stage).toBe('RECEIVED');
    expect(h.slack.of('chat.postEphemeral').at(-1)!.text).toContain(`No submission \`${sub.id}\` of yours`);
  });

  it('turns finale vote buttons and expert score menus into the same commands as typing them', async () => {
    const vote = fixture<Json>('block-action-cancel');
    vote.actions[0] = {
      action_id: 'finale-vote~2',
      block_id: 'b1',
      type: 'button',
      value: 'sbob fabc.1',
      action_ts: '1',
    };
    await h.post(signed(interactivityBody(vote), FORM));
    expect(h.slack.of('chat.postEphemeral').at(-1)).toMatchObject({
      channel: 'D0DM000001',
      text: 'That finale is over: its voting is closed.',
    });
    const score = fixture<Json>('block-action-cancel');
    score.actions[0] = {
      action_id: 'finale-score~1',
      block_id: 'b2',
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: '8' }, value: 'sbob 8 fabc.1' },
      action_ts: '2',
    };
    await h.post(signed(interactivityBody(score), FORM));
    expect(h.slack.of('chat.postEphemeral').at(-1)!.text).toContain("Only the finale's experts can score finalists");
  });

  it("turns a calibration card's verdict button and the organizers' apply button into their commands", async () => {
    const label = fixture<Json>('block-action-cancel');
    label.actions[0] = {
      action_id: 'calibrate-label~3',
      block_id: 'b1',
      type: 'button',
      value: 'calx B>>A',
      action_ts: '1',
    };
    await h.post(signed(interactivityBody(label), FORM));
    expect(h.slack.of('chat.postEphemeral').at(-1)!.text).toContain('No pair `calx` of yours');
    const apply = fixture<Json>('block-action-cancel');
    apply.actions[0] = {
      action_id: 'calibration-override~1',
      block_id: 'b2',
      type: 'button',
      value: 'sbob q1 A>B',
      action_ts: '2',
    };
    await h.post(signed(interactivityBody(apply), FORM));
    expect(h.slack.of('chat.postEphemeral').at(-1)!.text).toContain('Only organizers can do that');
  });

  it('opens a round from the organizer form and confirms by DM', async () => {
    const res = await h.post(signed(interactivityBody(fixture('view-submission-round-open')), FORM));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const round = (await h.league.deps.store.listRounds()).find((r) => r.name === 'Support week 1')!;
    expect(round).toMatchObject({
      channel: 'slack:C0ANNOUNCE',
      quotaPerDay: 3,
      minRows: 2,
      maxBytes: 5_000_000,
      domain: 'customer support',
    });
    expect(round.bounds.epochs).toEqual([2, 2]);
    expect(round.deadline.slice(0, 10)).toBe('2099-12-31');
    expect(h.slack.of('conversations.open')).toEqual([{ users: ORGANIZER }]);
    expect(h.slack.of('chat.postMessage')[0]!.text).toContain('Support week 1');
  });

  it("returns the round form's mistakes as field errors", async () => {
    const past = fixture<Json>('view-submission-round-open');
    past.view.state.values.name.value.value = 'Another round';
    past.view.state.values.deadline.value.selected_date = '2001-01-01';
    expect((await h.post(signed(interactivityBody(past), FORM))).json()).toEqual({
      response_action: 'errors',
      errors: { deadline: expect.stringContaining('past') },
    });

    const quota = fixture<Json>('view-submission-round-open');
    quota.view.state.values.name.value.value = 'Third round';
    quota.view.state.values.quota.value.value = '500';
    expect((await h.post(signed(interactivityBody(quota), FORM))).json()).toEqual({
      response_action: 'errors',
      errors: { quota: expect.stringContaining('1 to 100') },
    });

    const taken = fixture<Json>('view-submission-round-open');
    // Another opening of the form (the same body again would be a replay, answered as the first was).
    taken.view.id = 'V0ANOTHER1';
    expect((await h.post(signed(interactivityBody(taken), FORM))).json()).toEqual({
      response_action: 'errors',
      errors: { name: expect.stringContaining('exists already') },
    });
  });

  it('refuses the round form from a member who is not an organizer', async () => {
    const form = fixture<Json>('view-submission-round-open');
    form.user.id = MEMBER;
    form.view.state.values.name.value.value = 'Sneaky round';
    const res = await h.post(signed(interactivityBody(form), FORM));
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { name: expect.stringContaining('Only organizers') },
    });
    expect((await h.league.deps.store.listRounds()).some((r) => r.name === 'Sneaky round')).toBe(false);
  });
});
