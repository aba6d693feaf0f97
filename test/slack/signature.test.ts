import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChat } from '../../src/adapters/slack/chat';
import { createSlackEventsHandler, type SlackLambdaEvent } from '../../src/handlers/slack-events';
import { organizerId, type SlackLeague, startSlackLeague } from './harness';
import { BOT_TOKEN, FORM, fakeSlackClient, JSON_TYPE, SIGNING_SECRET, signed, slashBody } from './support';

describe('Slack request signatures on /slack/events', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague({ worker: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers a signed slash command', async () => {
    const res = await h.post(signed(slashBody('help'), FORM));
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('LLM League commands'),
    });
  });

  it.each([
    ['a wrong signature', () => signed(slashBody('help'), FORM, { secret: 'not-the-secret' })],
    ['a timestamp 6 minutes old', () => signed(slashBody('help'), FORM, { skewSeconds: -360 })],
    ['a timestamp 6 minutes ahead', () => signed(slashBody('help'), FORM, { skewSeconds: 360 })],
    ['a body changed after signing', () => ({ ...signed(slashBody('help'), FORM), rawBody: slashBody('round close') })],
  ])('refuses %s with 401', async (_name, make) => {
    const before = h.slack.calls.length;
    const res = await h.post(make());
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
    expect(h.slack.calls.length).toBe(before);
  });

  it.each(['x-slack-signature', 'x-slack-request-timestamp'])(
    'refuses a request without %s with 401',
    async (header) => {
      const req = signed(slashBody('help'), FORM);
      delete req.headers[header];
      expect((await h.post(req)).status).toBe(401);
    },
  );

  it('answers the Events API URL check only when signed', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const ok = await h.post(signed(body, JSON_TYPE));
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ challenge: 'c-123' });
    expect((await h.post(signed(body, JSON_TYPE, { skewSeconds: -400 }))).status).toBe(401);
  });

  it('refuses other methods', async () => {
    expect((await fetch(`${h.url}/slack/events`)).status).toBe(405);
  });
});

describe('Slack Lambda handler', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague({ worker: false });
  });
  afterAll(async () => {
    await h.close();
  });

  const apiGatewayEvent = (
    req: { headers: Record<string, string>; rawBody: string },
    base64 = false,
  ): SlackLambdaEvent => ({
    body: base64 ? Buffer.from(req.rawBody, 'utf8').toString('base64') : req.rawBody,
    isBase64Encoded: base64,
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k.replace(/(^|-)\w/g, (c) => c.toUpperCase()), v]),
    ),
    httpMethod: 'POST',
    path: '/slack/events',
    resource: '/slack/events',
    requestContext: {},
    pathParameters: null,
    queryStringParameters: null,
    stageVariables: null,
    multiValueHeaders: {},
    multiValueQueryStringParameters: null,
  });

  const handler = () => {
    const slack = fakeSlackClient();
    return {
      slack,
      handle: createSlackEventsHandler(h.league.deps, {
        signingSecret: SIGNING_SECRET,
        botToken: BOT_TOKEN,
        organizers: [organizerId],
        client: slack.client,
        chat: createSlackChat({ client: slack.client }),
      }),
    };
  };

  it('answers a signed, base64-encoded slash command with non-ASCII text', async () => {
    const { handle } = handler();
    const res = await handle(apiGatewayEvent(signed(slashBody('rounds café'), `${FORM}; charset=utf-8`), true));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ response_type: 'ephemeral' });
  });

  it.each([
    ['6 minutes old', -360],
    ['6 minutes ahead', 360],
  ])('refuses a timestamp %s with 401', async (_name, skew) => {
    const { handle, slack } = handler();
    const res = await handle(apiGatewayEvent(signed(slashBody('help'), FORM, { skewSeconds: skew })));
    expect(res.statusCode).toBe(401);
    expect(slack.calls).toEqual([]);
  });

  it('refuses a wrong signature and a missing header with 401', async () => {
    const { handle } = handler();
    expect((await handle(apiGatewayEvent(signed(slashBody('help'), FORM, { secret: 'nope' })))).statusCode).toBe(401);
    const req = signed(slashBody('help'), FORM);
    delete req.headers['x-slack-signature'];
    expect((await handle(apiGatewayEvent(req))).statusCode).toBe(401);
  });
});
