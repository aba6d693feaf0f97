import type { AttachmentReader } from '../../core/services/command-dispatcher';
import type { LeagueDeps } from '../../core/services/context';
import { runOnce } from '../replay-guard';
import { createDiscordAttachmentReader } from './files';
import {
  handleInteraction,
  type InteractionOutcome,
  isSubmitInteraction,
  UnsupportedInteraction,
} from './interactions';
import { createOrganizerCheck } from './organizers';
import { createInteractionWebhook, type DiscordRest, type InteractionWebhook } from './rest';
import { createDiscordVerifier, discordSignatureHeaders } from './verify';

export interface DiscordEndpointOptions {
  /** The application's public key (hex), from the developer portal. */
  publicKey: string;
  /** When set, interactions for another application are refused. */
  applicationId?: string;
  /** Qualified organizer ids (`discord:<guild>:<user>`). */
  organizers: string[];
  /** Members with this role are organizers (as are members with Manage Server), in the league's servers. */
  organizerRoleId?: string;
  /** The league's servers; interactions from any other server are refused. Empty: any server. */
  guildIds?: string[];
  /** REST client for the interaction webhook (responses need no bot token). */
  rest: DiscordRest;
  /** Defaults to a download from Discord's CDN through the league's upload fetcher. */
  readAttachment?: AttachmentReader;
  now?: () => number;
}

export interface EndpointRequest {
  headers: Record<string, string | string[] | undefined> | undefined;
  rawBody: Buffer;
}

export interface EndpointResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** For an answered interaction: its id and token, the response and what follows it. */
  answered?: { id: string; token: string; outcome: InteractionOutcome };
}

const json = { 'content-type': 'application/json' };
const text = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * The transport-neutral interactions endpoint: signature check (401 on any doubt), JSON, then the
 * handler. The Lambda and the local server only differ in how they deliver the response.
 */
export function createDiscordEndpoint(deps: LeagueDeps, options: DiscordEndpointOptions) {
  const verify = createDiscordVerifier(options.publicKey, { now: options.now });
  const webhook: InteractionWebhook = createInteractionWebhook(options.rest);
  const ctx = {
    deps,
    webhook,
    isOrganizer: createOrganizerCheck({
      organizers: options.organizers,
      roleId: options.organizerRoleId,
      guildIds: options.guildIds ?? [],
    }),
    guildIds: options.guildIds ?? [],
    readAttachment: options.readAttachment ?? createDiscordAttachmentReader(deps.uploads),
  };

  async function handle(req: EndpointRequest): Promise<EndpointResult> {
    const verdict = verify(discordSignatureHeaders(req.headers), req.rawBody);
    if (!verdict.ok) {
      deps.log.warn('discord request rejected', { reason: verdict.reason });
      return { status: 401, headers: text, body: 'invalid request signature' };
    }
    let body: { id?: unknown; token?: unknown; application_id?: unknown; type?: unknown };
    try {
      body = JSON.parse(req.rawBody.toString('utf8')) as typeof body;
    } catch {
      return { status: 400, headers: text, body: 'body is not JSON' };
    }
    if (options.applicationId && body?.application_id !== options.applicationId)
      return { status: 400, headers: text, body: 'not for this application' };
    // Each interaction once (PINGs aside): a replay runs nothing and gets the first answer, with no follow-up.
    // A submission records itself: its conditional write is the request's record (core submit()).
    const identity = typeof body?.id === 'string' ? `discord#interaction#${body.id}` : undefined;
    const submission = identity !== undefined && isSubmitInteraction(body) ? identity : undefined;
    const key = body?.type === 1 || submission !== undefined ? undefined : identity;
    let result: EndpointResult | undefined;
    const answer = await runOnce(
      deps.store,
      key,
      new Date(options.now?.() ?? Date.now()),
      async () => {
        result = await run(body, submission);
        return { status: result.status, headers: result.headers, body: result.body };
      },
      () => deps.log.warn('discord interaction replayed: answered from the record', { id: String(body.id) }),
    );
    return result ?? { status: answer.status, headers: answer.headers ?? json, body: answer.body };
  }

  async function run(body: { id?: unknown; token?: unknown }, submission?: string): Promise<EndpointResult> {
    try {
      const outcome = await handleInteraction(ctx, body, submission);
      return {
        status: 200,
        headers: json,
        body: JSON.stringify(outcome.response),
        answered: { id: String(body.id), token: String(body.token), outcome },
      };
    } catch (e) {
      if (e instanceof UnsupportedInteraction) return { status: 400, headers: text, body: e.message };
      deps.log.error('discord interaction failed', { error: e instanceof Error ? e.message : String(e) });
      return { status: 500, headers: text, body: '' };
    }
  }

  return { handle, webhook };
}
