import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { ChatEntry } from '../adapters/local/playground-chat';
import { FAVICON_SVG, leaderboardPageHtml, leaderboardView, notFoundHtml } from '../adapters/web/leaderboard-page';
import { ORGANIZER_USAGE, PARTICIPANT_USAGE, parseCommand } from '../core/commands';
import { isUserError } from '../core/errors';
import { isWellFormedId } from '../core/ids';
import { errorMessage } from '../core/messages/help';
import { handleCommand } from '../core/services/command-dispatcher';
import { rankedLeaderboard } from '../core/services/leaderboard';
import { DEMO_CHANNEL } from './demo-round';
import type { LocalLeague } from './league';
import { projectRoot } from './paths';
import { hasPlaygroundToken, isForeignRequest, type PlaygroundAccess } from './playground-access';
import { MAX_UPLOAD_BYTES, type PlaygroundAttachment, playgroundAttachment } from './playground-upload';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const MAX_COMMAND_CHARS = 4000;
const ASSETS: Record<string, string> = {
  'render.js': 'text/javascript',
  'feed.js': 'text/javascript',
  'composer.js': 'text/javascript',
  'playground.js': 'text/javascript',
  'style.css': 'text/css',
};
const webDir = () => join(projectRoot(), 'src', 'local', 'web');

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};
/** A refusal: `error` for scripts, and the same words as a chat message the page shows like any reply. */
const refuse = (res: ServerResponse, status: number, problem: string, hint?: string) =>
  json(res, status, { error: problem, visibility: 'ephemeral', message: errorMessage(problem, hint) });
const file = async (res: ServerResponse, name: string, type: string) => {
  res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
  res.end(await readFile(join(webDir(), name)));
};

/** Attachments go to the browser as data URLs (JSON has no bytes). */
const withAttachmentUrls = (entry: ChatEntry) => {
  const { attachments, ...message } = entry.message;
  if (!attachments?.length) return entry;
  const files = attachments.map(({ bytes, ...a }) => ({
    ...a,
    url: `data:${a.mime};base64,${Buffer.from(bytes).toString('base64')}`,
  }));
  return { ...entry, message: { ...message, attachments: files } };
};

/** The round id in a leaderboard path, or nothing when it cannot be one (bad escapes, too long). */
const roundIdOf = (segment: string): string | undefined => {
  try {
    const id = decodeURIComponent(segment);
    return isWellFormedId(id) ? id : undefined;
  } catch {
    return undefined;
  }
};

/** Playground users are `local:<workspace>:<name>`; anything else is refused. */
const PLAYGROUND_USER = /^local:[a-z0-9-]{1,32}:[a-z0-9_-]{1,32}$/i;

export interface LocalHttpOptions {
  organizers: string[];
  /** Extra routes by exact path (e.g. `/slack/events`, `/discord/interactions`). */
  routes?: Record<string, Route>;
  /** The playground and its API, for the holder of the token; without it only routes, health and leaderboards. */
  playground?: PlaygroundAccess;
}

/** The local server: health, the playground, its JSON API, the leaderboard page, and platform routes. */
export function createLocalHttpHandler(league: LocalLeague, options: LocalHttpOptions): Route {
  const { deps, chat, queue } = league;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    try {
      const route = options.routes?.[path];
      if (route) return await route(req, res);
      if (req.method === 'GET' && path === '/favicon.ico') {
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' });
        return void res.end(FAVICON_SVG);
      }
      if (req.method === 'GET' && path === '/health') {
        return json(res, 200, { status: 'ok', queue: { depth: queue.depth, deadLetters: queue.deadLetters.length } });
      }
      const access = options.playground;
      if (path.startsWith('/api/') && access && isForeignRequest(req, access))
        return refuse(res, 403, 'The playground API answers only pages it served (Origin and Host).');
      if (access && req.method === 'GET' && path === '/') return await file(res, 'playground.html', 'text/html');
      if (access && req.method === 'GET' && path.startsWith('/assets/') && ASSETS[path.slice(8)])
        return await file(res, path.slice(8), ASSETS[path.slice(8)]!);
      const board = req.method === 'GET' && /^\/(api\/)?leaderboard\/([^/]+)$/.exec(path);
      if (board)
        return await leaderboard(
          res,
          roundIdOf(board[2]!),
          Boolean(board[1]) || url.searchParams.get('format') === 'json',
        );
      const playgroundApi = path === '/api/state' || path === '/api/command' || path === '/api/commands';
      if (!access || !playgroundApi) return refuse(res, 404, 'Not found');
      if (!hasPlaygroundToken(req, access)) {
        res.setHeader('www-authenticate', 'Bearer');
        return refuse(
          res,
          401,
          'Open the playground with the link `npm start` printed (it carries the token), or send Authorization: Bearer <token>.',
        );
      }
      if (req.method === 'GET' && path === '/api/commands') {
        // The table `help` prints, for the composer's completion: organizers get theirs too.
        const organizer = options.organizers.includes(url.searchParams.get('user') ?? '');
        const usage = (list: typeof PARTICIPANT_USAGE, forOrganizers: boolean) =>
          list.map((u) => ({ syntax: u.syntax, about: u.about, organizer: forOrganizers }));
        return json(res, 200, {
          commands: [...usage(PARTICIPANT_USAGE, false), ...(organizer ? usage(ORGANIZER_USAGE, true) : [])],
        });
      }
      if (req.method === 'GET' && path === '/api/state') {
        const user = url.searchParams.get('user') ?? '';
        const since = Number(url.searchParams.get('since') ?? -1);
        await chat.waitForChange(since, 20_000);
        const rounds = await deps.store.listRounds();
        const open = rounds.filter((r) => r.status === 'open');
        return json(res, 200, {
          version: chat.changeCount,
          round: open[0]?.id ?? rounds[0]?.id,
          // Every open round gets its leaderboard link; with none open, the latest round's.
          rounds: (open.length ? open : rounds.slice(0, 1)).map((r) => ({ id: r.id, name: r.name, status: r.status })),
          channel: chat.conversation(DEMO_CHANNEL).map(withAttachmentUrls),
          dms: PLAYGROUND_USER.test(user) ? chat.conversation(`dm:${user}`).map(withAttachmentUrls) : [],
        });
      }
      if (req.method === 'POST' && path === '/api/command') return await command(req, res, url);
      refuse(res, 404, 'Not found');
    } catch (e) {
      deps.log.error('request failed', { path, error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) refuse(res, 500, 'Something went wrong on our side; nothing was lost. Try again.');
    }
  };

  async function leaderboard(res: ServerResponse, roundId: string | undefined, asJson: boolean) {
    const round = roundId === undefined ? undefined : await deps.store.getRound(roundId);
    if (!round) {
      const name = roundId === undefined ? 'No such round' : `No round “${roundId}”`;
      if (asJson) return json(res, 404, { error: name });
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(notFoundHtml(name));
    }
    const view = leaderboardView(round, await rankedLeaderboard(deps, round.id));
    if (asJson) return json(res, 200, view);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(leaderboardPageHtml(view, options.playground ? { nav: { href: '/', label: 'Playground' } } : {}));
  }

  async function command(req: IncomingMessage, res: ServerResponse, url: URL) {
    const user = url.searchParams.get('user') ?? '';
    const text = url.searchParams.get('text') ?? '';
    const fileName = url.searchParams.get('file');
    if (!PLAYGROUND_USER.test(user)) return refuse(res, 400, 'Pick who you are (local:<workspace>:<name>).');
    if (text.length > MAX_COMMAND_CHARS) {
      if (fileName) res.setHeader('connection', 'close');
      return refuse(
        res,
        413,
        `That command is ${text.length.toLocaleString('en-US')} characters; commands are at most ${MAX_COMMAND_CHARS.toLocaleString('en-US')}.`,
        'Shorten it; long text such as a dataset goes in an attached file.',
      );
    }
    const actor = { userId: user, channel: DEMO_CHANNEL, isOrganizer: options.organizers.includes(user) };
    let attachment: PlaygroundAttachment | undefined;
    if (fileName) {
      if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) {
        res.setHeader('connection', 'close');
        return refuse(res, 413, `The file is larger than ${MAX_UPLOAD_BYTES / 1e6} MB.`);
      }
      attachment = playgroundAttachment(req, fileName, deps.blobs);
    }
    try {
      const reply = await handleCommand(deps, actor, parseCommand(text), attachment?.upload, attachment?.read);
      // A body no command read is not drained: the connection closes with the reply.
      if (attachment && !attachment.consumed()) res.setHeader('connection', 'close');
      json(res, 200, reply);
    } catch (e) {
      if (isUserError(e)) return json(res, 200, { visibility: 'ephemeral', message: errorMessage(e.message, e.hint) });
      throw e;
    }
  }
}
