import type { IncomingMessage, ServerResponse } from 'node:http';
import { REST } from '@discordjs/rest';
import type { AttachmentReader } from '../../core/services/command-dispatcher';
import type { LeagueDeps } from '../../core/services/context';
import { readLimitedBody } from '../http/read-body';
import { createDiscordEndpoint } from './endpoint';
import type { DiscordRest } from './rest';

export interface DiscordRouteOptions {
  publicKey: string;
  applicationId?: string;
  botToken?: string;
  /** Qualified organizer ids (`discord:<guild>:<user>`). */
  organizers: string[];
  organizerRoleId?: string;
  guildIds?: string[];
  /** Defaults to a REST client with short timeouts (and the bot token, if given). */
  rest?: DiscordRest;
  readAttachment?: AttachmentReader;
  now?: () => number;
}

export type DiscordRoute = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & {
  /** Resolves once every follow-up started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
};

/**
 * `POST /discord/interactions` for the local server: signed interactions into the same handler the
 * Lambda runs. The response goes back at once; deferred work and follow-ups run after it, in process.
 * Forged, altered or replayed requests get 401.
 */
export function createDiscordRoute(deps: LeagueDeps, options: DiscordRouteOptions): DiscordRoute {
  const rest =
    options.rest ??
    (() => {
      const client = new REST({ timeout: 2_500, retries: 1 });
      return options.botToken ? client.setToken(options.botToken) : client;
    })();
  const endpoint = createDiscordEndpoint(deps, { ...options, rest });
  const pending = new Set<Promise<void>>();

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const rawBody = await readLimitedBody(req);
    if (rawBody === undefined) {
      res.writeHead(413).end();
      return;
    }
    const result = await endpoint.handle({ headers: req.headers, rawBody });
    res.writeHead(result.status, result.headers).end(result.body);
    const followUp = result.answered?.outcome.followUp;
    if (!followUp) return;
    const running: Promise<void> = followUp()
      .catch((e: unknown) =>
        deps.log.error('discord follow-up failed', { error: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => pending.delete(running));
    pending.add(running);
  };
  return Object.assign(route, {
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
  });
}
