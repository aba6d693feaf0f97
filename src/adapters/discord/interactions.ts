import type { APIInteractionResponse } from 'discord-api-types/v10';
import { ACTIONS, type CommandKind, commandFromAction } from '../../core/commands';
import { isUserError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { errorMessage } from '../../core/messages/help';
import type { Reply } from '../../core/messages/message';
import { type AttachmentReader, handleCommand } from '../../core/services/command-dispatcher';
import type { Actor, LeagueDeps } from '../../core/services/context';
import { ComponentType, InteractionResponseType, MessageFlags } from './api-values';
import { autocompleteChoices } from './autocomplete';
import { discordChannelId, discordUserId, rawDiscordUser } from './ids';
import { interactionRef } from './interaction-ref';
import {
  type CommandInteraction,
  type ComponentInteraction,
  channelOf,
  commandOf,
  focusedOption,
  type Interaction,
  InteractionSchema,
  type Invoker,
  invokerOf,
  type ParsedCommand,
} from './parse';
import { disableButton, parseCustomId, renderMessage, selectAction } from './render';
import type { InteractionWebhook, MessageBody } from './rest';

/** What the handler needs: the league, the interaction webhook, who organizes, and how to read a question file. */
export interface InteractionContext {
  deps: LeagueDeps;
  webhook: InteractionWebhook;
  isOrganizer: (invoker: Invoker) => boolean;
  readAttachment: AttachmentReader;
  /** The league's servers; empty: any server. */
  guildIds: string[];
}

/**
 * The answer to one interaction: the initial response (sent as the HTTP response, or through the
 * callback endpoint where the transport cannot keep working after responding), and the work that
 * follows it (editing a deferred response, a follow-up message).
 */
export interface InteractionOutcome {
  response: APIInteractionResponse;
  followUp?: () => Promise<void>;
}

/** A request that is not an interaction the league answers (HTTP 400). */
export class UnsupportedInteraction extends Error {}

/** Commands whose work may outlast Discord's 3 seconds (downloads, channel posts, CSV files): deferred. */
const DEFERRED: ReadonlySet<CommandKind> = new Set([
  'round-questions',
  'round-announce',
  'round-close',
  'round-results',
  'audit',
  'export',
  'appeal',
  'override',
  'finale-start',
  'finale-next',
  'finale-end',
]);

/** Buttons that act on the clicker's own message (their submission), so a click disables them. */
const DISABLE_AFTER_CLICK = new Set([ACTIONS.cancel]);

/** A button's or menu's command: `results` is Discord's own (view a result); the rest are the core's actions. */
function componentCommand(interaction: ComponentInteraction): ParsedCommand['command'] | undefined {
  const { data } = interaction;
  if (data.component_type === ComponentType.StringSelect) {
    const choice = data.values?.[0];
    return choice ? commandFromAction(selectAction(data.custom_id), choice) : undefined;
  }
  const { action, value } = parseCustomId(data.custom_id);
  if (!value) return undefined;
  if (action === 'results') return { kind: 'status', submissionId: value };
  return commandFromAction(action, value);
}

const SORRY = 'Something went wrong on our side and your request was not completed. Please try again in a minute.';

const messageBody = (reply: Reply): MessageBody => ({
  ...renderMessage(reply.message),
  ...(reply.visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}),
});

const respond = (reply: Reply): APIInteractionResponse =>
  ({ type: InteractionResponseType.ChannelMessageWithSource, data: messageBody(reply) }) as APIInteractionResponse;

const errorReply = (e: { message: string; hint?: string }): Reply => ({
  message: errorMessage(e.message, e.hint),
  visibility: 'ephemeral',
});

const SUB_COMMANDS = new Set([1, 2]);
type RawOption = { type?: unknown; name?: unknown; options?: unknown };
const subOf = (options: unknown): RawOption | undefined =>
  Array.isArray(options) ? (options as RawOption[]).find((o) => SUB_COMMANDS.has(o?.type as number)) : undefined;

/**
 * Whether a verified interaction body is `/league submit` (read as `commandOf` reads it). Such a
 * request is not recorded by the replay guard: the submission it creates is its record.
 */
export function isSubmitInteraction(body: unknown): boolean {
  const b = body as { type?: unknown; data?: { options?: unknown } } | undefined;
  if (b?.type !== 2) return false;
  const sub = subOf(b.data?.options);
  return sub?.type === 1 && sub.name === 'submit' && !subOf(sub.options);
}

/**
 * Answers a verified interaction. `request` is the identity of an interaction the replay guard left
 * to its submission (`isSubmitInteraction`).
 */
export async function handleInteraction(
  ctx: InteractionContext,
  body: unknown,
  request?: string,
): Promise<InteractionOutcome> {
  const parsed = InteractionSchema.safeParse(body);
  if (!parsed.success)
    throw new UnsupportedInteraction(
      `not an interaction the league answers: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`,
    );
  const interaction = parsed.data;
  if (
    interaction.guild_id &&
    ctx.guildIds.length &&
    !ctx.guildIds.includes(interaction.guild_id) &&
    interaction.type !== 1
  ) {
    if (interaction.type === 4)
      return {
        response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } },
      };
    return {
      response: respond(
        errorReply({
          message: 'This server is not part of the league.',
          hint: "Ask the league's organizers where it runs.",
        }),
      ),
    };
  }
  try {
    switch (interaction.type) {
      case 1:
        return { response: { type: InteractionResponseType.Pong } };
      case 2:
        return await onCommand(ctx, interaction, request);
      case 3:
        return await onComponent(ctx, interaction);
      case 4:
        return await onAutocomplete(ctx, interaction);
    }
  } catch (e) {
    if (isUserError(e)) return { response: respond(errorReply(e)) };
    throw e;
  }
}

/** A server member's actor; undefined outside a server (the league's identities live in servers). */
function actorOf(ctx: InteractionContext, interaction: Interaction, invoker: Invoker): Actor | undefined {
  const channel = channelOf(interaction);
  if (!invoker.guildId || !channel) return undefined;
  return {
    userId: discordUserId(invoker.guildId, invoker.userId),
    name: invoker.name,
    channel: discordChannelId(channel),
    isOrganizer: ctx.isOrganizer(invoker),
  };
}

/** Outside a server: an identity that owns nothing, so every command answers as for a stranger. */
const DM_PREFIX = 'discord:dm:';
const strangerOf = (invoker: Invoker): Actor => ({
  userId: `${DM_PREFIX}${invoker.userId}`,
  name: invoker.name,
  channel: `${DM_PREFIX}${invoker.userId}`,
  isOrganizer: false,
});

/** Runs a command; a failure that is not the member's is logged and answered with an apology. */
async function run(
  ctx: InteractionContext,
  actor: Actor,
  parsed: ParsedCommand,
  deps: LeagueDeps = ctx.deps,
): Promise<Reply> {
  try {
    return await handleCommand(deps, actor, parsed.command, parsed.upload, ctx.readAttachment);
  } catch (e) {
    if (isUserError(e)) return errorReply(e);
    ctx.deps.log.error('discord command failed', {
      command: parsed.command.kind,
      user: actor.userId,
      error: e instanceof Error ? e.message : String(e),
    });
    return { message: errorMessage(SORRY), visibility: 'ephemeral' };
  }
}

/**
 * The league with one change for a submission: it is created remembering this interaction's
 * response as its progress message (so its `ingest` job finds it), and every stage edits the reply
 * in place (the worker never races the ingress to create a DM). One write, not a second one.
 */
function progressInReply(deps: LeagueDeps, interaction: CommandInteraction, rawUserId: string): LeagueDeps {
  const progress = interactionRef({
    id: interaction.id,
    token: interaction.token,
    channelId: channelOf(interaction),
    userId: rawUserId,
  });
  return {
    ...deps,
    store: { ...deps.store, createSubmission: (sub) => deps.store.createSubmission({ ...sub, progress }) },
  };
}

async function onCommand(
  ctx: InteractionContext,
  interaction: CommandInteraction,
  request: string | undefined,
): Promise<InteractionOutcome> {
  const invoker = invokerOf(interaction);
  const actor = actorOf(ctx, interaction, invoker);
  if (!actor)
    return {
      response: respond(
        errorReply({
          message: 'The league runs in a server.',
          hint: "Use `/league` in a channel of the league's server.",
        }),
      ),
    };
  const parsed = commandOf(interaction.data);
  if (request !== undefined) {
    // Left unrecorded as a submission: it must be one.
    if (parsed.command.kind !== 'submit') throw new UnsupportedInteraction('not the submission it was read as');
    actor.request = request;
  }
  if (DEFERRED.has(parsed.command.kind)) {
    return {
      response: {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: { flags: MessageFlags.Ephemeral },
      },
      followUp: async () => {
        const reply = await run(ctx, actor, parsed);
        await ctx.webhook.editOriginal(
          interaction.application_id,
          interaction.token,
          renderMessage(reply.message),
          reply.file ? [reply.file] : undefined,
        );
      },
    };
  }
  const deps = parsed.command.kind === 'submit' ? progressInReply(ctx.deps, interaction, invoker.userId) : ctx.deps;
  return { response: respond(await run(ctx, actor, parsed, deps)) };
}

/**
 * A button click or a menu choice: its command runs for the clicker. A button on the clicker's own
 * message (cancel) is disabled once it ran and the answer follows as an ephemeral message; a shared
 * one (a finale vote, an expert's score) stays as it is for everyone else, and the answer is ephemeral.
 * In a DM (no server), the clicker is the member who owns the submission or draft the button names,
 * if their Discord id matches.
 */
async function onComponent(ctx: InteractionContext, interaction: ComponentInteraction): Promise<InteractionOutcome> {
  let command: ParsedCommand['command'] | undefined;
  try {
    command = componentCommand(interaction);
  } catch (e) {
    if (!isUserError(e)) throw e;
  }
  if (!command) return { response: respond(errorReply({ message: 'This button no longer does anything.' })) };
  const invoker = invokerOf(interaction);
  let actor = actorOf(ctx, interaction, invoker);
  if (!actor) actor = await dmActor(ctx, invoker, command);
  const reply = await run(ctx, actor, { command });
  const failed = reply.message.blocks[0]?.type === 'text' && reply.message.blocks[0].tone === 'error';
  const disables =
    interaction.data.component_type === ComponentType.Button &&
    DISABLE_AFTER_CLICK.has(parseCustomId(interaction.data.custom_id).action as never);
  if (failed || !disables) return { response: respond({ ...reply, visibility: 'ephemeral' }) };
  return {
    response: {
      type: InteractionResponseType.UpdateMessage,
      data: { components: disableButton(interaction.message.components, interaction.data.custom_id) },
    } as APIInteractionResponse,
    followUp: () =>
      ctx.webhook.followUp(interaction.application_id, interaction.token, {
        ...renderMessage(reply.message),
        flags: MessageFlags.Ephemeral,
      }),
  };
}

/**
 * The clicker of a button or menu in a DM, where Discord names no server: the member who owns the
 * submission the button names, or the configured expert a scoring card was sent to, when their
 * Discord id matches; anyone else is a stranger who owns nothing.
 */
async function dmActor(ctx: InteractionContext, invoker: Invoker, command: ParsedCommand['command']): Promise<Actor> {
  const stranger = strangerOf(invoker);
  if (command.kind === 'cancel' || command.kind === 'status') {
    const id = command.submissionId;
    const sub = id && isWellFormedId(id) ? await ctx.deps.store.getSubmission(id) : undefined;
    return sub && rawDiscordUser(sub.userId) === invoker.userId ? { ...stranger, userId: sub.userId } : stranger;
  }
  if (command.kind === 'draft-keep' || command.kind === 'draft-drop' || command.kind === 'draft-page') {
    const id = command.draftId;
    const draft = isWellFormedId(id) ? await ctx.deps.store.getDraft(id) : undefined;
    return draft && rawDiscordUser(draft.userId) === invoker.userId ? { ...stranger, userId: draft.userId } : stranger;
  }
  if (command.kind === 'finale-score') {
    const expert = ctx.deps.settings.finaleExperts.find((id) => rawDiscordUser(id) === invoker.userId);
    return expert ? { ...stranger, userId: expert } : stranger;
  }
  return stranger;
}

async function onAutocomplete(ctx: InteractionContext, interaction: CommandInteraction): Promise<InteractionOutcome> {
  const focused = focusedOption(interaction.data);
  const invoker = invokerOf(interaction);
  const actor = actorOf(ctx, interaction, invoker) ?? strangerOf(invoker);
  let choices: Awaited<ReturnType<typeof autocompleteChoices>> = [];
  try {
    if (focused) choices = await autocompleteChoices(ctx.deps, actor, focused);
  } catch (e) {
    ctx.deps.log.warn('discord autocomplete failed', { error: e instanceof Error ? e.message : String(e) });
  }
  return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } } };
}
