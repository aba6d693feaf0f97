import { createHmac, createPrivateKey, sign } from 'node:crypto';
import { pathToFileURL } from 'node:url';

/**
 * One measurement of `npm run bench:ack`, run by it in a fresh Node process (bundled, so no loader
 * stands between Node and the handler): the import of a bundled handler, its first request, then
 * warm requests; every request is signed outside the clock and must be acknowledged. Slack's and
 * Discord's API hosts are redirected to the platform stand-in; any other fetch is refused.
 */
export type AckRequestKind = 'slack-slash' | 'slack-submit-view' | 'discord-submit';

export interface AckRunSpec {
  bundle: string;
  kind: AckRequestKind;
  /** Makes this run's members and ids its own (uppercase letters and digits). */
  tag: string;
  /** Member numbers of this run start here (Discord ids are digits). */
  memberBase: number;
  warmup: number;
  iterations: number;
  stubUrl: string;
  slackSecret: string;
  discordPrivateKeyPem: string;
}

export interface AckRunResult {
  import_ms: number;
  first_ms: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
}

interface LambdaEvent {
  version: '2.0';
  rawPath: string;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
  requestContext: { http: { method: 'POST'; path: string } };
}

const lambdaEvent = (path: string, headers: Record<string, string>, body: string): LambdaEvent => ({
  version: '2.0',
  rawPath: path,
  headers,
  body,
  isBase64Encoded: false,
  requestContext: { http: { method: 'POST', path } },
});

function signedSlack(spec: AckRunSpec, body: string): LambdaEvent {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', spec.slackSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return lambdaEvent(
    '/slack/events',
    {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signature,
    },
    body,
  );
}

/** A slash command as Slack posts it (form fields of Slack's slash command payload). */
function slackSlash(spec: AckRunSpec, i: number): LambdaEvent {
  const body = new URLSearchParams({
    token: 'unused-verification-token',
    team_id: 'T1',
    team_domain: 'bench',
    channel_id: 'C1',
    channel_name: 'bench',
    user_id: `U${spec.tag}${i}`,
    user_name: `member${i}`,
    command: '/league',
    text: 'submit round=bench',
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: `https://hooks.slack.com/commands/T1/${i}/bench`,
    trigger_id: `${i}.1.${spec.tag}`,
  }).toString();
  return signedSlack(spec, body);
}

/** The league's submit form sent with a dataset file: Slack's view_submission, form-encoded. */
function slackSubmitView(spec: AckRunSpec, i: number): LambdaEvent {
  const file = {
    id: `F${spec.tag}${i}`,
    name: 'data.jsonl',
    size: 4096,
    url_private_download: `https://files.slack.com/files-pri/T1-F${spec.tag}${i}/download/data.jsonl`,
  };
  // As Slack sends it (test/fixtures/slack/view-submission-submit.json): each opened form is a view of
  // its own, with its id and hash, and the submission carries a trigger id.
  const payload = {
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: `U${spec.tag}${i}`, team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `${i}.1.${spec.tag}`,
    view: {
      id: `V${spec.tag}${i}`,
      hash: `${i}.${spec.tag}`,
      type: 'modal',
      callback_id: 'league_submit',
      private_metadata: JSON.stringify({ channel: 'C1' }),
      state: {
        values: {
          round: { value: { type: 'static_select', selected_option: { value: 'bench' } } },
          dataset: { value: { type: 'file_input', files: [file] } },
          epochs: { value: { type: 'plain_text_input', value: '2' } },
        },
      },
    },
  };
  return signedSlack(spec, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

const DISCORD_EPOCH_MS = 1_420_070_400_000n;
const snowflake = (ms: number, increment: number) =>
  (((BigInt(ms) - DISCORD_EPOCH_MS) << 22n) + BigInt(increment % 4096)).toString();

/** `/league submit` with a dataset attachment, as Discord posts an application command interaction. */
function discordSubmit(spec: AckRunSpec, i: number, key: ReturnType<typeof createPrivateKey>): LambdaEvent {
  const id = snowflake(Date.now(), i);
  const attachment = snowflake(Date.now(), i + 1);
  const interaction = {
    id,
    application_id: '100000000000000001',
    type: 2,
    token: `bench-token-${spec.tag}-${i}`,
    version: 1,
    guild_id: '200000000000000002',
    channel_id: '300000000000000003',
    member: {
      user: { id: String(400000000000000000n + BigInt(spec.memberBase + i)), username: `m${i}` },
      roles: [],
      permissions: '0',
    },
    data: {
      id: '900000000000000009',
      name: 'league',
      type: 1,
      options: [
        {
          name: 'submit',
          type: 1,
          options: [
            { name: 'dataset', type: 11, value: attachment },
            { name: 'round', type: 3, value: 'bench' },
            { name: 'epochs', type: 4, value: 2 },
          ],
        },
      ],
      resolved: {
        attachments: {
          [attachment]: {
            id: attachment,
            filename: 'data.jsonl',
            size: 4096,
            url: `https://cdn.discordapp.com/attachments/3/${attachment}/data.jsonl`,
          },
        },
      },
    },
  };
  const body = JSON.stringify(interaction);
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(ts + body), key).toString('hex');
  return lambdaEvent(
    '/discord/interactions',
    { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': ts },
    body,
  );
}

/**
 * Throws unless the response acknowledges the request the way its platform expects (the parent also
 * checks that every request queued its message).
 */
function checkAck(kind: AckRequestKind, res: { statusCode?: number; body?: string }, i: number) {
  const body = res.body ?? '';
  const ok =
    res.statusCode === 200 &&
    (kind === 'slack-submit-view'
      ? /^\{"response_action":"update"/.test(body)
      : kind === 'slack-slash'
        ? /"text":"Received\./.test(body)
        : (JSON.parse(body) as { type?: number }).type === 4);
  if (!ok) throw new Error(`request ${i} (${kind}) was not acknowledged: ${res.statusCode} ${body.slice(0, 300)}`);
}

/** Routes Slack's and Discord's API hosts to the stand-in; refuses any other outbound fetch. */
function redirectPlatformApis(stubUrl: string) {
  const realFetch = globalThis.fetch;
  const routes: [string, string][] = [
    ['https://slack.com/api/', `${stubUrl}/slack/api/`],
    ['https://discord.com/api/', `${stubUrl}/discord/api/`],
  ];
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    for (const [from, to] of routes)
      if (url.startsWith(from) && !(input instanceof Request)) return realFetch(to + url.slice(from.length), init);
    return Promise.reject(new Error(`the benchmark has no stand-in for ${url}`));
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function run(spec: AckRunSpec): Promise<AckRunResult> {
  redirectPlatformApis(spec.stubUrl);
  const key = createPrivateKey(spec.discordPrivateKeyPem);
  const request = (i: number) =>
    spec.kind === 'slack-slash'
      ? slackSlash(spec, i)
      : spec.kind === 'slack-submit-view'
        ? slackSubmitView(spec, i)
        : discordSubmit(spec, i, key);

  const started = performance.now();
  const { handler } = (await import(pathToFileURL(spec.bundle).href)) as {
    handler: (event: LambdaEvent, context: unknown) => Promise<{ statusCode?: number; body?: string }>;
  };
  const imported = performance.now();
  const first = request(0);
  const t = performance.now();
  checkAck(spec.kind, await handler(first, {}), 0);
  const firstMs = performance.now() - t;

  const times: number[] = [];
  for (let i = 1; i <= spec.warmup + spec.iterations; i++) {
    const event = request(i);
    const t0 = performance.now();
    const res = await handler(event, {});
    const ms = performance.now() - t0;
    checkAck(spec.kind, res, i);
    if (i > spec.warmup) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return {
    import_ms: imported - started,
    first_ms: firstMs,
    p50_ms: percentile(times, 50),
    p99_ms: percentile(times, 99),
    requests: 1 + spec.warmup + spec.iterations,
  };
}

const result = await run(JSON.parse(process.env.ACK_RUN_SPEC ?? '') as AckRunSpec);
process.stdout.write(`\nACK_RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
