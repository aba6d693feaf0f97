import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadConfig } from '../core/config';
import { interval, pct, shortName } from '../core/messages/format';
import type { Store } from '../core/ports';
import { rankLeaderboard } from '../core/scoring';
import { createDynamoStore } from '../adapters/aws/dynamo-store';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} — LLM League</title>
<style>body{font:16px system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#222}
table{width:100%;border-collapse:collapse}th,td{padding:.4rem .6rem;border-bottom:1px solid #ddd;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.beats{color:#17823b;font-weight:600}small{color:#666}</style>
</head><body>${body}</body></html>`;

const html = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=30', 'x-content-type-options': 'nosniff' },
  body,
});

/** GET /leaderboard/{round}: the round's standings as a plain HTML page (no script, no assets). */
export function createWebHandler(deps: { store: Store }): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const roundId = event.pathParameters?.round;
    if (event.requestContext?.http?.method !== 'GET' || !roundId) return html(404, page('Not found', '<h1>Not found</h1>'));
    const round = await deps.store.getRound(roundId);
    if (!round) return html(404, page('No such round', `<h1>No round “${escape(roundId)}”</h1>`));
    const rows = rankLeaderboard(await deps.store.leaderboard(round.id));
    const table = rows.length
      ? `<table><thead><tr><th>#</th><th>Member</th><th class="num">Win rate</th><th class="num">95% CI</th><th>Submitted</th></tr></thead><tbody>${rows
        .map((r) => `<tr><td>${r.rank}</td><td>${escape(shortName(r.userId))}</td><td class="num${r.beatsReference ? ' beats' : ''}">${pct(r.winRate)}</td><td class="num">${interval(r.ciLow, r.ciHigh)}</td><td>${escape(r.submittedAt.slice(0, 16).replace('T', ' '))}</td></tr>`)
        .join('')}</tbody></table>`
      : '<p>No scored submissions yet.</p>';
    return html(200, page(round.name, `<h1>🏆 ${escape(round.name)} <small>${escape(round.domain)}</small></h1>
<p><small>Win rate of each member's best model against the reference model, with its 95% interval; highlighted when the whole interval is above 50%.</small></p>${table}`));
  };
}

let built: ReturnType<typeof createWebHandler> | undefined;
function build() {
  const config = loadConfig(process.env);
  return createWebHandler({ store: createDynamoStore({ client: new DynamoDBClient({ region: config.region }), tableName: config.tableName }) });
}
export const handler = async (event: APIGatewayProxyEventV2) => (built ??= build())(event);
