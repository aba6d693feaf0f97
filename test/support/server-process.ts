import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/local/paths';

/** `npm start` in a child process, on a free port and its own data folder. */
export interface ServerProcess {
  port: number;
  base: string;
  dataDir: string;
  /** The playground token read from the start banner's link (absent when the playground is off). */
  token?: string;
  output(): string;
  child: ChildProcess;
  /** Ends the process; `signal` SIGKILL simulates a crash. Keeps the data folder unless `remove`. */
  stop(options?: { signal?: NodeJS.Signals; remove?: boolean }): Promise<void>;
}

function groupKill(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Resolves once no process of the server's group is left (the data folder is free again). */
async function groupGone(child: ChildProcess) {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(-child.pid!, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  groupKill(child);
}

/** A port nothing listens on right now, as the system hands them out. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

type SpawnOptions = { dataDir?: string; port?: number; timeoutMs?: number };

/**
 * Starts `src/local/server.ts` as `npm start` does and waits for /health and the start banner. On a
 * free port unless `port` is given; another process taking that port meanwhile means another try.
 */
export async function spawnServer(
  env: Record<string, string> = {},
  options: SpawnOptions = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'league-start-'));
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOn(options.port ?? (await freePort()), dataDir, env, options);
    } catch (e) {
      const taken = e instanceof Error && /EADDRINUSE/.test(e.message);
      if (!taken || options.port || attempt === 3) {
        if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
        throw e;
      }
    }
  }
}

async function spawnOn(
  port: number,
  dataDir: string,
  env: Record<string, string>,
  options: SpawnOptions,
): Promise<ServerProcess> {
  // As package.json's `start` runs it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/server.ts'], {
    cwd: projectRoot(),
    env: { ...process.env, PORT: String(port), LEAGUE_DATA_DIR: dataDir, ...env },
    stdio: 'pipe',
    // Its own process group: a crash takes anything the server started with it.
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stop: ServerProcess['stop'] = async ({ signal = 'SIGTERM', remove = false } = {}) => {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      if (signal === 'SIGKILL') groupKill(child);
      else child.kill(signal);
      await gone;
    }
    await groupGone(child);
    if (remove) rmSync(dataDir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  while (Date.now() < deadline && !exited) {
    const status = await fetch(`${base}/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 && /health/.test(out)) {
      const token = /\/\?token=(\S+)/.exec(out)?.[1];
      return { port, base, dataDir, token, output: () => out, child, stop };
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`npm start did not come up on port ${port}:\n${out}`);
}
