import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { createDynamoStore } from '../src/adapters/aws/dynamo-store';
import { roundFromOptions } from '../src/core/services/rounds';
import { projectRoot } from '../src/local/paths';
import type { AckRequestKind, AckRunResult, AckRunSpec } from './ack-runner';
import { type StubCounts, startDynamoStandIn, startPlatformStub } from './ack-stand-ins';
import { buildLambda, lambdaBundle, lambdaOutput, measureBundle } from './bundle';

/**
 * `npm run bench:ack`: per platform, our ingress Lambda against a bare one that does only what an ack
 * must (verify the request, one conditional DynamoDB put, one SQS send, answer), both bundled as
 * serverless.yml bundles them and timed in the same run, in alternating rounds of fresh Node
 * processes. Ours answers its submission ack (Slack: the submit form's view_submission; Discord:
 * `/league submit` with an attachment), the bare Slack one a slash command. Both talk to the same
 * stand-ins: dynalite for DynamoDB, an HTTP stand-in for SQS and for Slack's and Discord's APIs.
 * `cold` is the local import of the bundle, not a Lambda cold start. Then one line per worker bundle
 * (import time and size).
 */
const ROUNDS = Number(process.env.BENCH_ACK_ROUNDS ?? 7);
const PROFILE_DIR = process.env.BENCH_ACK_PROFILE_DIR;
const WARMUP = 30;
const ITERATIONS = 200;
const TARGETS = { cold_ratio: 1.3, p99_ratio: 1.5 };
const TABLE = 'league-bench';
const SLACK_SECRET = 'bench-signing-secret';

const PLATFORMS = [
  {
    platform: 'slack',
    ours: { entry: 'src/handlers/slack-events.ts', kind: 'slack-submit-view' },
    bare: { entry: 'bench/ack-bare-slack.ts', kind: 'slack-slash' },
  },
  {
    platform: 'discord',
    ours: { entry: 'src/handlers/discord-interactions.ts', kind: 'discord-submit' },
    bare: { entry: 'bench/ack-bare-discord.ts', kind: 'discord-submit' },
  },
] as const satisfies readonly {
  platform: string;
  ours: { entry: string; kind: AckRequestKind };
  bare: { entry: string; kind: AckRequestKind };
}[];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'league-bench-ack-'));
const stub = await startPlatformStub();
const dynamo = await startDynamoStandIn(TABLE, stub.counts);
try {
  // The round every submission goes to: open, with its questions, five submissions a member a day.
  const store = createDynamoStore({ client: dynamo.client, tableName: TABLE });
  const round = roundFromOptions(
    { name: 'Bench', id: 'bench', min_rows: '5', quota: '5' },
    'bench',
    'slack:C1',
    new Date(),
    {
      referenceModel: 'offline-reference',
      judgeModels: ['offline-judge'],
    },
  );
  await store.createRound({ ...round, questionCount: 1 });
  await store.putQuestions('bench', [{ id: 'q1', category: 'general', question: 'What is the capital of France?' }]);

  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const discordPublicKey = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    LEAGUE_MODE: 'aws',
    AWS_REGION: 'us-west-2',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: stub.url,
    TABLE_NAME: TABLE,
    QUEUE_URL: `${stub.url}/000000000000/league-jobs`,
    BUCKET_NAME: 'league-bench',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    DISCORD_PUBLIC_KEY: discordPublicKey,
    DISCORD_APPLICATION_ID: '100000000000000001',
    DISCORD_BOT_TOKEN: 'bench-bot-token',
    DISCORD_GUILD_IDS: '200000000000000002',
  };

  const runner = lambdaOutput('bench/ack-runner.ts', join(dir, 'runner'));
  await build({ ...lambdaBundle('bench/ack-runner.ts', join(dir, 'runner')), minify: false, plugins: [], alias: {} });
  const bundles = new Map<string, { file: string; bundle_kb: number; package_kb: number }>();
  for (const p of PLATFORMS)
    for (const side of [p.ours, p.bare])
      bundles.set(side.entry, await buildLambda(side.entry, join(dir, side.entry.replace(/\W+/g, '-'))));

  let runs = 0;
  /** What each ack of a side asked of the stand-ins, by service and action. */
  const callsPerAck = new Map<string, Record<string, number>>();
  const snapshot = (c: StubCounts): Record<string, number> => ({
    ...Object.fromEntries(Object.entries(c.dynamoCalls).map(([k, v]) => [`dynamodb.${k}`, v])),
    'sqs.messages': c.sqsMessages,
    ...Object.fromEntries(Object.entries(c.slackCalls).map(([k, v]) => [`slack.${k}`, v])),
    'discord.calls': c.discordCalls,
  });
  // Asynchronously: the stand-ins answer from this process while the run waits.
  const measure = async (entry: string, kind: AckRequestKind): Promise<AckRunResult> => {
    runs++;
    const spec: AckRunSpec = {
      bundle: bundles.get(entry)!.file,
      kind,
      tag: `R${runs}X`,
      memberBase: runs * 10_000,
      warmup: WARMUP,
      iterations: ITERATIONS,
      stubUrl: stub.url,
      slackSecret: SLACK_SECRET,
      discordPrivateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
    const before = snapshot(stub.counts);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        // Where ours spends its time: a CPU profile per run of our handlers, on request.
        ...(PROFILE_DIR && entry.startsWith('src/') ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
        runner,
      ],
      {
        cwd: projectRoot(),
        encoding: 'utf8',
        env: { ...env, ACK_RUN_SPEC: JSON.stringify(spec) },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('ACK_RESULT '));
    if (!line) throw new Error(`${entry} printed no result:\n${stdout.slice(-2000)}`);
    const result = JSON.parse(line.slice('ACK_RESULT '.length)) as AckRunResult;
    const calls = Object.fromEntries(
      Object.entries(snapshot(stub.counts))
        .map(([k, v]) => [k, round2((v - (before[k] ?? 0)) / result.requests)] as const)
        .filter(([, v]) => v > 0),
    );
    if (calls['sqs.messages'] !== 1)
      throw new Error(`${entry}: not one queued message per ack: ${JSON.stringify(calls)}`);
    callsPerAck.set(entry, calls);
    return result;
  };

  for (const p of PLATFORMS) {
    const ours: AckRunResult[] = [];
    const bare: AckRunResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Each side goes first in every other round, so a machine slowing down favours neither.
      if (r % 2) {
        ours.push(await measure(p.ours.entry, p.ours.kind));
        bare.push(await measure(p.bare.entry, p.bare.kind));
      } else {
        bare.push(await measure(p.bare.entry, p.bare.kind));
        ours.push(await measure(p.ours.entry, p.ours.kind));
      }
    }
    const figures = (results: AckRunResult[], entry: string) => ({
      import_ms: round2(median(results.map((x) => x.import_ms))),
      first_ack_ms: round2(median(results.map((x) => x.first_ms))),
      p50_ms: round2(median(results.map((x) => x.p50_ms))),
      p99_ms: round2(median(results.map((x) => x.p99_ms))),
      bundle_kb: bundles.get(entry)!.bundle_kb,
      package_kb: bundles.get(entry)!.package_kb,
      calls_per_ack: callsPerAck.get(entry),
    });
    const o = figures(ours, p.ours.entry);
    const b = figures(bare, p.bare.entry);
    console.log(
      JSON.stringify({
        bench: 'ack',
        platform: p.platform,
        cold_ratio: round2(o.import_ms / b.import_ms),
        p99_ratio: round2(o.p99_ms / b.p99_ms),
        targets: TARGETS,
        within_targets: o.import_ms / b.import_ms <= TARGETS.cold_ratio && o.p99_ms / b.p99_ms <= TARGETS.p99_ratio,
        ours: o,
        bare: b,
        rounds: ROUNDS,
        requests_per_round: 1 + WARMUP + ITERATIONS,
        cold: 'local import of the bundle in a fresh Node process, not a Lambda cold start',
      }),
    );
  }
} finally {
  await stub.close();
  await dynamo.close();
  rmSync(dir, { recursive: true, force: true });
}

const WORKERS = [
  ['worker', 'src/handlers/worker.ts'],
  ['training-events', 'src/handlers/training-events.ts'],
  ['sweeper', 'src/handlers/sweeper.ts'],
  ['web', 'src/handlers/web.ts'],
] as const;
for (const [name, entry] of WORKERS) {
  console.log(JSON.stringify({ bench: 'bundle', handler: name, ...(await measureBundle(entry)) }));
}
process.exit(0);
