import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBundle, lambdaOutput } from '../../bench/bundle';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../src/adapters/local/embedded-dynamo';
import { projectRoot } from '../../src/local/paths';
import { FORM, SIGNING_SECRET, signed, slashBody } from './support';

// Two levels below the project root, so that the bundle finds the example files as deployed code would.
const dir = join(projectRoot(), '.league', `bundle-test-${process.pid}`);

describe('the bundled Slack Lambda', () => {
  let dynamo: EmbeddedDynamo | undefined;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dynamo?.close();
  });

  it('answers a signed /league help and refuses a forged one, without the unused Slack transports', async () => {
    mkdirSync(dir, { recursive: true });
    // Every Slack request is recorded once in the table (replays answer from the record).
    dynamo = await startEmbeddedDynamo({ tableName: 'league' });
    const outfile = lambdaOutput('src/handlers/slack-events.ts', dir);
    const result = await build({ ...lambdaBundle('src/handlers/slack-events.ts', dir), metafile: true });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((p) => p.includes('node_modules/@slack/socket-mode/'))).toBe(false);
    expect(inputs.some((p) => p.includes('node_modules/express/'))).toBe(false);

    const event = (req: { headers: Record<string, string>; rawBody: string }) => ({
      body: req.rawBody,
      isBase64Encoded: false,
      headers: req.headers,
      httpMethod: 'POST',
      path: '/slack/events',
      requestContext: {},
    });
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(outfile).href)});
      const events = JSON.parse(process.argv[1]);
      const out = [];
      for (const e of events) out.push(await handler(e, {}));
      process.stdout.write(JSON.stringify(out));`;
    const events = [
      event(signed(slashBody('help'), FORM)),
      event(signed(slashBody('help'), FORM, { secret: 'forged' })),
    ];
    // Asynchronously: the table answers from this process while the bundle runs.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(events)],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_BOT_TOKEN: 'xoxb-bundle-test',
          AWS_REGION: 'us-east-1',
          LEAGUE_MODE: 'aws',
          QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/league',
          BUCKET_NAME: 'league',
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
      },
    );
    const [ok, forged] = JSON.parse(stdout) as { statusCode: number; body: string }[];
    expect(ok!.statusCode).toBe(200);
    expect(JSON.parse(ok!.body)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('LLM League commands'),
    });
    expect(forged!.statusCode).toBe(401);
  }, 60_000);
});
