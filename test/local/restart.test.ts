import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/commands';
import { loadConfig } from '../../src/core/config';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import { openDemoRound } from '../../src/local/demo-round';
import { startLocalLeague } from '../../src/local/league';
import { examplesDir } from '../../src/local/paths';
import { resultDms } from '../support/league';
import { type ServerProcess, spawnServer } from '../support/server-process';

/**
 * `npm start` killed and started again on the same data folder: every submission still ends final,
 * with one result DM, and the playground shows what it showed before.
 */

const TOKEN = 'restart-test-playground-token';
const MEMBERS = ['alice', 'bob', 'carol'] as const;
const userOf = (name: string) => `local:demo:${name}`;
const ENV = {
  LEAGUE_PLAYGROUND_TOKEN: TOKEN,
  // Each offline step takes long enough to be caught in the middle of it.
  LEAGUE_OFFLINE_DELAY_MS: '700',
  JUDGE_CHUNK_SIZE: '5',
  // A dead worker's jobs come back 1.5 timeouts after their last extension.
  QUEUE_VISIBILITY_TIMEOUT_MS: '2000',
};

interface Entry {
  id: string;
  conversation: string;
  message: { text: string; blocks: unknown[] };
  at: string;
  editedAt?: string;
}
interface State {
  version: number;
  channel: Entry[];
  dms: Entry[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = async (server: ServerProcess, path: string, init: RequestInit = {}): Promise<any> => {
  const res = await fetch(`${server.base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, ...init.headers },
  });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
const stateOf = (server: ServerProcess, name: string, since = -1): Promise<State> =>
  api(server, `/api/state?user=${userOf(name)}&since=${since}`);

async function submit(server: ServerProcess, name: string, file: string, body: string | Buffer): Promise<string> {
  const reply = await api(server, `/api/command?user=${userOf(name)}&text=submit&file=${file}`, {
    method: 'POST',
    body,
  });
  const id = /as submission (\w+)/.exec(reply.message.text)?.[1];
  if (!id) throw new Error(`no submission in ${reply.message.text}`);
  return id;
}

/** The progress DM's stage label (its fallback text reads `Submission <id>: <stage>`). */
const stageIn = (state: State, id: string) =>
  state.dms.find((e) => e.message.text.startsWith(`Submission ${id}: `))?.message.text.split(': ')[1];

/** Waits, following the page's long poll, until `name`'s DMs satisfy `done`. */
async function waitFor(
  server: ServerProcess,
  name: string,
  done: (s: State) => boolean,
  what: string,
  timeoutMs = 90_000,
): Promise<State> {
  const deadline = Date.now() + timeoutMs;
  let state = await stateOf(server, name);
  while (!done(state)) {
    if (Date.now() > deadline)
      throw new Error(
        `${what} not reached: ${JSON.stringify(state.dms.map((e) => e.message.text))}\n${server.output()}`,
      );
    state = await stateOf(server, name, state.version);
  }
  return state;
}

/** What the playground shows every member: the channel and each one's DMs. */
async function everything(server: ServerProcess): Promise<Record<string, Entry[]>> {
  const all: Record<string, Entry[]> = { channel: (await stateOf(server, 'alice')).channel };
  for (const m of MEMBERS) all[m] = (await stateOf(server, m)).dms;
  return all;
}

/** Every message shown before is shown after, in the same place, unchanged unless edited since. */
function expectKept(before: Record<string, Entry[]>, after: Record<string, Entry[]>) {
  for (const [where, entries] of Object.entries(before)) {
    const now = new Map(after[where]!.map((e) => [e.id, e]));
    for (const e of entries) {
      const kept = now.get(e.id);
      expect(kept, `${where}: ${e.message.text}`).toBeDefined();
      expect(kept!.conversation).toBe(e.conversation);
      expect(kept!.at).toBe(e.at);
      if (kept!.editedAt === e.editedAt) expect(kept!.message).toEqual(e.message);
    }
  }
}

let servers: ServerProcess[] = [];
afterEach(async () => {
  for (const s of servers) await s.stop({ signal: 'SIGKILL' });
  if (servers[0]) rmSync(servers[0].dataDir, { recursive: true, force: true });
  servers = [];
});

async function start(dataDir?: string, port?: number, env: Record<string, string> = {}) {
  const server = await spawnServer({ ...ENV, ...env }, { dataDir, port, timeoutMs: 60_000 });
  servers.push(server);
  return server;
}

describe('npm start survives being killed', () => {
  it('killed mid-validation, mid-training and mid-judging, ends every submission with one result DM, and keeps the chat', async () => {
    let server = await start();
    const { dataDir, port } = server;
    const dataset = (name: string) => readFileSync(join(examplesDir(), 'datasets', name));
    const alice = await submit(server, 'alice', 'strong.jsonl', dataset('strong.jsonl'));
    const bob = await submit(server, 'bob', 'medium.jsonl', dataset('medium.jsonl'));
    const broken = `${dataset('poor.jsonl').toString().trim()}\n{"instruction": "cut short`;
    const carol = await submit(server, 'carol', 'broken.jsonl', broken);
    const submissions = { alice, bob, carol };

    for (const stage of ['Validating dataset', 'Fine-tuning', 'Being judged']) {
      await waitFor(server, 'alice', (s) => stageIn(s, alice) === stage, `alice ${stage}`);
      const before = await everything(server);
      expect(stageIn({ version: 0, channel: [], dms: before.alice! }, alice)).toBe(stage);
      await server.stop({ signal: 'SIGKILL' });
      server = await start(dataDir, port);
      expect(server.output()).toMatch(/resumed\s+\d+ queued job/);
      expectKept(before, await everything(server));
    }

    for (const [name, id] of Object.entries(submissions))
      await waitFor(
        server,
        name,
        (s) => ['Scored', 'Dataset rejected'].includes(stageIn(s, id) ?? '') && resultDms(s.dms).length > 0,
        `${name} final`,
      );
    // Whatever was still on its way (a duplicate result DM, say) has had its chance.
    await new Promise((r) => setTimeout(r, 3_000));
    const final = await everything(server);
    for (const [name, id] of Object.entries(submissions)) {
      const dms = final[name]!;
      expect(
        dms.filter((e) => e.message.text.startsWith(`Submission ${id}: `)),
        `${name}'s progress message`,
      ).toHaveLength(1);
      expect(
        resultDms(dms).map((e) => e.message.text),
        `${name}'s result DMs`,
      ).toHaveLength(1);
    }
    expect(stageIn({ version: 0, channel: [], dms: final.alice! }, alice)).toBe('Scored');
    expect(stageIn({ version: 0, channel: [], dms: final.carol! }, carol)).toBe('Dataset rejected');
    // The question ids an appeal needs are in the result DM, after every restart.
    expect(JSON.stringify(resultDms(final.alice!))).toMatch(/\bq\d{2}\b/);
    expect(readdirSync(join(dataDir, 'queue', 'dead'))).toEqual([]);

    // Stopped and started once more with nothing running: exactly the same channel and DMs.
    await server.stop({ signal: 'SIGTERM' });
    server = await start(dataDir, port);
    expect(await everything(server)).toEqual(final);
  }, 300_000);

  it('on SIGTERM finishes the job in progress before exiting, leaving only the next step queued', async () => {
    const server = await start();
    const id = await submit(
      server,
      'alice',
      'strong.jsonl',
      readFileSync(join(examplesDir(), 'datasets', 'strong.jsonl')),
    );
    await waitFor(server, 'alice', (s) => stageIn(s, id) === 'Validating dataset', 'validating');
    const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(server.output()).toMatch(/Finishing the jobs in progress/);
    const queued = readdirSync(join(server.dataDir, 'queue'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(JSON.parse(readFileSync(join(server.dataDir, 'queue', f), 'utf8')).body).type);
    // The validation finished (no ingest left), and training waits for the next start.
    expect(queued).not.toContain('ingest');
    expect(queued).toContain('train');
  }, 120_000);

  it('runs the sweeper: a submission whose job was lost (the process died before queueing it) still ends scored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'league-start-'));
    const config = loadConfig({ LEAGUE_DATA_DIR: dataDir });
    // The process that took the submission died between writing it and queueing its job.
    const lost = await startLocalLeague({ config, override: (deps) => ({ ...deps, queue: { send: async () => {} } }) });
    await openDemoRound(lost.deps);
    const body = readFileSync(join(examplesDir(), 'datasets', 'strong.jsonl'));
    await lost.deps.blobs.put('uploads/lost/strong.jsonl', body);
    const reply = await handleCommand(
      lost.deps,
      { userId: userOf('alice'), channel: 'local:league', isOrganizer: false },
      parseCommand('submit'),
      { name: 'strong.jsonl', size: body.byteLength, blobKey: 'uploads/lost/strong.jsonl' },
    );
    const id = /as submission (\w+)/.exec(reply.message.text)![1]!;
    const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await lost.deps.store.patchSubmission(id, { updatedAt: longAgo });
    await lost.close();

    const server = await start(dataDir, undefined, { LEAGUE_SWEEP_EVERY_SECONDS: '1', LEAGUE_OFFLINE_DELAY_MS: '0' });
    await waitFor(server, 'alice', (s) => stageIn(s, id) === 'Scored' && resultDms(s.dms).length > 0, 'scored');
    expect(resultDms((await stateOf(server, 'alice')).dms)).toHaveLength(1);
  }, 120_000);
});
