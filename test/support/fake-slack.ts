import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the fake received: the method and its arguments. */
export interface SlackApiCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A stand-in for Slack on a local port, for the spawned server (`SLACK_API_URL`): the Web API methods
 * the league calls, answered in Slack's shapes (`{ ok, channel, ts }`), and a file host that serves
 * `url_private` only with the bot token and a login page otherwise, as Slack does.
 */
export interface FakeSlack {
  apiUrl: string;
  calls: SlackApiCall[];
  /** Requests to the file host, with the Authorization header each carried. */
  downloads: { path: string; authorization?: string }[];
  /** Serves `bytes` at the returned url_private. */
  hostFile(name: string, bytes: Buffer): string;
  /** While down, every Web API call fails with a 503 (an outage). */
  down: boolean;
  /** Text of every message posted or edited, in order. */
  texts(): string[];
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};

const parseArgs = (body: string, type: string | undefined): Record<string, unknown> => {
  if (type?.includes('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
};

export async function startFakeSlack(botToken: string): Promise<FakeSlack> {
  const files = new Map<string, Buffer>();
  let ts = 1_717_000_000;
  const fake: FakeSlack = {
    apiUrl: '',
    calls: [],
    downloads: [],
    down: false,
    hostFile(name, bytes) {
      const path = `/files-pri/T0001-F${files.size}/${name}`;
      files.set(path, bytes);
      return `${fake.apiUrl.replace(/\/api\/$/, '')}${path}`;
    },
    texts: () =>
      fake.calls
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
        .map((c) => String(c.args.text ?? '')),
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/files-pri/')) {
      fake.downloads.push({ path: url.pathname, authorization: req.headers.authorization });
      const bytes = files.get(url.pathname);
      if (req.headers.authorization !== `Bearer ${botToken}`) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      }
      if (!bytes) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.byteLength });
      return void res.end(bytes);
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(await readBody(req), req.headers['content-type']);
    if (fake.down) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    fake.calls.push({ method, args });
    const reply = (body: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, ...body }));
    };
    switch (method) {
      case 'conversations.open':
        return reply({ channel: { id: `D${String(args.users ?? 'X').replace(/\W/g, '')}` } });
      case 'chat.postMessage':
      case 'chat.update':
        ts += 1;
        return reply({ channel: args.channel, ts: method === 'chat.update' ? args.ts : `${ts}.000100` });
      default:
        return reply({});
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return fake;
}
