import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../src/local/paths';

/** One Web API call as the stand-in received it: the method and its decoded parameters. */
export interface SlackCall {
  method: string;
  params: Record<string, any>;
  /** Decoding the body failed (a lone surrogate Slack's form decoder refuses). */
  malformed?: string;
}

interface Posted {
  ts: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
}

/** The scope conversations.history needs for a conversation, by the first letter of its id (Slack's docs). */
const HISTORY_SCOPE: Record<string, string> = { C: 'channels:history', G: 'groups:history', D: 'im:history' };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Slack's form decoding: strict UTF-8, as Slack's servers decode `application/x-www-form-urlencoded`. */
function decodeForm(raw: Buffer): Record<string, any> {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  const out: Record<string, any> = {};
  for (const pair of text.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=');
    const value = decodeURIComponent(v.replace(/\+/g, ' '));
    out[decodeURIComponent(k!)] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}

/**
 * A recording stand-in for Slack's Web API (labelled as such: it is not Slack). It answers the
 * methods the league calls as Slack documents them, keeps the messages of each conversation, grants
 * only the bot scopes of slack/manifest.yml (conversations.history without the conversation's
 * history scope is `missing_scope`, as on Slack), and loses the response to the first keyed post in a
 * channel after posting it (`internal_error`), as a timed-out request does: a retry that posts again
 * instead of finding its message is a duplicate post.
 */
export async function startRecordingSlack(): Promise<{
  url: string;
  calls: SlackCall[];
  channels: Map<string, Posted[]>;
  close(): Promise<void>;
}> {
  const scopes = new Set<string>(
    parse(readFileSync(join(projectRoot(), 'slack', 'manifest.yml'), 'utf8')).oauth_config.scopes.bot,
  );
  const calls: SlackCall[] = [];
  const channels = new Map<string, Posted[]>();
  const lostOnce = new Set<string>();
  let clock = 1_700_000_000;
  const nextTs = () => `${++clock}.000100`;

  const answer = (method: string, p: Record<string, any>): Record<string, unknown> => {
    switch (method) {
      case 'chat.postMessage': {
        const posted: Posted = {
          ts: nextTs(),
          text: p.text,
          blocks: p.blocks,
          metadata: p.metadata,
          bot_id: 'B0LEAGUE',
        };
        const list = channels.get(p.channel) ?? [];
        channels.set(p.channel, [...list, posted]);
        const key = p.metadata?.event_payload?.key;
        if (key && /^[CG]/.test(p.channel) && !lostOnce.has(key)) {
          lostOnce.add(key);
          return { ok: false, error: 'internal_error' };
        }
        return { ok: true, channel: p.channel, ts: posted.ts, message: posted };
      }
      case 'chat.update': {
        const m = channels.get(p.channel)?.find((x) => x.ts === p.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        Object.assign(m, { text: p.text, blocks: p.blocks });
        return { ok: true, channel: p.channel, ts: p.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(p.users).replace(/^U/, '')}` } };
      case 'conversations.history': {
        const needed = HISTORY_SCOPE[String(p.channel)[0]!];
        if (needed && !scopes.has(needed))
          return { ok: false, error: 'missing_scope', needed, provided: [...scopes].join(',') };
        const all = String(p.include_all_metadata) === 'true';
        const messages = [...(channels.get(p.channel) ?? [])]
          .reverse()
          .slice(0, Number(p.limit ?? 100))
          .map((m) => (all ? m : { ...m, metadata: undefined }));
        return { ok: true, messages, has_more: false };
      }
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: 'V0VIEW' } };
      case 'files.getUploadURLExternal':
        return { ok: true, upload_url: `${url}/upload/F${clock}`, file_id: `F${clock}` };
      case 'files.completeUploadExternal':
        return { ok: true, files: (p.files ?? []).map((f: { id: string }) => ({ id: f.id })) };
      case 'usergroups.users.list':
        return { ok: true, users: [] };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    if (path.startsWith('/upload/')) return void res.writeHead(200).end('OK');
    const method = path.replace(/^\/api\//, '').replace(/^\//, '');
    let params: Record<string, any> = {};
    try {
      params = String(req.headers['content-type']).includes('json')
        ? JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
        : decodeForm(raw);
    } catch (e) {
      calls.push({ method, params, malformed: e instanceof Error ? e.message : String(e) });
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"ok":false,"error":"invalid_form_data"}');
    }
    calls.push({ method, params });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(method, params)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    channels,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
