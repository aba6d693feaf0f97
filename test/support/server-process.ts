import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

const randomPort = () => 20000 + Math.floor(Math.random() * 20000);

/** Starts `src/local/server.ts` as `npm start` does and waits for /health and the start banner. */
export async function spawnServer(
  env: Record<string, string> = {},
  options: { dataDir?: string; port?: number; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'league-start-'));
  const port = options.port ?? randomPort();
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
  await stop({ remove: !options.dataDir });
  throw new Error(`npm start did not come up on port ${port}:\n${out}`);
}
