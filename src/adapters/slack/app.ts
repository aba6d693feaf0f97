import { App, type Logger as BoltLogger, LogLevel, type Receiver } from '@slack/bolt';
import { ACTIONS } from '../../core/commands';
import type { Logger } from '../../core/ports';
import type { AttachmentReader } from '../../core/services/command-dispatcher';
import type { LeagueDeps } from '../../core/services/context';
import { createSlackChat, type SlackChat } from './chat';
import type { SlackClient } from './client';
import { createSlackAttachmentReader } from './files';
import {
  onBlockAction,
  onFileShared,
  onHomeOpened,
  onMessage,
  onRoundOpenView,
  onSlashCommand,
  onSubmitView,
  ROUND_OPEN_CALLBACK,
  type SlackContext,
  SUBMIT_CALLBACK,
} from './listeners';
import { createOrganizerCheck } from './organizers';

export interface SlackAppOptions {
  deps: LeagueDeps;
  /** Web API client used for every call the app makes (a WebClient, or a test double). */
  client: SlackClient;
  /** Transport: AwsLambdaReceiver in Lambda, the local server's receiver, or a test's. */
  receiver: Receiver;
  botToken: string;
  /** Qualified organizer ids (`slack:T1:U1`). */
  organizers: string[];
  /** Slack user group whose members are organizers too. */
  organizerGroup?: string;
  /** Defaults to reading the attachment with `deps.uploads`. */
  readAttachment?: AttachmentReader;
  chat?: SlackChat;
}

/** Bolt's logger on ours: warnings and errors only (Bolt's debug output can hold request bodies). */
export const boltLogger = (log: Logger): BoltLogger => {
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug: () => {},
    info: () => {},
    warn: (...m: unknown[]) => log.warn(`slack: ${text(m)}`),
    error: (...m: unknown[]) => log.error(`slack: ${text(m)}`),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
};

/** Longest an event's delivery may take before a retry of it is allowed to run (a crashed Lambda holds it no longer). */
const EVENT_LEASE_MS = 60_000;

/**
 * The Slack ingress as a Bolt app: `/league`, DM uploads (message with files, file_shared), the submit
 * and round-open modals, the Cancel button and App Home. Every listener answers inside Slack's
 * 3-second window; the slow work is queued by core.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const { deps, client } = options;
  const ctx: SlackContext = {
    deps,
    client,
    chat: options.chat ?? createSlackChat({ client, claims: deps.store, log: deps.log }),
    isOrganizer: createOrganizerCheck({
      organizers: options.organizers,
      groupId: options.organizerGroup,
      client,
      log: deps.log,
    }),
    // The league's one upload fetcher, which carries the bot token to Slack's file hosts.
    readAttachment: options.readAttachment ?? createSlackAttachmentReader(deps.uploads),
  };
  const app = new App({
    receiver: options.receiver,
    // No auth.test round trip per request: the app only ever acts with its own bot token.
    authorize: async () => ({}),
    tokenVerificationEnabled: false,
    ignoreSelf: false,
    convoStore: false,
    logger: boltLogger(deps.log),
  });

  // Events API retries: skip an event that was already handled, or that another delivery is still
  // handling (Slack retries after 3 s, while a slow first delivery may still be at work); a retry of
  // a delivery that failed runs.
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    const key = `slack-event#${eventId}`;
    const running = `slack-event-running#${eventId}`;
    const lease = await deps.store.acquireLease(running, EVENT_LEASE_MS, new Date());
    if (!lease) {
      deps.log.info('slack event retry skipped: still being handled', {
        eventId,
        retryNum: context.retryNum,
        reason: context.retryReason,
      });
      return;
    }
    try {
      if (context.retryNum && !(await deps.store.claimOnce(key))) {
        deps.log.info('slack event retry skipped: already handled', {
          eventId,
          retryNum: context.retryNum,
          reason: context.retryReason,
        });
        return;
      }
      await next();
      if (!context.retryNum) await deps.store.claimOnce(key);
    } finally {
      await deps.store.releaseLease(running, lease).catch(() => undefined);
    }
  });

  app.command('/league', async ({ body, ack }) => {
    const response = await onSlashCommand(ctx, body);
    await ack(response as Parameters<typeof ack>[0]);
  });

  app.view(SUBMIT_CALLBACK, async ({ body, ack }) => {
    const { response, after } = await onSubmitView(ctx, body);
    await ack(response);
    await after?.();
  });

  app.view(ROUND_OPEN_CALLBACK, async ({ body, ack }) => {
    const { response, after } = await onRoundOpenView(ctx, body);
    await ack(response);
    await after?.();
  });

  // Buttons and menus of core messages (every action core defines); `~n` keeps ids unique in a message.
  app.action(new RegExp(`^(${Object.values(ACTIONS).join('|')})(~\\d+)?$`), async ({ body, ack }) => {
    await ack();
    await onBlockAction(ctx, body);
  });

  app.event('message', async ({ body, event }) => onMessage(ctx, body, event));
  app.event('file_shared', async ({ body, event }) => onFileShared(ctx, body, event));
  app.event('app_home_opened', async ({ body, event }) => onHomeOpened(ctx, body, event));

  return app;
}
