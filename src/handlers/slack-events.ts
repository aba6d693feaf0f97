import { AwsLambdaReceiver } from '@slack/bolt';
import { runOnce } from '../adapters/replay-guard';
import { boltLogger, createSlackApp } from '../adapters/slack/app';
import { createSlackChat, type SlackChat, withSlackChat } from '../adapters/slack/chat';
import { createSlackWebClient, type SlackClient } from '../adapters/slack/client';
import { parseSlackBody } from '../adapters/slack/receiver';
import { slackRequestKey } from '../adapters/slack/request-key';
import { headerValue, slackSignatureHeaders, verifySlackRequest } from '../adapters/slack/verify';
import { loadConfig } from '../core/config';
import { LeagueError } from '../core/errors';
import type { LeagueDeps } from '../core/services/context';
import { chatFunctionDeps, once } from './aws-deps';

type AwsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;
export type SlackLambdaEvent = Parameters<AwsHandler>[0];
export type SlackLambdaResult = Awaited<ReturnType<AwsHandler>>;

export interface SlackEventsOptions {
  signingSecret: string;
  botToken: string;
  organizers: string[];
  organizerGroup?: string;
  client: SlackClient;
  chat: SlackChat;
  now?: () => number;
}

/**
 * The Slack ingress Lambda (API Gateway / function URL): our signature check first (five minutes
 * either way), then Bolt's AwsLambdaReceiver, which runs the listener before it responds.
 */
export function createSlackEventsHandler(
  deps: LeagueDeps,
  options: SlackEventsOptions,
): (event: SlackLambdaEvent, context?: unknown) => Promise<SlackLambdaResult> {
  // Bolt's own check refuses only old timestamps; ours, in the handler below, also refuses future ones.
  const receiver = new AwsLambdaReceiver({
    signingSecret: options.signingSecret,
    signatureVerification: false,
    logger: boltLogger(deps.log),
  });
  createSlackApp({
    deps,
    receiver,
    client: options.client,
    chat: options.chat,
    botToken: options.botToken,
    organizers: options.organizers,
    organizerGroup: options.organizerGroup,
  });
  const inner = receiver.toHandler();
  return async (event, context) => {
    // Decode base64 bodies as UTF-8 (Bolt would read them as ASCII) before anything looks at them.
    const rawBody = event.body
      ? event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body
      : '';
    const verdict = verifySlackRequest(
      options.signingSecret,
      slackSignatureHeaders(event.headers),
      rawBody,
      options.now?.() ?? Date.now(),
    );
    if (!verdict.ok) {
      deps.log.warn('slack request rejected', { reason: verdict.reason });
      return { statusCode: 401, body: '' };
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
    // Bolt matches the content type exactly; drop parameters such as `; charset=utf-8`.
    const type = headerValue(headers, 'content-type');
    if (type) headers['content-type'] = type.split(';')[0]!.trim().toLowerCase();
    const run = async () => {
      const out = await inner(
        { ...event, headers, body: rawBody, isBase64Encoded: false } as SlackLambdaEvent,
        context,
      );
      return {
        status: out.statusCode,
        headers: out.headers as Record<string, string> | undefined,
        body: out.body ?? '',
      };
    };
    let body: Record<string, unknown> | undefined;
    try {
      body = parseSlackBody(rawBody, type);
    } catch {
      body = undefined; // Bolt answers what it cannot read
    }
    // Each request once: a replay of the same signed body runs nothing and gets the first answer.
    const key = body && slackRequestKey(body, rawBody, headerValue(headers, 'x-slack-request-timestamp'));
    const out = await runOnce(deps.store, key, new Date(options.now?.() ?? Date.now()), run, () =>
      deps.log.warn('slack request replayed: answered from the record'),
    );
    return { statusCode: out.status, ...(out.headers ? { headers: out.headers } : {}), body: out.body };
  };
}

/** The Slack settings of the environment (the organizers' user group is optional). */
function slackSettings(env: Record<string, string | undefined>) {
  const config = loadConfig(env);
  if (!config.slack)
    throw new LeagueError('CONFIG', 'The Slack handler needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN.');
  return { ...config.slack, organizers: config.organizers };
}

async function build() {
  const settings = slackSettings(process.env);
  const base = await chatFunctionDeps();
  // Short timeouts: the whole request must be answered within Slack's 3 seconds.
  const client = createSlackWebClient(settings.botToken, { timeoutMs: 2_500, retries: 1, apiUrl: settings.apiUrl });
  const chat = createSlackChat({ client, claims: base.store, log: base.log, maxWaitMs: 1_500 });
  const deps: LeagueDeps = { ...base, chat: withSlackChat(base.chat, chat) };
  return createSlackEventsHandler(deps, { ...settings, client, chat });
}

/** Built once per cold start, on the first request (a failed build is retried by the next). */
const built = once(build);

export const handler = async (event: SlackLambdaEvent, context: unknown): Promise<SlackLambdaResult> => {
  return (await built())(event, context);
};
