import { type Command, commandFromAction, HYPERPARAMETERS } from '../../core/commands';
import { isUserError } from '../../core/errors';
import { errorMessage } from '../../core/messages/help';
import { type Message, message, type Reply } from '../../core/messages/message';
import { truncate } from '../../core/messages/truncate';
import { type AttachmentReader, handleCommand } from '../../core/services/command-dispatcher';
import type { Actor, LeagueDeps } from '../../core/services/context';
import { sendMessage } from '../../core/services/outbox/send';
import type { SlackChat } from './chat';
import { type SlackClient, slackError } from './client';
import { describeFile, describeSharedFile } from './files';
import { homeView } from './home';
import { ROUND_OPEN_CALLBACK, receiptModal, roundOpenModal, SUBMIT_CALLBACK, submitModal } from './modals';
import {
  dmCommand,
  type FieldErrors,
  fieldOfError,
  parseBlockAction,
  parseDmMessage,
  parseFileShared,
  parseHomeOpened,
  parseRoundForm,
  parseSlashCommand,
  parseSubmitForm,
  parseViewSubmission,
  qualify,
  ROUND_FORM_NUMBERS,
  rawChannel,
  type SlackFile,
  type SlackUser,
  slackChannelId,
  slashIntent,
  uploadFromFile,
} from './parse';
import { actionName, renderMessage } from './render';

/** What a listener needs: the league, the Web API, and who organizes. */
export interface SlackContext {
  deps: LeagueDeps;
  client: SlackClient;
  chat: SlackChat;
  isOrganizer: (user: SlackUser) => Promise<boolean>;
  readAttachment: AttachmentReader;
}

/** A slash command's HTTP response body. */
export interface SlashResponse {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: unknown[];
}
/** A view submission's HTTP response body (nothing closes the modal). */
export type ViewResponse =
  | { response_action: 'errors'; errors: FieldErrors }
  | { response_action: 'update'; view: ReturnType<typeof receiptModal> }
  | undefined;

const errorReply = (e: { message: string; hint?: string }): Reply => ({
  message: errorMessage(e.message, e.hint),
  visibility: 'ephemeral',
});
/** Core marks its error replies with an error-toned first block. */
const isErrorReply = (r: Reply) =>
  r.visibility === 'ephemeral' && r.message.blocks[0]?.type === 'text' && r.message.blocks[0].tone === 'error';
const SORRY = message(
  'Something went wrong on our side and your request was not completed. Please try again in a minute.',
);

const toSlashResponse = (reply: Reply): SlashResponse => {
  const r = renderMessage(reply.message);
  return { response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral', text: r.text, blocks: r.blocks };
};

async function actorFor(ctx: SlackContext, user: SlackUser, channelId: string | undefined): Promise<Actor> {
  return {
    userId: qualify(user),
    ...(user.name ? { name: user.name } : {}),
    channel: channelId ? slackChannelId(channelId) : `slack:${user.userId}`,
    isOrganizer: await ctx.isOrganizer(user),
  };
}

/**
 * A reply that hands over a file (an export, the audit log): a slash command's response cannot carry
 * one, so the file goes to the requester's DM as an upload, and the response says where it went.
 */
async function withFileByDm(ctx: SlackContext, actor: Actor, reply: Reply): Promise<Reply> {
  if (!reply.file) return reply;
  const { name, content } = reply.file;
  const ref = await ctx.chat.dm(actor.userId, reply.message);
  try {
    await ctx.client.files.uploadV2({
      channel_id: rawChannel(ref.channel),
      file: Buffer.from(content, 'utf8'),
      filename: name,
    });
  } catch (e) {
    ctx.deps.log.warn('slack file not uploaded', { file: name, error: e instanceof Error ? e.message : String(e) });
    return errorReply({
      message: `The league could not upload \`${name}\` to your DMs.`,
      hint: 'The Slack app needs the `files:write` scope: reinstall it from the manifest, then run the command again.',
    });
  }
  return {
    message: message(`${reply.message.text}\n_\`${name}\` is in your DMs with the bot._`),
    visibility: 'ephemeral',
  };
}

/** `/league …`: a reply for the HTTP response, or a modal (submit, round open) opened with the trigger. */
export async function onSlashCommand(ctx: SlackContext, body: unknown): Promise<SlashResponse | undefined> {
  const cmd = parseSlashCommand(body);
  const actor = await actorFor(ctx, cmd.user, cmd.channelId);
  try {
    const intent = slashIntent(cmd.text, actor.isOrganizer);
    switch (intent.kind) {
      case 'command':
        return toSlashResponse(
          await withFileByDm(
            ctx,
            actor,
            await handleCommand(ctx.deps, actor, intent.command, undefined, ctx.readAttachment),
          ),
        );
      case 'needs-file':
        return toSlashResponse({ message: message(intent.what), visibility: 'ephemeral' });
      case 'round-open-modal':
        if (!actor.isOrganizer)
          return toSlashResponse(await handleCommand(ctx.deps, actor, { kind: 'round-open', options: {} }));
        await openModal(
          ctx,
          cmd.triggerId,
          roundOpenModal(cmd.channelId, {
            reference: ctx.deps.reference.modelId,
            judges: ctx.deps.judges.map((j) => j.modelId),
          }),
        );
        return undefined;
      case 'submit-modal': {
        const rounds = await ctx.deps.store.listRounds();
        if (!rounds.some((r) => r.status === 'open')) {
          return toSlashResponse(
            await handleCommand(ctx.deps, actor, {
              kind: 'submit',
              round: intent.round,
              hyperparameters: intent.hyperparameters,
            }),
          );
        }
        await openModal(ctx, cmd.triggerId, submitModal(rounds, intent, cmd.channelId));
        return undefined;
      }
    }
  } catch (e) {
    if (isUserError(e)) return toSlashResponse(errorReply(e));
    ctx.deps.log.error('slash command failed', {
      error: e instanceof Error ? e.message : String(e),
      user: actor.userId,
    });
    return toSlashResponse({ message: SORRY, visibility: 'ephemeral' });
  }
}

async function openModal(
  ctx: SlackContext,
  triggerId: string | undefined,
  view: Parameters<SlackClient['views']['open']>[0]['view'],
) {
  if (!triggerId) throw new Error('slash command without trigger_id');
  await ctx.client.views.open({ trigger_id: triggerId, view }).catch((e: unknown) => {
    throw slackError('views.open', e);
  });
}

/** Sends a reply into a DM channel (only the member sees it). */
async function replyInDm(ctx: SlackContext, channelId: string, msg: Message): Promise<void> {
  await ctx.chat.post(slackChannelId(channelId), msg);
}

async function replyToUser(ctx: SlackContext, actor: Actor, msg: Message): Promise<void> {
  await ctx.chat.dm(actor.userId, msg);
}

/** One submission per Slack file, whichever event (message or file_shared) arrives first. */
async function submitFile(
  ctx: SlackContext,
  actor: Actor,
  command: Command,
  file: SlackFile,
): Promise<Reply | undefined> {
  if (!(await ctx.deps.store.claimOnce(`slack-file#${file.id}`))) return undefined;
  try {
    return await handleCommand(ctx.deps, actor, command, uploadFromFile(file), ctx.readAttachment);
  } catch (e) {
    // The file is claimed, so a redelivery would skip it: tell the member to send it again.
    ctx.deps.log.error('file submission failed', {
      fileId: file.id,
      error: e instanceof Error ? e.message : String(e),
    });
    return { message: SORRY, visibility: 'ephemeral' };
  }
}

async function onDmFile(
  ctx: SlackContext,
  user: SlackUser,
  channelId: string,
  text: string,
  describe: () => Promise<SlackFile>,
) {
  const actor = await actorFor(ctx, user, channelId);
  let command: Command;
  try {
    command = dmCommand(text, true);
  } catch (e) {
    if (!isUserError(e)) throw e;
    return replyInDm(ctx, channelId, errorReply(e).message);
  }
  const file = await describe();
  const reply = await submitFile(ctx, actor, command, file);
  if (!reply) return;
  // The receipt goes through the outbox: with Slack unreachable it arrives later, and the submission stands.
  await sendMessage(ctx.deps, {
    key: `receipt#slack-file#${file.id}`,
    target: { kind: 'post', channel: slackChannelId(channelId) },
    message: reply.message,
    about: `receipt of Slack file ${file.id}`,
  });
}

/** A member's DM to the bot: a file is a submission (or a question set), text is a command. */
export async function onMessage(ctx: SlackContext, body: unknown, event: unknown): Promise<void> {
  const dm = parseDmMessage(body, event);
  if (!dm) return;
  if (dm.files.length > 1)
    return replyInDm(ctx, dm.channelId, errorReply({ message: 'Send one dataset file per message.' }).message);
  const [file] = dm.files;
  if (file) return onDmFile(ctx, dm.user, dm.channelId, dm.text, () => describeFile(ctx.client, file));
  if (!dm.text) return;
  const actor = await actorFor(ctx, dm.user, dm.channelId);
  let reply: Reply;
  try {
    reply = await handleCommand(ctx.deps, actor, dmCommand(dm.text, false), undefined, ctx.readAttachment);
  } catch (e) {
    if (!isUserError(e)) throw e;
    reply = errorReply(e);
  }
  await replyInDm(ctx, dm.channelId, reply.message);
}

/** `file_shared` in a DM with the bot: the same submission as the message event would make. */
export async function onFileShared(ctx: SlackContext, body: unknown, event: unknown): Promise<void> {
  const shared = parseFileShared(body, event);
  if (!shared) return;
  const { file, text } = await describeSharedFile(ctx.client, shared.fileId, shared.channelId);
  await onDmFile(ctx, shared.user, shared.channelId, text, async () => describeFile(ctx.client, file));
}

export async function onHomeOpened(ctx: SlackContext, body: unknown, event: unknown): Promise<void> {
  const home = parseHomeOpened(body, event);
  if (home.tab !== 'home') return;
  const view = await homeView(ctx.deps, qualify(home.user));
  await ctx.client.views.publish({ user_id: home.user.userId, view }).catch((e: unknown) => {
    throw slackError('views.publish', e);
  });
}

const SUBMIT_FIELDS = ['round', 'dataset', ...HYPERPARAMETERS];
const ROUND_FIELDS = [
  'name',
  'domain',
  'description',
  'deadline',
  'channel',
  'reference',
  'judges',
  ...ROUND_FORM_NUMBERS,
  ...HYPERPARAMETERS,
];
const fieldError = (reply: Reply, fields: string[], fallback: string): ViewResponse => ({
  response_action: 'errors',
  errors: { [fieldOfError(reply.message.text, fields, fallback)]: truncate(reply.message.text, 300) },
});

/**
 * The submit modal: field errors stay in the form; the receipt takes the form's place. It is the
 * HTTP response, so the ack waits on no Web API call (the worker's progress DM follows).
 */
export async function onSubmitView(
  ctx: SlackContext,
  body: unknown,
): Promise<{ response: ViewResponse; after?: () => Promise<void> }> {
  const view = parseViewSubmission(body);
  const form = parseSubmitForm(view.values);
  if ('errors' in form) return { response: { response_action: 'errors', errors: form.errors } };
  const actor = { ...(await actorFor(ctx, view.user, view.metadata.channel)), request: view.submission };
  const file = await describeFile(ctx.client, form.form.file!);
  // No claim on the file here: a form sent back with an error is submitted again with the same file.
  const command: Command = { kind: 'submit', round: form.form.round, hyperparameters: form.form.hyperparameters };
  const reply = await handleCommand(ctx.deps, actor, command, uploadFromFile(file));
  if (isErrorReply(reply)) return { response: fieldError(reply, SUBMIT_FIELDS, 'dataset') };
  return { response: { response_action: 'update', view: receiptModal(renderMessage(reply.message).blocks) } };
}

/** The organizer's round form: shape errors and the league's own checks both come back per field. */
export async function onRoundOpenView(
  ctx: SlackContext,
  body: unknown,
): Promise<{ response: ViewResponse; after?: () => Promise<void> }> {
  const view = parseViewSubmission(body);
  const form = parseRoundForm(view.values);
  if ('errors' in form) return { response: { response_action: 'errors', errors: form.errors } };
  const actor = await actorFor(ctx, view.user, view.metadata.channel);
  const reply = await handleCommand(ctx.deps, actor, { kind: 'round-open', options: form.options });
  if (isErrorReply(reply)) return { response: fieldError(reply, ROUND_FIELDS, 'name') };
  return { response: undefined, after: () => replyToUser(ctx, actor, reply.message) };
}

/**
 * A button or menu of a core message (Cancel on a progress message, a finale vote, an expert's score):
 * the action stands for a command, and the answer goes back ephemerally where it was clicked.
 */
export async function onBlockAction(ctx: SlackContext, body: unknown): Promise<void> {
  const action = parseBlockAction(body);
  const actor = await actorFor(ctx, action.user, action.channelId);
  let reply: Reply;
  try {
    reply = await handleCommand(ctx.deps, actor, commandFromAction(actionName(action.actionId), action.value));
  } catch (e) {
    if (!isUserError(e)) throw e;
    reply = errorReply(e);
  }
  const r = renderMessage(reply.message);
  if (!action.channelId) return replyToUser(ctx, actor, reply.message);
  await ctx.client.chat
    .postEphemeral({ channel: action.channelId, user: action.user.userId, text: r.text, blocks: r.blocks })
    .catch((e: unknown) => {
      throw slackError('chat.postEphemeral', e);
    });
}

export { ROUND_OPEN_CALLBACK, SUBMIT_CALLBACK };
