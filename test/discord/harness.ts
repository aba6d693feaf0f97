import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChatRouter } from '../../src/adapters/chat-router';
import { createDiscordChat } from '../../src/adapters/discord/chat';
import { createDiscordRoute, type DiscordRoute } from '../../src/adapters/discord/http';
import { createHttpUploadFetcher } from '../../src/adapters/http/upload-fetcher';
import { parseCommand } from '../../src/core/commands';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import type { LeagueDeps } from '../../src/core/services/context';
import { startTestLeague, type TestLeague } from '../support/league';
import {
  APP,
  discordKeys,
  type FakeDiscordRest,
  fakeDiscordRest,
  GUILD,
  ORGANIZER,
  ORGANIZER_ROLE,
  ROUND_CHANNEL,
} from './support';

export interface DiscordLeague {
  league: TestLeague;
  discord: FakeDiscordRest;
  keys: ReturnType<typeof discordKeys>;
  route: DiscordRoute;
  /** Files on Discord's CDN, by URL without the query; every download made. */
  files: Map<string, string>;
  downloads: string[];
  /** Signs and posts an interaction to the real HTTP route. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: () => any; text: string }>;
  openRound(id: string, extra?: string): Promise<void>;
  close(): Promise<void>;
}

const organizerId = `discord:${GUILD}:${ORGANIZER}`;

/**
 * A league on local adapters behind the Discord interactions route, served over HTTP. Discord's REST
 * API is the recording fake; CDN downloads are answered from `files`. The worker runs the pipeline
 * through the Discord chat unless `worker: false`.
 */
export async function startDiscordLeague(
  options: { worker?: boolean; env?: Record<string, string>; override?: (deps: LeagueDeps) => LeagueDeps } = {},
): Promise<DiscordLeague> {
  const discord = fakeDiscordRest();
  const keys = discordKeys();
  const files = new Map<string, string>();
  const downloads: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = String(input);
    downloads.push(url);
    const body = files.get(url.split('?')[0]!);
    return body === undefined
      ? new Response('gone', { status: 404 })
      : new Response(body, { headers: { 'content-type': 'application/octet-stream' } });
  }) as typeof fetch;
  const league = await startTestLeague({
    demoRound: false,
    env: { LEAGUE_ORGANIZERS: organizerId, PUBLIC_URL: 'https://league.example', ...options.env },
    override: (deps) =>
      (options.override ?? ((x: LeagueDeps) => x))({
        ...deps,
        uploads: createHttpUploadFetcher({ fetchImpl }),
        chat: createChatRouter({
          discord: createDiscordChat({ rest: discord.rest, applicationId: APP, store: deps.store, log: deps.log }),
        }),
      }),
  });
  if (options.worker === false) league.queue.stop();
  const route = createDiscordRoute(league.deps, {
    publicKey: keys.publicKeyHex,
    applicationId: APP,
    organizers: [organizerId],
    organizerRoleId: ORGANIZER_ROLE,
    guildIds: [GUILD],
    rest: discord.rest,
  });
  const server: Server = createServer((req, res) => {
    if (req.url === '/discord/interactions') return void route(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord/interactions`;

  return {
    league,
    discord,
    keys,
    route,
    files,
    downloads,
    async post(body, headers) {
      const raw = JSON.stringify(body);
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature-ed25519': keys.sign(raw, ts),
          'x-signature-timestamp': ts,
          ...headers,
        },
        body: raw,
      });
      const text = await res.text();
      return { status: res.status, text, json: () => JSON.parse(text) };
    },
    async openRound(id, extra = '') {
      const organizer = { userId: organizerId, channel: `discord:${ROUND_CHANNEL}`, isOrganizer: true };
      const reply = await handleCommand(
        league.deps,
        organizer,
        parseCommand(`round open name="Round ${id}" id=${id} min_rows=5 ${extra}`),
      );
      if (!(await league.deps.store.getRound(id))) throw new Error(reply.message.text);
      await league.deps.store.putQuestions(id, [
        {
          id: 'q1',
          category: 'support',
          question: 'How do I reset my password?',
          gold: 'Use the reset link on the sign-in page.',
        },
        {
          id: 'q2',
          category: 'support',
          question: 'Where do I find my invoices?',
          gold: 'Under Billing, then Invoices.',
        },
      ]);
      await league.deps.store.updateRound(id, { questionCount: 2 });
    },
    async close() {
      await route.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await league.close();
    },
  };
}
