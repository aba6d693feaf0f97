import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlackClient } from '../../src/adapters/slack/client';
import { signSlackRequest } from '../../src/adapters/slack/verify';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-token';
export const TEAM = 'T0001';
export const MEMBER = 'U2147483697';
export const ORGANIZER = 'U0ORGANIZER';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'slack');

/** A recorded-shape Slack payload, deep-copied so that a test may change it. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}
type Result = Record<string, unknown>;
type Responder = (args: Record<string, unknown>) => Result | Promise<Result>;

/**
 * A stand-in for the Web API: every call is recorded with its arguments; answers are realistic and
 * can be replaced per method (`respond('files.info', …)`), including by throwing.
 */
export function fakeSlackClient() {
  const calls: ApiCall[] = [];
  let seq = 0;
  const responders: Record<string, Responder> = {
    'chat.postMessage': (a) => ({ ok: true, channel: a.channel, ts: `1717000000.${String(++seq).padStart(6, '0')}` }),
    'chat.postEphemeral': () => ({ ok: true, message_ts: `1717000000.${String(++seq).padStart(6, '0')}` }),
    'chat.update': (a) => ({ ok: true, channel: a.channel, ts: a.ts }),
    'conversations.open': (a) => ({ ok: true, channel: { id: `D-${String(a.users)}` } }),
    'conversations.history': () => ({ ok: true, messages: [{ type: 'message', text: '', ts: '1' }] }),
    'views.open': () => ({ ok: true, view: { id: 'V1' } }),
    'views.publish': () => ({ ok: true, view: { id: 'V2' } }),
    'files.info': (a) => {
      const info = fixture<{ file: Record<string, unknown> }>('files-info');
      const id = String(a.file);
      info.file = {
        ...info.file,
        id,
        url_private_download: `https://files.slack.com/files-pri/T0001-${id}/download/dataset.jsonl`,
      };
      return info;
    },
    'usergroups.users.list': () => ({ ok: true, users: [] }),
    'files.uploadV2': () => ({ ok: true, files: [{ ok: true, files: [{ id: `F${++seq}` }] }] }),
  };
  const method = (name: string) => async (args: Record<string, unknown>) => {
    calls.push({ method: name, args });
    return responders[name]!(args);
  };
  const client = {
    chat: {
      postMessage: method('chat.postMessage'),
      postEphemeral: method('chat.postEphemeral'),
      update: method('chat.update'),
    },
    conversations: { open: method('conversations.open'), history: method('conversations.history') },
    views: { open: method('views.open'), publish: method('views.publish') },
    files: { info: method('files.info'), uploadV2: method('files.uploadV2') },
    usergroups: { users: { list: method('usergroups.users.list') } },
  } as unknown as SlackClient;
  return {
    client,
    calls,
    of: (name: string) => calls.filter((c) => c.method === name).map((c) => c.args),
    respond(name: string, responder: Responder) {
      responders[name] = responder;
    },
    reset() {
      calls.length = 0;
    },
  };
}
export type FakeSlack = ReturnType<typeof fakeSlackClient>;

export interface SignedRequest {
  headers: Record<string, string>;
  rawBody: string;
}

/** A request as Slack would sign it (timestamp in seconds; `skewSeconds` moves it). */
export function signed(
  rawBody: string,
  contentType: string,
  options: { secret?: string; skewSeconds?: number; retryNum?: number } = {},
): SignedRequest {
  const ts = Math.floor(Date.now() / 1000) + (options.skewSeconds ?? 0);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': signSlackRequest(options.secret ?? SIGNING_SECRET, ts, rawBody),
  };
  if (options.retryNum) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_error';
  }
  return { headers, rawBody };
}

const formBody = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
export const slashBody = (text: string, user = MEMBER): string =>
  formBody({ ...fixture<Record<string, string>>('slash-command'), text, user_id: user });
export const interactivityBody = (payload: unknown): string => formBody({ payload: JSON.stringify(payload) });

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
