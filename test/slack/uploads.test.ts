import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { organizerId, type SlackLeague, startSlackLeague } from './harness';
import { FORM, fixture, interactivityBody, JSON_TYPE, MEMBER, ORGANIZER, signed, TEAM } from './support';

type Json = Record<string, any>;

describe('datasets from Slack', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague({ worker: false });
    await h.openRound('support');
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.slack.reset());

  const event = (name: string, change: (body: Json) => void = () => {}) => {
    const body = fixture<Json>(name);
    change(body);
    return signed(JSON.stringify(body), JSON_TYPE);
  };
  const submissionsOf = (user: string) => h.league.deps.store.listSubmissionsByUser(`slack:${TEAM}:${user}`);

  it('takes a file sent by DM as a submission, with the hyperparameters typed next to it', async () => {
    const res = await h.post(event('event-message-file-share'));
    expect(res.status).toBe(200);
    const [sub] = await submissionsOf(MEMBER);
    expect(sub).toMatchObject({
      roundId: 'support',
      stage: 'RECEIVED',
      upload: {
        name: 'support.jsonl',
        size: 2048,
        url: 'https://files.slack.com/files-pri/T0001-F0FILE0001/download/support.jsonl',
      },
      hyperparameters: { epochs: 3, lora_r: 16 },
    });
    expect(h.league.sent).toContainEqual({ type: 'ingest', submissionId: sub!.id });
    const [reply] = h.slack.of('chat.postMessage');
    expect(reply).toMatchObject({
      channel: 'D0DM000001',
      text: expect.stringContaining(`Received support.jsonl as submission ${sub!.id}`),
    });
    expect(h.slack.of('files.info')).toEqual([]);
  });

  it('makes one submission per file when file_shared follows the message event', async () => {
    const before = (await submissionsOf(MEMBER)).length;
    const res = await h.post(
      event('event-file-shared', (b) => {
        b.event.file_id = 'F0FILE0001';
        b.event.file.id = 'F0FILE0001';
        b.event_id = 'Ev0FSH000009';
      }),
    );
    expect(res.status).toBe(200);
    expect(await submissionsOf(MEMBER)).toHaveLength(before);
    expect(h.slack.of('chat.postMessage')).toEqual([]);
  });

  it('takes file_shared on its own, reading the file and its message from Slack', async () => {
    h.slack.respond('conversations.history', () => ({
      ok: true,
      messages: [{ type: 'message', text: 'epochs=2', ts: '1717000100.000200' }],
    }));
    const res = await h.post(
      event('event-file-shared', (b) => {
        b.event.user_id = 'U0SHARER';
      }),
    );
    expect(res.status).toBe(200);
    expect(h.slack.of('files.info')).toContainEqual({ file: 'F0FILE0002' });
    const [sub] = await submissionsOf('U0SHARER');
    expect(sub).toMatchObject({ upload: { name: 'dataset.jsonl', size: 4096 }, hyperparameters: { epochs: 2 } });
    expect(h.slack.of('chat.postMessage')[0]).toMatchObject({
      channel: 'D0DM000001',
      text: expect.stringContaining('Received dataset.jsonl'),
    });
  });

  it('refuses a file larger than the round allows before anything is downloaded', async () => {
    const res = await h.post(
      event('event-message-file-share', (b) => {
        b.event_id = 'Ev0BIG';
        b.event.user = 'U0BIG';
        b.event.files[0].id = 'F0BIG';
        b.event.files[0].size = 900_000_000;
      }),
    );
    expect(res.status).toBe(200);
    expect(await submissionsOf('U0BIG')).toEqual([]);
    expect(h.slack.of('chat.postMessage')[0]!.text).toMatch(/900\.0 MB; this round takes at most/);
    expect(h.downloads).toEqual([]);
  });

  it("answers a DM without a file as a command, and ignores the bot's own messages", async () => {
    await h.post(
      event('event-message-file-share', (b) => {
        b.event_id = 'Ev0TXT';
        delete b.event.files;
        delete b.event.subtype;
        b.event.text = 'status';
      }),
    );
    expect(h.slack.of('chat.postMessage')).toEqual([
      expect.objectContaining({ channel: 'D0DM000001', text: expect.stringMatching(/RECEIVED|Received/) }),
    ]);
    h.slack.reset();
    await h.post(
      event('event-message-file-share', (b) => {
        b.event_id = 'Ev0BOT';
        delete b.event.files;
        delete b.event.subtype;
        b.event.bot_id = 'B0BOT00001';
        b.event.text = 'status';
      }),
    );
    expect(h.slack.calls).toEqual([]);
  });

  it("loads an organizer's question file sent by DM with `round questions`", async () => {
    const url = 'https://files.slack.com/files-pri/T0001-F0Q/download/questions.jsonl';
    h.files.set(
      url,
      [
        '{"id":"a","category":"c","question":"Q1?"}',
        '{"id":"b","category":"c","question":"Q2?"}',
        '{"id":"c","category":"c","question":"Q3?"}',
      ].join('\n'),
    );
    await h.post(
      event('event-message-file-share', (b) => {
        b.event_id = 'Ev0QS';
        b.event.user = ORGANIZER;
        b.event.text = 'round questions support';
        Object.assign(b.event.files[0], { id: 'F0Q', name: 'questions.jsonl', size: 120, url_private_download: url });
      }),
    );
    expect((await h.league.deps.store.getRound('support'))!.questionCount).toBe(3);
    expect(h.downloads.at(-1)).toEqual({ url, authorization: 'Bearer xoxb-test-0000-token' });
    expect(h.slack.of('chat.postMessage')[0]!.text).toContain('Loaded 3 hidden questions');
    expect(organizerId).toBe(`slack:${TEAM}:${ORGANIZER}`);
  });

  it('takes the submit form: the job is queued and the receipt replaces the form, with no Web API call', async () => {
    const res = await h.post(signed(interactivityBody(fixture('view-submission-submit')), FORM));
    expect(res.status).toBe(200);
    const sub = (await submissionsOf(MEMBER)).find((s) => s.upload.name === 'modal.jsonl')!;
    expect(sub).toMatchObject({ roundId: 'support', hyperparameters: { epochs: 3 }, upload: { size: 3072 } });
    expect(h.league.sent).toContainEqual({ type: 'ingest', submissionId: sub.id });
    // Slack's view_submission response: response_action "update" with a modal view (no submit button).
    const { response_action, view } = res.json() as { response_action: string; view: Record<string, unknown> };
    expect(response_action).toBe('update');
    expect(view).toMatchObject({ type: 'modal', title: { type: 'plain_text' }, close: { type: 'plain_text' } });
    expect(view.submit).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain(sub.id);
    expect(h.slack.calls).toEqual([]);
  });

  it('keeps the submit form open with field errors', async () => {
    const bad = fixture<Json>('view-submission-submit');
    bad.view.state.values.epochs.value.value = '99';
    const res = await h.post(signed(interactivityBody(bad), FORM));
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { epochs: expect.stringContaining("outside this round's bounds") },
    });

    bad.view.state.values.epochs.value.value = 'x';
    bad.view.state.values.dataset.value.files = [];
    const shape = await h.post(signed(interactivityBody(bad), FORM));
    expect(shape.json()).toEqual({
      response_action: 'errors',
      errors: { epochs: expect.any(String), dataset: expect.any(String) },
    });
    expect(h.slack.of('chat.postMessage')).toEqual([]);
  });
});
