import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDiscordEndpoint, type DiscordEndpointOptions } from '../adapters/discord/endpoint';
import type { DiscordRest } from '../adapters/discord/rest';
import { loadConfig } from '../core/config';
import { LeagueError } from '../core/errors';
import type { LeagueDeps } from '../core/services/context';
import { chatFunctionDeps, once } from './aws-deps';

export type DiscordLambdaEvent = Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>;

/**
 * The Discord interactions Lambda (API Gateway HTTP API or a function URL). A response that needs
 * no further work is the HTTP response. Otherwise (a deferred command, a button's follow-up) the
 * Lambda cannot keep working after it responds, so it acknowledges through the interaction callback
 * endpoint first, does the work and edits the response, then ends the HTTP request.
 */
export function createDiscordInteractionsHandler(
  deps: LeagueDeps,
  options: DiscordEndpointOptions,
): (event: DiscordLambdaEvent) => Promise<APIGatewayProxyStructuredResultV2> {
  const endpoint = createDiscordEndpoint(deps, options);
  return async (event) => {
    const rawBody = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
    const result = await endpoint.handle({ headers: event.headers, rawBody });
    const answered = result.answered;
    if (!answered?.outcome.followUp) return { statusCode: result.status, headers: result.headers, body: result.body };
    try {
      await endpoint.webhook.callback(answered.id, answered.token, answered.outcome.response);
    } catch (e) {
      deps.log.error('discord callback failed', { error: e instanceof Error ? e.message : String(e) });
      return { statusCode: 500, body: '' };
    }
    try {
      await answered.outcome.followUp();
    } catch (e) {
      deps.log.error('discord follow-up failed', { error: e instanceof Error ? e.message : String(e) });
    }
    return { statusCode: 202, body: '' };
  };
}

/** The Discord settings of the environment (the organizers' role is optional). */
function discordSettings(env: Record<string, string | undefined>) {
  const config = loadConfig(env);
  if (!config.discord)
    throw new LeagueError(
      'CONFIG',
      'The Discord handler needs DISCORD_PUBLIC_KEY (and DISCORD_APPLICATION_ID, DISCORD_BOT_TOKEN to post).',
    );
  return { ...config.discord, organizers: config.organizers };
}

/**
 * The REST client for deferred answers and follow-ups, loaded on first use: most interactions are
 * answered in the HTTP response, and the client is a large part of the bundle's import.
 */
function lazyRest(botToken: string | undefined): DiscordRest {
  const rest = once(async () => {
    const { REST } = await import('@discordjs/rest');
    // Short timeouts: the acknowledgement must reach Discord within its 3 seconds.
    const client = new REST({ timeout: 2_500, retries: 1 });
    return botToken ? client.setToken(botToken) : client;
  });
  return {
    get: async (...args) => (await rest()).get(...args),
    post: async (...args) => (await rest()).post(...args),
    patch: async (...args) => (await rest()).patch(...args),
    put: async (...args) => (await rest()).put(...args),
    delete: async (...args) => (await rest()).delete(...args),
  };
}

async function build() {
  const settings = discordSettings(process.env);
  const base = await chatFunctionDeps();
  // Posts and DMs go through the shared deps' Discord chat; this client answers interactions.
  return createDiscordInteractionsHandler(base, { ...settings, rest: lazyRest(settings.botToken) });
}

/** Built once per cold start, on the first request (a failed build is retried by the next). */
const built = once(build);

export const handler = async (event: DiscordLambdaEvent): Promise<APIGatewayProxyStructuredResultV2> => {
  return (await built())(event);
};
