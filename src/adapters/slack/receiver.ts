import type { App, Receiver } from '@slack/bolt';
import type { RequestLog } from '../../core/ports';
import { runOnce } from '../replay-guard';
import { slackRequestKey } from './request-key';
import { headerValue, slackSignatureHeaders, verifySlackRequest } from './verify';

export interface SlackHttpRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The raw body exactly as received (the signature covers it byte for byte). */
  rawBody: string;
}

export interface SlackHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

const json = (status: number, body: unknown): SlackHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const empty = (status: number): SlackHttpResponse => ({ status, body: '' });

/** A Slack request body: form fields (slash commands), a form `payload` (interactivity), or JSON (events). */
export function parseSlackBody(rawBody: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(rawBody);
    const payload = form.get('payload');
    return payload !== null ? (JSON.parse(payload) as Record<string, unknown>) : Object.fromEntries(form);
  }
  const parsed: unknown = JSON.parse(rawBody);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * A Bolt receiver driven request by request (the local server, tests, the benchmark): it verifies the
 * signature, answers Slack's URL checks, then runs the app before responding (`processBeforeResponse`),
 * so the response carries what the listener acknowledged with, and a failure is a 500 Slack retries.
 */
export class SlackRequestReceiver implements Receiver {
  private app: App | undefined;

  constructor(
    private readonly options: {
      signingSecret: string;
      now?: () => number;
      onRejected?: (reason: string) => void;
      /** Where each request is recorded once, so a replay runs nothing. */
      requests?: RequestLog;
      onReplay?: () => void;
    },
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<unknown> {
    return undefined;
  }

  async stop(): Promise<unknown> {
    return undefined;
  }

  async handle(req: SlackHttpRequest): Promise<SlackHttpResponse> {
    const verdict = verifySlackRequest(
      this.options.signingSecret,
      slackSignatureHeaders(req.headers),
      req.rawBody,
      this.options.now?.() ?? Date.now(),
    );
    if (!verdict.ok) {
      this.options.onRejected?.(verdict.reason);
      return empty(401);
    }
    let body: Record<string, unknown>;
    try {
      body = parseSlackBody(req.rawBody, headerValue(req.headers, 'content-type'));
    } catch {
      return empty(400);
    }
    if (body.ssl_check) return empty(200);
    if (body.type === 'url_verification') return json(200, { challenge: body.challenge });
    if (!this.app) throw new Error('the Slack app is not attached to its receiver');
    const requests = this.options.requests;
    if (!requests) return this.run(req, body);
    const now = new Date(this.options.now?.() ?? Date.now());
    return runOnce(
      requests,
      slackRequestKey(body, req.rawBody, headerValue(req.headers, 'x-slack-request-timestamp')),
      now,
      () => this.run(req, body),
      this.options.onReplay,
    );
  }

  private async run(req: SlackHttpRequest, body: Record<string, unknown>): Promise<SlackHttpResponse> {
    if (!this.app) throw new Error('the Slack app is not attached to its receiver');
    let acked = false;
    let stored: unknown;
    const retry = headerValue(req.headers, 'x-slack-retry-num');
    try {
      await this.app.processEvent({
        body,
        ack: async (response?: unknown) => {
          if (acked) throw new Error('acknowledged twice');
          acked = true;
          stored = response;
        },
        retryNum: retry === undefined ? undefined : Number(retry),
        retryReason: headerValue(req.headers, 'x-slack-retry-reason'),
      });
    } catch {
      return empty(500);
    }
    if (!acked) return empty(404);
    if (stored === undefined || stored === null || stored === '') return empty(200);
    return typeof stored === 'string' ? { status: 200, body: stored } : json(200, stored);
  }
}
