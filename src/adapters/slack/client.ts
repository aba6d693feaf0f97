import type {
  ChatPostEphemeralArguments,
  ChatPostEphemeralResponse,
  ChatPostMessageArguments,
  ChatPostMessageResponse,
  ChatUpdateArguments,
  ChatUpdateResponse,
  ConversationsHistoryArguments,
  ConversationsHistoryResponse,
  ConversationsOpenArguments,
  ConversationsOpenResponse,
  FilesInfoArguments,
  FilesInfoResponse,
  FilesUploadV2Arguments,
  UsergroupsUsersListArguments,
  UsergroupsUsersListResponse,
  ViewsOpenArguments,
  ViewsOpenResponse,
  ViewsPublishArguments,
  ViewsPublishResponse,
  WebAPICallResult,
} from '@slack/web-api';
import { LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import { LeagueError, TransientError } from '../../core/errors';

type Call<A, R> = (args: A) => Promise<R>;

/**
 * The Slack Web API methods the league uses. A `WebClient` satisfies it; tests pass an object with
 * these methods and assert their arguments.
 */
export interface SlackClient {
  chat: {
    postMessage: Call<ChatPostMessageArguments, ChatPostMessageResponse>;
    postEphemeral: Call<ChatPostEphemeralArguments, ChatPostEphemeralResponse>;
    update: Call<ChatUpdateArguments, ChatUpdateResponse>;
  };
  conversations: {
    open: Call<ConversationsOpenArguments, ConversationsOpenResponse>;
    history: Call<ConversationsHistoryArguments, ConversationsHistoryResponse>;
  };
  views: {
    open: Call<ViewsOpenArguments, ViewsOpenResponse>;
    publish: Call<ViewsPublishArguments, ViewsPublishResponse>;
  };
  files: {
    info: Call<FilesInfoArguments, FilesInfoResponse>;
    uploadV2: Call<FilesUploadV2Arguments, WebAPICallResult>;
  };
  usergroups: { users: { list: Call<UsergroupsUsersListArguments, UsergroupsUsersListResponse> } };
}

/** Options for the Web API client: 429s come back to us (we honour Retry-After per channel). */
export interface SlackWebClientOptions {
  /** Per-request timeout; keep it short on the ingress path (Slack's 3-second window). */
  timeoutMs?: number;
  /** Retries of network failures and 5xx answers. */
  retries?: number;
  /** The Web API's base URL, when it is not Slack's own. */
  apiUrl?: string;
  /** HTTP layer (tests answer Slack's API with it). */
  fetch?: WebClientOptions['fetch'];
}

/** Builds the Web API client for a bot token (fails at once when the token is missing). */
export function createSlackWebClient(botToken: string, options: SlackWebClientOptions = {}): WebClient {
  if (!botToken) throw new LeagueError('CONFIG', 'SLACK_BOT_TOKEN is not set.');
  return new WebClient(botToken, {
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    logLevel: LogLevel.ERROR,
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.replace(/\/?$/, '/') } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

interface SlackErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
}

/** Milliseconds Slack asked us to wait (429 Retry-After), or undefined if the error is not a rate limit. */
export function retryAfterMs(e: unknown): number | undefined {
  const err = e as SlackErrorShape | undefined;
  if (err?.code === 'slack_webapi_rate_limited_error') return Math.max(0, (err.retryAfter ?? 1) * 1000);
  if (err?.code === 'slack_webapi_platform_error' && err.data?.error === 'ratelimited') return 1000;
  return undefined;
}

/** A Web API failure as a league error: outages are transient (retried), refusals are not. */
export function slackError(method: string, e: unknown): LeagueError {
  const err = e as SlackErrorShape | undefined;
  const after = retryAfterMs(e);
  if (after !== undefined)
    return new TransientError(`Slack rate-limited ${method}`, { cause: e, retryAfterMs: after, code: 'THROTTLED' });
  if (
    err?.code === 'slack_webapi_request_error' ||
    (err?.code === 'slack_webapi_http_error' && (err.statusCode ?? 500) >= 500)
  ) {
    return new TransientError(`Slack could not be reached for ${method}`, { cause: e });
  }
  const reason = err?.data?.error ?? (e instanceof Error ? e.message : String(e));
  const transient = ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'].includes(reason);
  if (transient) return new TransientError(`Slack failed ${method}: ${reason}`, { cause: e });
  return new LeagueError('UPSTREAM_UNAVAILABLE', `Slack refused ${method}: ${reason}`, { cause: e });
}
