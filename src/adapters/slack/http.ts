import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttachmentReader } from '../../core/services/command-dispatcher';
import type { LeagueDeps } from '../../core/services/context';
import { readLimitedBody } from '../http/read-body';
import { createSlackApp } from './app';
import type { SlackChat } from './chat';
import { createSlackWebClient, type SlackClient } from './client';
import { SlackRequestReceiver } from './receiver';

export interface SlackRouteOptions {
  signingSecret: string;
  botToken: string;
  /** Qualified organizer ids (`slack:T1:U1`). */
  organizers: string[];
  /** Slack user group whose members are organizers too. */
  organizerGroup?: string;
  /** Defaults to a WebClient for `botToken`. */
  client?: SlackClient;
  /** The Slack chat the worker uses too (one pace per channel); built from `client` if absent. */
  chat?: SlackChat;
  readAttachment?: AttachmentReader;
  now?: () => number;
}

/**
 * `POST /slack/events` for the local server: signed Slack requests (slash commands, events,
 * interactivity) into the same Bolt app the Lambda runs. Forged or replayed requests get 401.
 */
export function createSlackRoute(
  deps: LeagueDeps,
  options: SlackRouteOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const receiver = new SlackRequestReceiver({
    signingSecret: options.signingSecret,
    now: options.now,
    onRejected: (reason) => deps.log.warn('slack request rejected', { reason }),
    requests: deps.store,
    onReplay: () => deps.log.warn('slack request replayed: answered from the record'),
  });
  createSlackApp({
    deps,
    receiver,
    client: options.client ?? createSlackWebClient(options.botToken, { timeoutMs: 2_500, retries: 1 }),
    chat: options.chat,
    botToken: options.botToken,
    organizers: options.organizers,
    organizerGroup: options.organizerGroup,
    readAttachment: options.readAttachment,
  });
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const rawBody = (await readLimitedBody(req))?.toString('utf8');
    if (rawBody === undefined) {
      res.writeHead(413).end();
      return;
    }
    const out = await receiver.handle({ headers: req.headers, rawBody });
    res.writeHead(out.status, out.headers).end(out.body);
  };
}
