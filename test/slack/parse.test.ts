import { describe, expect, it } from 'vitest';
import {
  dmCommand,
  fieldOfError,
  parseBlockAction,
  parseDmMessage,
  parseFileShared,
  parseHomeOpened,
  parseRoundForm,
  parseSlashCommand,
  parseSubmitForm,
  parseViewSubmission,
  rawChannel,
  rawUser,
  slashIntent,
  uploadFromFile,
} from '../../src/adapters/slack/parse';
import { UserError } from '../../src/core/errors';
import { fixture } from './support';

type Json = Record<string, any>;

describe('Slack payload parsing', () => {
  it('reads a slash command into a qualified user and channel', () => {
    const cmd = parseSlashCommand(fixture('slash-command'));
    expect(cmd).toEqual({
      user: { teamId: 'T0001', userId: 'U2147483697', name: 'steve' },
      channelId: 'C2147483705',
      text: 'rounds',
      triggerId: expect.any(String),
    });
  });

  it('refuses a payload that is not a slash command', () => {
    expect(() => parseSlashCommand({ command: '/league' })).toThrow();
  });

  it('turns `submit` and a bare `round open` into forms, everything else into commands', () => {
    expect(slashIntent('submit support epochs=3', false)).toEqual({
      kind: 'submit-modal',
      round: 'support',
      hyperparameters: { epochs: 3 },
    });
    expect(slashIntent('round open', true)).toEqual({ kind: 'round-open-modal' });
    expect(slashIntent('round open name="Week 1"', true)).toEqual({
      kind: 'command',
      command: { kind: 'round-open', options: { name: 'Week 1' } },
    });
    expect(slashIntent('round questions r1', true)).toMatchObject({ kind: 'needs-file' });
    expect(slashIntent('round questions r1', false)).toEqual({
      kind: 'command',
      command: { kind: 'round-questions', round: 'r1' },
    });
    expect(slashIntent('leaderboard', false)).toEqual({
      kind: 'command',
      command: { kind: 'leaderboard', round: undefined },
    });
    expect(() => slashIntent('dance', false)).toThrow(UserError);
  });

  it('reads a DM with a file, and ignores bots, edits and channels', () => {
    const body = fixture<Json>('event-message-file-share');
    const dm = parseDmMessage(body, body.event)!;
    expect(dm.user).toEqual({ teamId: 'T0001', userId: 'U2147483697' });
    expect(dm.channelId).toBe('D0DM000001');
    expect(dm.text).toBe('epochs=3 lora_r=16');
    expect(uploadFromFile(dm.files[0]!)).toEqual({
      name: 'support.jsonl',
      size: 2048,
      url: 'https://files.slack.com/files-pri/T0001-F0FILE0001/download/support.jsonl',
    });
    expect(parseDmMessage(body, { ...body.event, bot_id: 'B1' })).toBeUndefined();
    expect(parseDmMessage(body, { ...body.event, subtype: 'message_changed' })).toBeUndefined();
    expect(parseDmMessage(body, { ...body.event, channel: 'C1', channel_type: 'channel' })).toBeUndefined();
  });

  it('reads what a DM stands for', () => {
    expect(dmCommand('epochs=3', true)).toEqual({ kind: 'submit', round: undefined, hyperparameters: { epochs: 3 } });
    expect(dmCommand('', true)).toEqual({ kind: 'submit', round: undefined, hyperparameters: {} });
    expect(dmCommand('round questions r1', true)).toEqual({ kind: 'round-questions', round: 'r1' });
    expect(dmCommand('status', false)).toEqual({ kind: 'status', submissionId: undefined });
    expect(() => dmCommand('epochs=many', true)).toThrow(UserError);
  });

  it('reads file_shared in a DM only', () => {
    const body = fixture<Json>('event-file-shared');
    expect(parseFileShared(body, body.event)).toEqual({
      user: { teamId: 'T0001', userId: 'U2147483697' },
      channelId: 'D0DM000001',
      fileId: 'F0FILE0002',
    });
    expect(parseFileShared(body, { ...body.event, channel_id: 'C1' })).toBeUndefined();
  });

  it('reads app_home_opened', () => {
    const body = fixture<Json>('event-app-home-opened');
    expect(parseHomeOpened(body, body.event)).toEqual({
      user: { teamId: 'T0001', userId: 'U2147483697' },
      tab: 'home',
    });
  });

  it('reads the submit form, with per-field errors', () => {
    const view = parseViewSubmission(fixture('view-submission-submit'));
    expect(view.callbackId).toBe('league_submit');
    expect(view.metadata).toEqual({ channel: 'C2147483705' });
    const form = parseSubmitForm(view.values);
    expect(form).toEqual({
      form: {
        round: 'support',
        hyperparameters: { epochs: 3 },
        file: expect.objectContaining({ id: 'F0FILE0003', size: 3072 }),
      },
    });

    const bad = fixture<Json>('view-submission-submit');
    bad.view.state.values.epochs.value.value = 'three';
    bad.view.state.values.dataset.value.files = [];
    expect(parseSubmitForm(parseViewSubmission(bad).values)).toEqual({
      errors: { epochs: 'Must be a number, got "three".', dataset: 'Attach your dataset (a .jsonl file).' },
    });
  });

  it('reads the round form into `round open` options, with per-field errors', () => {
    const form = parseRoundForm(parseViewSubmission(fixture('view-submission-round-open')).values);
    expect(form).toEqual({
      options: {
        name: 'Support week 1',
        domain: 'customer support',
        deadline: '2099-12-31',
        channel: 'slack:C0ANNOUNCE',
        quota: '3',
        min_rows: '2',
        max_mb: '5',
        epochs: '2',
      },
    });
    const bad = fixture<Json>('view-submission-round-open');
    bad.view.state.values.name.value.value = '  ';
    bad.view.state.values.quota.value.value = 'lots';
    bad.view.state.values.epochs.value.value = 'one to four';
    expect(parseRoundForm(parseViewSubmission(bad).values)).toEqual({
      errors: { name: 'A round needs a name.', quota: 'Must be a number.', epochs: 'A range like 1-5, or one number.' },
    });
  });

  it('finds the field a league error is about', () => {
    const fields = ['name', 'quota', 'deadline', 'epochs'];
    expect(fieldOfError('`quota` must be a number from 1 to 100, got `500`.', fields, 'name')).toBe('quota');
    expect(fieldOfError("`epochs=9` is outside this round's bounds (1 to 5).", fields, 'name')).toBe('epochs');
    expect(fieldOfError('The deadline is in the past.', fields, 'name')).toBe('deadline');
    expect(fieldOfError('A round with id `x` exists already.', fields, 'name')).toBe('name');
  });

  it('reads a button click', () => {
    expect(parseBlockAction(fixture('block-action-cancel'))).toEqual({
      user: { teamId: 'T0001', userId: 'U2147483697', name: 'steve' },
      channelId: 'D0DM000001',
      actionId: 'cancel',
      value: 'SUBMISSION_ID',
    });
  });

  it('maps qualified ids back to Slack ids', () => {
    expect(rawChannel('slack:C123')).toBe('C123');
    expect(rawUser('slack:T1:U9')).toBe('U9');
  });
});
