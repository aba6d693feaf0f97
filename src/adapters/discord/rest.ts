import type { RawFile, REST } from '@discordjs/rest';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { LeagueError, TransientError } from '../../core/errors';
import { Routes } from './api-values';
import type { DiscordMessage } from './render';

/**
 * The part of @discordjs/rest's REST client the adapter uses. REST queues requests per route bucket
 * and waits out a 429's `retry_after` before retrying, so callers never burst past a limit.
 */
export type DiscordRest = Pick<REST, 'get' | 'post' | 'patch' | 'put' | 'delete'>;

/** Discord's JSON error codes the adapter acts on. */
export const DISCORD_ERRORS = {
  unknownMessage: 10008,
  unknownWebhook: 10015,
  unknownInteraction: 10062,
  cannotMessageUser: 50007,
  invalidWebhookToken: 50027,
  noMutualGuilds: 50278,
} as const;

/** Status and JSON code of a REST failure (DiscordAPIError, HTTPError, RateLimitError), if it has them. */
function restFailure(e: unknown): { status?: number; code?: number | string } {
  if (!e || typeof e !== 'object') return {};
  const { status, code } = e as { status?: unknown; code?: unknown };
  return {
    status: typeof status === 'number' ? status : undefined,
    code: typeof code === 'number' || typeof code === 'string' ? code : undefined,
  };
}

/** Interaction tokens are credentials: never let one reach a log line or an error message. */
const redactRoute = (route: string): string =>
  route.replace(/\/(webhooks|interactions)\/(\d+)\/[^/?]+/g, '/$1/$2/<token>');

/**
 * A REST failure as a league error carrying Discord's status and code: outages and throttles are
 * transient (retried), the rest are not. The route is redacted, so the error is safe to log.
 */
function discordError(what: string, e: unknown): LeagueError {
  const { status, code } = restFailure(e);
  const detail = `${redactRoute(what)} failed${status ? ` (${status}${code !== undefined ? `, code ${code}` : ''})` : ''}`;
  const error =
    status === undefined || status === 429 || status >= 500
      ? new TransientError(`Discord: ${detail}`)
      : new LeagueError('UPSTREAM_UNAVAILABLE', `Discord: ${detail}`);
  return Object.assign(error, { status, discordCode: code });
}

/** Awaits a REST call, turning a failure into a league error with the token redacted. */
export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw discordError(what, e);
  }
}

/** Status and Discord code carried by an error from `call`. */
export const failureOf = (e: unknown): { status?: number; code?: number | string } => {
  const { status, discordCode } = (e ?? {}) as { status?: number; discordCode?: number | string };
  return { status, code: discordCode };
};

/** Interaction tokens live 15 minutes; we stop using one a minute early. */
export const INTERACTION_TOKEN_TTL_MS = 14 * 60_000;

export type MessageBody = Partial<DiscordMessage> & { flags?: number };

/** An attachment to send with a message (an export). */
export interface OutgoingFile {
  name: string;
  mime: string;
  content: string;
}
const rawFiles = (files?: OutgoingFile[]): RawFile[] | undefined =>
  files?.length
    ? files.map((f) => ({ name: f.name, contentType: f.mime, data: Buffer.from(f.content, 'utf8') }))
    : undefined;

/** Responses to an interaction through its webhook: no bot token, only the interaction's own. */
export interface InteractionWebhook {
  /** The initial response (when it cannot be the HTTP response itself). */
  callback(interactionId: string, token: string, response: APIInteractionResponse): Promise<void>;
  /** Edits the original response (or, for a button, the message the button is on). */
  editOriginal(applicationId: string, token: string, body: MessageBody, files?: OutgoingFile[]): Promise<void>;
  /** A further message after the initial response. */
  followUp(applicationId: string, token: string, body: MessageBody, files?: OutgoingFile[]): Promise<void>;
}

export function createInteractionWebhook(rest: DiscordRest): InteractionWebhook {
  return {
    async callback(interactionId, token, response) {
      const route = Routes.interactionCallback(interactionId, token);
      await call(`POST ${route}`, () => rest.post(route, { body: response, auth: false }));
    },
    async editOriginal(applicationId, token, body, files) {
      const route = Routes.webhookMessage(applicationId, token, '@original');
      await call(`PATCH ${route}`, () => rest.patch(route, { body, files: rawFiles(files), auth: false }));
    },
    async followUp(applicationId, token, body, files) {
      const route = Routes.webhook(applicationId, token);
      await call(`POST ${route}`, () => rest.post(route, { body, files: rawFiles(files), auth: false }));
    },
  };
}
