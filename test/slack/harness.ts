import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChatRouter } from '../../src/adapters/chat-router';
import { createSlackChat } from '../../src/adapters/slack/chat';
import { createSlackAttachmentReader, createSlackUploadFetcher } from '../../src/adapters/slack/files';
import { createSlackRoute } from '../../src/adapters/slack/http';
import { parseCommand } from '../../src/core/commands';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import type { LeagueDeps } from '../../src/core/services/context';
import { startTestLeague, type TestLeague } from '../support/league';
import {
  BOT_TOKEN,
  type FakeSlack,
  fakeSlackClient,
  ORGANIZER,
  SIGNING_SECRET,
  type SignedRequest,
  TEAM,
} from './support';

export interface SlackLeague {
  league: TestLeague;
  slack: FakeSlack;
  /** Base URL of a real HTTP server with the Slack route on /slack/events. */
  url: string;
  /** Files served at Slack's url_private, by URL; the bot token each download carried. */
  files: Map<string, string>;
  downloads: { url: string; authorization: string | null }[];
  post(req: SignedRequest): Promise<{ status: number; text: string; json: () => any }>;
  /** Opens round `id` as the organizer, with one hidden question. */
  openRound(id: string, extra?: string): Promise<void>;
  close(): Promise<void>;
}

export const organizerId = `slack:${TEAM}:${ORGANIZER}`;

/**
 * A league on local adapters behind the Slack route, served over HTTP. The Web API is the fake client;
 * url_private downloads are answered from `files`. With `worker: false` the queue holds the jobs
 * (asserted through `league.sent`); otherwise the worker runs them through the Slack chat.
 */
export async function startSlackLeague(
  options: { worker?: boolean; env?: Record<string, string>; override?: (deps: LeagueDeps) => LeagueDeps } = {},
): Promise<SlackLeague> {
  const slack = fakeSlackClient();
  let league: TestLeague | undefined;
  const chat = createSlackChat({
    client: slack.client,
    minIntervalMs: 0,
    claims: { claimOnce: (key) => league!.deps.store.claimOnce(key) },
  });
  const files = new Map<string, string>();
  const downloads: SlackLeague['downloads'] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    downloads.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    const body = files.get(url);
    if (body === undefined) return new Response('gone', { status: 404 });
    // Slack answers a token without files:read with its sign-in page.
    const type = body.startsWith('<!DOCTYPE html') ? 'text/html; charset=utf-8' : 'application/octet-stream';
    return new Response(body, { headers: { 'content-type': type } });
  }) as typeof fetch;
  const uploads = createSlackUploadFetcher({ botToken: BOT_TOKEN, fetchImpl });

  league = await startTestLeague({
    demoRound: false,
    env: { LEAGUE_ORGANIZERS: organizerId, PUBLIC_URL: 'https://league.example', ...options.env },
    override: (deps) => ({ ...(options.override?.(deps) ?? deps), uploads, chat: createChatRouter({ slack: chat }) }),
  });
  if (options.worker === false) league.queue.stop();

  const route = createSlackRoute(league.deps, {
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    organizers: [organizerId],
    client: slack.client,
    chat,
    readAttachment: createSlackAttachmentReader(uploads),
  });
  const server: Server = createServer((req, res) => {
    if (req.url === '/slack/events') return void route(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const started = league;
  return {
    league: started,
    slack,
    url,
    files,
    downloads,
    async post(req) {
      const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: req.headers, body: req.rawBody });
      const text = await res.text();
      return { status: res.status, text, json: () => JSON.parse(text) };
    },
    async openRound(id, extra = '') {
      const organizer = { userId: organizerId, channel: 'slack:C0ROUND', isOrganizer: true };
      const reply = await handleCommand(
        started.deps,
        organizer,
        parseCommand(`round open name="Round ${id}" id=${id} min_rows=5 ${extra}`),
      );
      if (!(await started.deps.store.getRound(id))) throw new Error(reply.message.text);
      await started.deps.store.putQuestions(id, [
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
      await started.deps.store.updateRound(id, { questionCount: 2 });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await started.close();
    },
  };
}
