import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebHandler } from '../../src/handlers/web';
import { DEMO_ORGANIZER, organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';
import { servePlayground } from '../support/playground-server';

const TOKEN = 'bad-ids-test-token-0123';
const LONG = 'x'.repeat(2100); // past DynamoDB's 2,048-byte partition key

describe('malformed and over-long ids', () => {
  let league: TestLeague;
  let playground: Awaited<ReturnType<typeof servePlayground>>;
  let base: string;
  beforeAll(async () => {
    league = await startTestLeague();
    playground = await servePlayground(league, TOKEN);
    base = playground.base;
  });
  afterAll(async () => {
    await playground.close();
    await league.close();
  });

  const command = (user: string, text: string) =>
    fetch(`${base}/api/command?user=${user}&text=${encodeURIComponent(text)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });

  it('every command naming one reads as not found, never a 500 or a store error', async () => {
    const texts = [
      `status ${LONG}`,
      `cancel ${LONG}`,
      `leaderboard ${LONG}`,
      `export ${LONG}`,
      `appeal ${LONG} q1 the judge was wrong`,
      `override ${LONG} q1 A>B`,
      `round close ${LONG}`,
      `finale start ${LONG} alice bob`,
      `submit ${LONG}`,
      'status sub\u0000x',
    ];
    for (const text of texts) {
      const res = await command(DEMO_ORGANIZER, text);
      expect(res.status, text).toBe(200);
      const reply = (await res.json()) as { visibility: string; message: { text: string } };
      expect(reply.visibility).toBe('ephemeral');
      expect(reply.message.text, text).toMatch(/No (submission|round|finalist)/);
      expect(reply.message.text.length).toBeLessThan(300); // the id is not echoed whole
    }
    const member = (await (await command('local:demo:alice', `status ${LONG}`)).json()) as {
      message: { text: string };
    };
    expect(member.message.text).toMatch(/at most 64 characters/);
    expect(league.logs.join('\n')).not.toMatch(/request failed|ValidationException|key/i);
  });

  it('a leaderboard path that cannot be a round id is a 404, on the page and in JSON', async () => {
    for (const path of [
      '/leaderboard/%E0%A4%A',
      `/leaderboard/${LONG}`,
      '/leaderboard/%00',
      '/api/leaderboard/%E0%A4%A',
    ])
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    expect((await fetch(`${base}/leaderboard/%E0%A4%A?format=json`)).status).toBe(404);
    expect((await fetch(`${base}/leaderboard/demo`)).status).toBe(200);
    expect(league.logs.join('\n')).not.toMatch(/request failed/);
  });

  it('the deployed leaderboard function answers 404 too', async () => {
    const handler = createWebHandler({ store: league.deps.store });
    const event = (round: string) =>
      ({ pathParameters: { round }, requestContext: { http: { method: 'GET' } } }) as unknown as APIGatewayProxyEventV2;
    expect((await handler(event(LONG))).statusCode).toBe(404);
    expect((await handler(event('demo'))).statusCode).toBe(200);
  });

  it('an organizer command still works with a normal id', async () => {
    const reply = await league.run(organizerActor(), 'export demo');
    expect(reply.file?.name).toBe('league-demo-submissions.csv');
  });
});
