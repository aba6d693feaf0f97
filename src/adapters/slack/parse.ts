import { z } from 'zod';
import { type Command, HYPERPARAMETERS, parseCommand, tokenize } from '../../core/commands';
import { truncate } from '../../core/messages/truncate';
import type { Hyperparameters, Upload } from '../../core/model';
import { slackSubmissionIdentity } from './request-key';

/** Qualified ids: users `slack:T1:U1`, channels `slack:C1` (what follows the first colon is Slack's id). */
const slackUserId = (teamId: string, userId: string): string => `slack:${teamId}:${userId}`;
export const slackChannelId = (channelId: string): string => `slack:${channelId}`;
/** Slack's own channel id of a qualified channel (`slack:C1` -> `C1`); unqualified ids pass through. */
export const rawChannel = (qualified: string): string =>
  qualified.startsWith('slack:') ? qualified.slice('slack:'.length) : qualified;
/** Slack's own user id of a qualified user (`slack:T1:U1` -> `U1`). */
export const rawUser = (qualified: string): string => qualified.split(':').pop() ?? qualified;

/** A Slack member; `name` is their handle where the payload carries one (slash commands, interactions). */
export interface SlackUser {
  teamId: string;
  userId: string;
  name?: string;
}
export const qualify = (u: SlackUser): string => slackUserId(u.teamId, u.userId);

const Id = z.string().min(1).max(64);

/** A file as Slack describes it in events, views and files.info. */
const FileSchema = z.object({
  id: Id,
  name: z.string().max(1000).optional(),
  title: z.string().max(1000).optional(),
  size: z.number().int().nonnegative().optional(),
  url_private: z.string().url().optional(),
  url_private_download: z.string().url().optional(),
  file_access: z.string().optional(),
  mode: z.string().optional(),
});
export type SlackFile = z.infer<typeof FileSchema>;

/** True when Slack sent only the id and `files.info` must be asked for the rest. */
export const needsFileInfo = (f: SlackFile): boolean =>
  f.file_access === 'check_file_info' || !(f.url_private_download ?? f.url_private) || !f.name;

export const uploadFromFile = (f: SlackFile): Upload => ({
  name: f.name ?? f.title ?? `${f.id}.jsonl`,
  size: f.size,
  url: f.url_private_download ?? f.url_private,
});

export const parseSlackFile = (raw: unknown): SlackFile => FileSchema.parse(raw);

// ---------------------------------------------------------------- slash commands

const SlashSchema = z.object({
  command: z.string(),
  text: z.string().max(4000).default(''),
  user_id: Id,
  user_name: z.string().max(200).optional(),
  team_id: Id,
  channel_id: Id,
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
});

export interface SlashCommand {
  user: SlackUser;
  channelId: string;
  text: string;
  triggerId?: string;
}

export function parseSlashCommand(body: unknown): SlashCommand {
  const b = SlashSchema.parse(body);
  return {
    user: { teamId: b.team_id, userId: b.user_id, name: b.user_name },
    channelId: b.channel_id,
    text: b.text.trim(),
    triggerId: b.trigger_id,
  };
}

/** What a slash command asks of Slack itself, before it becomes a core command. */
export type SlashIntent =
  | { kind: 'submit-modal'; round?: string; hyperparameters: Partial<Hyperparameters> }
  | { kind: 'round-open-modal' }
  | { kind: 'needs-file'; what: string }
  | { kind: 'command'; command: Command };

/**
 * `/league submit` and a bare `/league round open` open forms (a slash command cannot carry a file);
 * the caller still checks that the member may open a round.
 */
export function slashIntent(text: string, isOrganizer: boolean): SlashIntent {
  const words = tokenize(text).map((w) => w.toLowerCase());
  if (words[0] === 'round' && words[1] === 'open' && words.length === 2) return { kind: 'round-open-modal' };
  if (words[0] === 'round' && words[1] === 'questions' && isOrganizer) {
    return {
      kind: 'needs-file',
      what: `Send the question file to me in a direct message, with the text \`round questions${words[2] ? ` ${words[2]}` : ''}\`.`,
    };
  }
  const command = parseCommand(text);
  // A reviewed draft needs no file, so no form either.
  if (command.kind === 'submit' && !command.draftId)
    return { kind: 'submit-modal', round: command.round, hyperparameters: command.hyperparameters };
  return { kind: 'command', command };
}

// ---------------------------------------------------------------- events

const Envelope = z.object({ team_id: Id, event_id: z.string().optional() });

const DmMessageSchema = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: Id,
  channel_type: z.string().optional(),
  user: Id.optional(),
  user_team: Id.optional(),
  bot_id: z.string().optional(),
  text: z.string().max(40_000).default(''),
  ts: z.string(),
  files: z.array(FileSchema).optional(),
});

export interface DmMessage {
  user: SlackUser;
  channelId: string;
  text: string;
  files: SlackFile[];
}

/** A member's message in their DM with the bot (text and/or files); undefined for anything else. */
export function parseDmMessage(body: unknown, event: unknown): DmMessage | undefined {
  const env = Envelope.parse(body);
  const e = DmMessageSchema.safeParse(event);
  if (!e.success) return undefined;
  const m = e.data;
  const ownMessage = m.bot_id || !m.user;
  const memberMessage = m.subtype === undefined || m.subtype === 'file_share';
  if (ownMessage || !memberMessage || (m.channel_type !== 'im' && !m.channel.startsWith('D'))) return undefined;
  return {
    user: { teamId: m.user_team ?? env.team_id, userId: m.user! },
    channelId: m.channel,
    text: m.text.trim(),
    files: m.files ?? [],
  };
}

const FileSharedSchema = z.object({ type: z.literal('file_shared'), file_id: Id, user_id: Id, channel_id: Id });

export interface FileShared {
  user: SlackUser;
  channelId: string;
  fileId: string;
}

/** A file shared in a DM with the bot; undefined when it was shared elsewhere. */
export function parseFileShared(body: unknown, event: unknown): FileShared | undefined {
  const env = Envelope.parse(body);
  const e = FileSharedSchema.parse(event);
  if (!e.channel_id.startsWith('D')) return undefined;
  return { user: { teamId: env.team_id, userId: e.user_id }, channelId: e.channel_id, fileId: e.file_id };
}

const HomeSchema = z.object({ type: z.literal('app_home_opened'), user: Id, tab: z.string().optional() });

export function parseHomeOpened(body: unknown, event: unknown): { user: SlackUser; tab: string } {
  const env = Envelope.parse(body);
  const e = HomeSchema.parse(event);
  return { user: { teamId: env.team_id, userId: e.user }, tab: e.tab ?? 'home' };
}

/**
 * The command a DM stands for. A file with no text (or only options) is a submission; a file with
 * `round questions …` is an organizer's question set; text alone is any command.
 */
export function dmCommand(text: string, hasFile: boolean): Command {
  const first = tokenize(text)[0]?.toLowerCase();
  if (!hasFile) return parseCommand(text || 'help');
  if (first === 'round' || first === 'submit') return parseCommand(text);
  return parseCommand(`submit ${text}`);
}

// ---------------------------------------------------------------- interactivity

const Actor = z.object({
  id: Id,
  team_id: Id.optional(),
  username: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
});
const Team = z.object({ id: Id }).nullish();

/** The member behind an interaction: their own team first (shared channels), else the workspace's. */
function interactionUser(user: z.infer<typeof Actor>, team: z.infer<typeof Team>): SlackUser {
  const teamId = user.team_id ?? team?.id;
  if (!teamId) throw new Error('interaction payload without a team id');
  return { teamId, userId: user.id, name: user.username ?? user.name };
}

const StateValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_conversation: z.string().nullish(),
  selected_channel: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  files: z.array(FileSchema).optional(),
});
type StateValues = Record<string, Record<string, z.infer<typeof StateValue>>>;

const ViewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  team: Team,
  user: Actor,
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), StateValue)) }),
  }),
});

export interface ViewSubmission {
  user: SlackUser;
  callbackId: string;
  /** A submit form's identity (`slackSubmissionIdentity`): the submission it creates is recorded under it. */
  submission?: string;
  metadata: { channel?: string };
  values: StateValues;
}

const Metadata = z.object({ channel: z.string().optional() }).catch({});

export function parseViewSubmission(body: unknown): ViewSubmission {
  const b = ViewSubmissionSchema.parse(body);
  let metadata: unknown = {};
  try {
    metadata = b.view.private_metadata ? JSON.parse(b.view.private_metadata) : {};
  } catch {
    /* foreign metadata: ignored */
  }
  return {
    user: interactionUser(b.user, b.team),
    callbackId: b.view.callback_id,
    submission: slackSubmissionIdentity(body as Record<string, unknown>),
    metadata: Metadata.parse(metadata),
    values: b.view.state.values,
  };
}

const BlockActionSchema = z.object({
  type: z.literal('block_actions'),
  team: Team,
  user: Actor,
  channel: z.object({ id: Id }).optional(),
  container: z.object({ channel_id: Id.optional() }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        value: z.string().max(2000).optional(),
        // A static select sends its choice here instead of `value`.
        selected_option: z.object({ value: z.string().max(2000) }).optional(),
      }),
    )
    .min(1),
});

export interface BlockAction {
  user: SlackUser;
  channelId?: string;
  actionId: string;
  value: string;
}

export function parseBlockAction(body: unknown): BlockAction {
  const b = BlockActionSchema.parse(body);
  const action = b.actions[0]!;
  return {
    user: interactionUser(b.user, b.team),
    channelId: b.channel?.id ?? b.container?.channel_id,
    actionId: action.action_id,
    value: action.value ?? action.selected_option?.value ?? '',
  };
}

// ---------------------------------------------------------------- forms

/** Field errors keyed by block id, as `response_action: errors` wants them. */
export type FieldErrors = Record<string, string>;

/** The single value of an input block, whatever its element type. */
function fieldValue(values: StateValues, blockId: string): string | undefined {
  const v = Object.values(values[blockId] ?? {})[0];
  const raw =
    v?.value ?? v?.selected_date ?? v?.selected_conversation ?? v?.selected_channel ?? v?.selected_option?.value;
  return raw?.trim() || undefined;
}

export interface SubmitForm {
  round?: string;
  hyperparameters: Partial<Hyperparameters>;
  file?: SlackFile;
}

const NUMBER = /^-?\d+(\.\d+)?(e-?\d+)?$/i;

/** The submit modal: round, one dataset file, optional hyperparameters. */
export function parseSubmitForm(values: StateValues): { form: SubmitForm } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const hyperparameters: Partial<Hyperparameters> = {};
  for (const key of HYPERPARAMETERS) {
    const raw = fieldValue(values, key);
    if (raw === undefined) continue;
    if (!NUMBER.test(raw)) errors[key] = `Must be a number, got "${truncate(raw, 40)}".`;
    else hyperparameters[key] = Number(raw);
  }
  const files = Object.values(values.dataset ?? {})[0]?.files ?? [];
  if (!files.length) errors.dataset = 'Attach your dataset (a .jsonl file).';
  if (files.length > 1) errors.dataset = 'Attach one file only.';
  if (Object.keys(errors).length) return { errors };
  return { form: { round: fieldValue(values, 'round'), hyperparameters, file: files[0] } };
}

export const ROUND_FORM_NUMBERS = ['quota', 'min_rows', 'max_rows', 'max_mb'] as const;
const RANGE = /^\s*[\d.e-]+(\s*-\s*[\d.e-]+)?\s*$/i;

/** The organizer's round form -> `round open` options (core checks the values; this checks the shapes). */
export function parseRoundForm(values: StateValues): { options: Record<string, string> } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const options: Record<string, string> = {};
  for (const key of [
    'name',
    'domain',
    'description',
    'deadline',
    'reference',
    'judges',
    'channel',
    ...ROUND_FORM_NUMBERS,
    ...HYPERPARAMETERS,
  ]) {
    const raw = fieldValue(values, key);
    if (raw !== undefined) options[key] = key === 'channel' ? slackChannelId(raw) : raw;
  }
  if (!options.name) errors.name = 'A round needs a name.';
  for (const key of ROUND_FORM_NUMBERS)
    if (options[key] !== undefined && !NUMBER.test(options[key]!)) errors[key] = 'Must be a number.';
  for (const key of HYPERPARAMETERS) {
    if (options[key] !== undefined && !RANGE.test(options[key]!)) errors[key] = 'A range like 1-5, or one number.';
    else if (options[key] !== undefined) options[key] = options[key]!.replace(/\s+/g, '');
  }
  return Object.keys(errors).length ? { errors } : { options };
}

/** Which form field a core error is about: the first known option named in backticks. */
export function fieldOfError(message: string, fields: readonly string[], fallback: string): string {
  for (const m of message.matchAll(/`([a-z_]+)/g)) if (fields.includes(m[1]!)) return m[1]!;
  if (/deadline/i.test(message)) return fields.includes('deadline') ? 'deadline' : fallback;
  return fallback;
}
