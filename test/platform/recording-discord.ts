import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snowflakeAt } from '../../src/adapters/discord/ids';

/** One REST call as the stand-in received it. */
export interface DiscordCall {
  method: string;
  /** The route without the /v10 prefix. */
  route: string;
  body: any;
  files: string[];
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A recording stand-in for Discord's REST API (labelled as such: it is not Discord). It keeps each
 * channel's messages, honours `enforce_nonce` as Discord documents it (a repeated nonce returns the
 * first message), and fails the first request of each nonce with a 500 after creating the message,
 * as a lost response does.
 */
export async function startRecordingDiscord(applicationId: string): Promise<{
  url: string;
  calls: DiscordCall[];
  channels: Map<string, any[]>;
  close(): Promise<void>;
}> {
  const calls: DiscordCall[] = [];
  const channels = new Map<string, any[]>();
  const failedOnce = new Set<string>();
  let n = 0;

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const route = (req.url ?? '').split('?')[0]!.replace(/^\/v10/, '');
    const method = req.method ?? 'GET';
    let body: any;
    const files: string[] = [];
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      for (const [k, v] of form) {
        if (k === 'payload_json') body = JSON.parse(String(v));
        else files.push(k);
      }
    } else if (raw.length) body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    calls.push({ method, route, body, files });
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

    if (method === 'POST' && route === '/users/@me/channels')
      return json(200, { id: (BigInt(body.recipient_id) + 7n).toString(), type: 1 });
    const messages = /^\/channels\/(\d+)\/messages$/.exec(route);
    if (messages) {
      const list = channels.get(messages[1]!) ?? [];
      if (method === 'GET') return json(200, [...list].reverse());
      if (body?.enforce_nonce && body.nonce) {
        const known = list.find((m) => m.nonce === body.nonce);
        if (known) return json(200, known);
      }
      const message = {
        ...body,
        id: snowflakeAt(Date.now(), ++n),
        channel_id: messages[1],
        author: { id: applicationId, bot: true },
      };
      channels.set(messages[1]!, [...list, message]);
      if (body?.nonce && !failedOnce.has(body.nonce)) {
        failedOnce.add(body.nonce);
        return json(500, { message: 'Internal Server Error', code: 0 });
      }
      return json(200, message);
    }
    const one = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(route);
    if (one && method === 'PATCH') {
      const m = channels.get(one[1]!)?.find((x) => x.id === one[2]);
      if (!m) return json(404, { message: 'Unknown Message', code: 10008 });
      Object.assign(m, body);
      return json(200, m);
    }
    if (route.startsWith('/webhooks/') || route.startsWith('/interactions/'))
      return json(200, { id: snowflakeAt(Date.now(), ++n), channel_id: '1' });
    return json(404, { message: 'Unknown route', code: 0 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    channels,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
