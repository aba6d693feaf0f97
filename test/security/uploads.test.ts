import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utcDay } from '../../src/core/services/context';
import { DEMO_ORGANIZER, organizerActor } from '../../src/local/demo-round';
import { createLocalHttpHandler } from '../../src/local/http-app';
import { examplesDir } from '../../src/local/paths';
import { startTestLeague, type TestLeague } from '../support/league';

const TOKEN = 'uploads-test-token-0123456';
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ instruction: `What is budgeting tip ${i}?`, response: `Tip ${i}: write the budget down first.` }),
  ).join('\n');

/** Every file under the blob store's uploads, temporary files included. */
const storedUploads = (league: TestLeague): string[] => {
  try {
    return readdirSync(join(league.dataDir, 'blobs', 'uploads'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
  } catch {
    return [];
  }
};

describe('playground uploads are checked before anything is stored', () => {
  let league: TestLeague;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    league = await startTestLeague();
    server = createServer(
      createLocalHttpHandler(league, { organizers: [DEMO_ORGANIZER], playground: { token: TOKEN } }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await league.close();
  });

  const send = async (
    user: string,
    text: string,
    file?: { name: string; body: RequestInit['body']; chunked?: boolean },
  ) => {
    const params = new URLSearchParams({ user: `local:demo:${user}`, text });
    if (file) params.set('file', file.name);
    const res = await fetch(`${base}/api/command?${params}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: file?.body,
      ...(file?.chunked ? { duplex: 'half' } : {}),
    } as RequestInit);
    return { status: res.status, text: ((await res.json()) as { message: { text: string } }).message.text };
  };

  it('a file attached to a command that takes none is refused and not kept', async () => {
    const reply = await send('alice', 'help', { name: 'data.jsonl', body: rows(25) });
    expect(reply.text).toMatch(/`help` takes no file/);
    expect(storedUploads(league)).toEqual([]);
  });

  it('a file of the wrong type, or past the round limit by its declared size, is refused and not kept', async () => {
    expect((await send('alice', 'submit', { name: 'data.csv', body: 'a,b\n1,2' })).text).toMatch(/not a JSON Lines/);
    await league.run(organizerActor(), 'round open name="Tiny" max_mb=0.01 id=tiny');
    await league.run(organizerActor(), 'round close demo');
    const big = await send('alice', 'submit tiny', { name: 'big.jsonl', body: rows(2000) });
    expect(big.text).toMatch(/this round takes at most 0\.0 MB|limit/);
    expect(storedUploads(league)).toEqual([]);
  });

  it('an oversize chunked upload (no declared size) is cut off, leaving no file or temporary file', async () => {
    await league.run(organizerActor(), 'round open name="Chunky" max_mb=0.2 id=chunky');
    await league.run(organizerActor(), 'round close tiny');
    const chunk = new TextEncoder().encode(`${rows(200)}\n`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    // With questions loaded (read from the request, never stored), submit gets as far as the bytes.
    const questions = readFileSync(join(examplesDir(), 'demo-round', 'questions.jsonl'));
    const loaded = await send('organizer', 'round questions chunky', { name: 'questions.jsonl', body: questions });
    expect(loaded.text).toMatch(/Loaded \d+ hidden questions/);
    expect(storedUploads(league)).toEqual([]);
    const reply = await send('alice', 'submit chunky', { name: 'big.jsonl', body: stream, chunked: true });
    expect(reply.text).toMatch(/larger than the 0\.2 MB limit/);
    expect((await send('alice', 'status')).text).not.toMatch(/big\.jsonl/); // no submission, quota refunded
    expect(storedUploads(league)).toEqual([]);
  });
});

describe('concurrent submits beyond the quota', () => {
  let league: TestLeague;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    league = await startTestLeague();
    league.queue.stop(); // the pipeline's own copies are not what is counted here
    server = createServer(
      createLocalHttpHandler(league, { organizers: [DEMO_ORGANIZER], playground: { token: TOKEN } }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await league.close();
  });

  it('store only the files of the submissions the quota admits', async () => {
    const body = rows(25);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/api/command?user=local:demo:zoe&text=submit&file=mine.jsonl`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}` },
          body,
        }).then(async (r) => ((await r.json()) as { message: { text: string } }).message.text),
      ),
    );
    const accepted = replies.filter((t) => /Received mine\.jsonl/.test(t));
    expect(accepted).toHaveLength(5); // the demo round's daily quota
    expect(replies.filter((t) => /used all 5 submissions/.test(t))).toHaveLength(15);
    expect(storedUploads(league)).toHaveLength(5);
  });

  it('to a named round (charged while it is read): the quota admits as many, and the count settles at it', async () => {
    const before = storedUploads(league).length;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/api/command?user=local:demo:yan&text=${encodeURIComponent('submit demo')}&file=mine.jsonl`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}` },
          body: rows(25),
        }).then(async (r) => ((await r.json()) as { message: { text: string } }).message.text),
      ),
    );
    expect(replies.filter((t) => /Received mine\.jsonl/.test(t))).toHaveLength(5);
    expect(replies.filter((t) => /used all 5 submissions/.test(t))).toHaveLength(15);
    expect(storedUploads(league).length - before).toBe(5);
    expect(await league.deps.store.quotaUsed('demo', 'local:demo:yan', utcDay(new Date()))).toBe(5);
  });
});
