import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDynamoStore } from '../adapters/aws/dynamo-store';
import { leaderboardPageHtml, leaderboardView, notFoundHtml } from '../adapters/web/leaderboard-page';
import { loadConfig } from '../core/config';
import { isWellFormedId } from '../core/ids';
import type { LeaderboardStore, RoundStore } from '../core/ports';
import { rankStandings } from '../core/scoring';

const respond = (statusCode: number, type: string, body: string, cache: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': cache, 'x-content-type-options': 'nosniff' },
  body,
});
const html = (statusCode: number, body: string) => respond(statusCode, 'text/html', body, 'public, max-age=30');
// The page polls this every few seconds: never from a cache.
const json = (statusCode: number, body: unknown) =>
  respond(statusCode, 'application/json', JSON.stringify(body), 'no-store');

/**
 * GET /leaderboard/{round}: the round's standings and chart as an HTML page that keeps itself up to
 * date by polling the same path with `?format=json`.
 */
export function createWebHandler(deps: {
  store: RoundStore & LeaderboardStore;
}): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const roundId = event.pathParameters?.round;
    const asJson = event.queryStringParameters?.format === 'json';
    if (event.requestContext?.http?.method !== 'GET' || !roundId || !isWellFormedId(roundId))
      return asJson ? json(404, { error: 'Not found' }) : html(404, notFoundHtml('Not found'));
    const round = await deps.store.getRound(roundId);
    if (!round)
      return asJson ? json(404, { error: `No round ${roundId}` }) : html(404, notFoundHtml(`No round “${roundId}”`));
    const view = leaderboardView(round, rankStandings(round, await deps.store.leaderboard(round.id)));
    return asJson ? json(200, view) : html(200, leaderboardPageHtml(view));
  };
}

let built: ReturnType<typeof createWebHandler> | undefined;
function build() {
  const config = loadConfig(process.env);
  return createWebHandler({
    store: createDynamoStore({ client: new DynamoDBClient({ region: config.region }), tableName: config.tableName }),
  });
}
export const handler = async (event: APIGatewayProxyEventV2) => (built ??= build())(event);
