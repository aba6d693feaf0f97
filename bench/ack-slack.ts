import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { createSlackApp } from '../src/adapters/slack/app';
import type { SlackClient } from '../src/adapters/slack/client';
import { SlackRequestReceiver } from '../src/adapters/slack/receiver';
import { signSlackRequest } from '../src/adapters/slack/verify';
import { projectRoot } from '../src/local/paths';
import { LAMBDA_ALIAS, lambdaPlugins } from './bundle';
import { round1, startBenchLeague, warmLatency } from './latency';

const ITERATIONS = 240;
const WARMUP = 20;
const COLD_RUNS = 5;
const SECRET = 'bench-signing-secret';

export interface SlackAckResult {
  bench: 'ack';
  platform: 'slack';
  p50_ms: number;
  p99_ms: number;
  cold_init_ms: number;
  bundle_kb: number;
}

/** A Web API that answers at once: the benchmark measures our side of the request. */
function instantClient(): SlackClient {
  let n = 0;
  const ok = async (args: { channel?: string; users?: string }) => ({
    ok: true,
    channel: args.channel ?? { id: `D${args.users}` },
    ts: `1.${++n}`,
  });
  return {
    chat: { postMessage: ok, postEphemeral: ok, update: ok },
    conversations: { open: ok, history: async () => ({ ok: true, messages: [] }) },
    views: { open: async () => ({ ok: true }), publish: async () => ({ ok: true }) },
    files: { info: async () => ({ ok: false }) },
    usergroups: { users: { list: async () => ({ ok: true, users: [] }) } },
  } as unknown as SlackClient;
}

/** The submit form's view_submission for member `i`, form-encoded and signed as Slack sends it. */
function signedSubmission(i: number) {
  const file = {
    id: `FBENCH${i}`,
    name: 'data.jsonl',
    size: 4096,
    url_private_download: `https://files.slack.com/files-pri/T1-FBENCH${i}/download/data.jsonl`,
  };
  const payload = {
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: `UBENCH${i}`, team_id: 'T1' },
    view: {
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
  const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = Math.floor(Date.now() / 1000);
  return {
    rawBody,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackRequest(SECRET, ts, rawBody),
    },
  };
}

/** Warm, in-process: signature, parsing, Bolt, the league's checks, the conditional write, the enqueue. */
async function warmAck(): Promise<{ p50: number; p99: number }> {
  const { league, sent } = await startBenchLeague({ userId: 'slack:T1:UORG', channel: 'slack:C1', isOrganizer: true });
  try {
    const receiver = new SlackRequestReceiver({ signingSecret: SECRET });
    createSlackApp({ deps: league.deps, client: instantClient(), receiver, botToken: 'xoxb-bench', organizers: [] });
    return await warmLatency(
      signedSubmission,
      async (request, i) => {
        const before = sent.length;
        const res = await receiver.handle(request);
        if (res.status !== 200 || res.body !== '' || sent.length !== before + 1 || sent[before]!.type !== 'ingest') {
          throw new Error(`request ${i} was not acknowledged with its job queued: ${res.status} ${res.body}`);
        }
      },
      { iterations: ITERATIONS, warmup: WARMUP },
    );
  } finally {
    await league.close();
  }
}

export const UNUSED_SLACK_TRANSPORTS = lambdaPlugins.UNUSED_SLACK_TRANSPORTS;

/** How the Slack Lambda is bundled (ESM, minified, CommonJS dependencies given a require()). */
export const slackLambdaBundle = (outfile: string): BuildOptions => ({
  entryPoints: [join(projectRoot(), 'src', 'handlers', 'slack-events.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  logLevel: 'error',
  plugins: [...lambdaPlugins],
  alias: LAMBDA_ALIAS,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

/** Cold: the bundled handler imported by a fresh Node process; the median of a few runs. */
async function coldInit(): Promise<{ ms: number; kb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'league-bench-slack-'));
  try {
    const outfile = join(dir, 'slack-events.mjs');
    await build(slackLambdaBundle(outfile));
    const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t));`;
    const runs: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      runs.push(
        Number(
          execFileSync(process.execPath, ['--input-type=module', '-e', script], {
            cwd: dir,
            encoding: 'utf8',
            env: { PATH: process.env.PATH },
          }),
        ),
      );
    }
    runs.sort((a, b) => a - b);
    return { ms: runs[Math.floor(runs.length / 2)]!, kb: statSync(outfile).size / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Slack ack benchmark: warm in-process handling of a signed request that queues a job (the submit
 * form's view_submission: signature, Bolt, the league's checks, the conditional write, the `ingest`
 * job) over 240 requests, and the cold import of the esbuild-bundled Lambda handler.
 */
export async function measureSlackAck(): Promise<SlackAckResult> {
  const warm = await warmAck();
  const cold = await coldInit();
  return {
    bench: 'ack',
    platform: 'slack',
    p50_ms: round1(warm.p50),
    p99_ms: round1(warm.p99),
    cold_init_ms: round1(cold.ms),
    bundle_kb: Math.round(cold.kb),
  };
}
