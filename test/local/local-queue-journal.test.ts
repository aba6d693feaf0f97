import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalQueue } from '../../src/adapters/local/local-queue';
import { QueueJournal } from '../../src/adapters/local/queue-journal';
import type { Job } from '../../src/core/jobs';

const job = (id: string): Job => ({ type: 'notify', submissionId: id });
const idsOf = (e: SQSEvent) => e.Records.map((r) => (JSON.parse(r.body) as { submissionId: string }).submissionId);
const TIMEOUT_MS = 200;
const MAX_RECEIVES = 3;

let dir: string;
const logged: string[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'queue-journal-'));
  logged.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A queue over the journal in `dir`, as one run of `npm start` holds it. */
async function openQueue(consumer: (e: SQSEvent) => Promise<SQSBatchResponse>, dead: SQSEvent[] = []) {
  const q = new LocalQueue({
    visibilityTimeoutMs: TIMEOUT_MS,
    maxReceiveCount: MAX_RECEIVES,
    consumer,
    onDeadLetter: async (e) => {
      dead.push(e);
    },
    journal: new QueueJournal(dir, { info: () => {}, warn: () => {}, error: (m) => logged.push(m) }),
  });
  const restored = await q.restore();
  q.start();
  return { q, restored };
}

const acknowledge = async (): Promise<SQSBatchResponse> => ({ batchItemFailures: [] });
const messageFiles = () => readdirSync(dir).filter((f) => f.endsWith('.json'));
/** A worker that never answers: the process dies with the batch in its hands. */
const hang = (seen: SQSEvent[]) => (e: SQSEvent) => {
  seen.push(e);
  return new Promise<SQSBatchResponse>(() => {});
};
const until = async (check: () => boolean, timeoutMs = 2_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('LocalQueue with its journal (the SQS stand-in of `npm start`)', () => {
  it('has each message on disk once send resolves, and forgets it once acknowledged', async () => {
    const { q } = await openQueue(acknowledge);
    q.stop(); // nothing is received: only what send wrote is on disk
    await q.send([job('a'), job('b')]);
    expect(messageFiles()).toHaveLength(2);
    const bodies = messageFiles().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).body);
    expect(bodies.sort()).toEqual([JSON.stringify(job('a')), JSON.stringify(job('b'))]);
    q.start();
    await q.drain(2_000);
    await q.settle(1_000);
    expect(messageFiles()).toEqual([]);
    const again = await openQueue(acknowledge);
    expect(again.restored.messages).toBe(0);
    again.q.stop();
  });

  it('delivers again after a restart what a killed process had received but not acknowledged, once its visibility ran out', async () => {
    const seen: SQSEvent[] = [];
    const first = await openQueue(hang(seen));
    await first.q.send([job('in-flight')]);
    await until(() => seen.length === 1);
    const killedAt = Date.now();
    first.q.stop(); // the process is gone: nothing more is written

    const redelivered: { at: number; event: SQSEvent }[] = [];
    const second = await openQueue(async (e) => {
      redelivered.push({ at: Date.now(), event: e });
      return { batchItemFailures: [] };
    });
    expect(second.restored.messages).toBe(1);
    await second.q.drain(2_000);
    second.q.stop();
    expect(redelivered.flatMap((r) => idsOf(r.event))).toEqual(['in-flight']);
    expect(redelivered[0]!.event.Records[0]!.attributes.ApproximateReceiveCount).toBe('2');
    // Not before the dead worker's visibility (and its lease) ran out.
    expect(redelivered[0]!.at - killedAt).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
  });

  it('keeps a delayed message back until its due time across a restart', async () => {
    const first = await openQueue(acknowledge);
    const sentAt = Date.now();
    await first.q.send([job('later')], { delaySeconds: 0.4 });
    first.q.stop();
    const at: number[] = [];
    const second = await openQueue(async () => {
      at.push(Date.now());
      return { batchItemFailures: [] };
    });
    await second.q.drain(2_000);
    second.q.stop();
    expect(at).toHaveLength(1);
    expect(at[0]! - sentAt).toBeGreaterThanOrEqual(390);
  });

  it('counts receives across restarts: a message that kills its worker every time ends dead-lettered', async () => {
    const dead: SQSEvent[] = [];
    for (let run = 1; run <= MAX_RECEIVES; run++) {
      const seen: SQSEvent[] = [];
      const { q } = await openQueue(hang(seen), dead);
      if (run === 1) await q.send([job('poison')]);
      await until(() => seen.length === 1, 3_000);
      expect(seen[0]!.Records[0]!.attributes.ApproximateReceiveCount).toBe(String(run));
      q.stop();
    }
    const { q } = await openQueue(acknowledge, dead);
    await q.drain(3_000);
    q.stop();
    await q.settle(1_000);
    expect(dead.flatMap(idsOf)).toEqual(['poison']);
    expect(messageFiles()).toEqual([]);
    expect(readdirSync(join(dir, 'dead'))).toHaveLength(1);
    const after = await openQueue(acknowledge, dead);
    after.q.stop();
    expect(after.restored).toEqual({ messages: 0, deadLetters: 1 });
    expect(after.q.deadLetters.map((d) => d.receiveCount)).toEqual([MAX_RECEIVES]);
  });

  it('keeps an extended visibility across a restart', async () => {
    const seen: SQSEvent[] = [];
    const first = await openQueue(hang(seen));
    await first.q.send([job('slow')]);
    await until(() => seen.length === 1);
    await first.q.changeVisibility(seen[0]!.Records[0]!.receiptHandle, 600);
    const extendedAt = Date.now();
    first.q.stop();
    const at: number[] = [];
    const second = await openQueue(async () => {
      at.push(Date.now());
      return { batchItemFailures: [] };
    });
    await second.q.drain(3_000);
    second.q.stop();
    expect(at[0]! - extendedAt).toBeGreaterThanOrEqual(590);
  });

  it('sets an unreadable message file aside with an error logged, drops unfinished temp files, and delivers the rest', async () => {
    const first = await openQueue(acknowledge);
    first.q.stop();
    await first.q.send([job('fine')]);
    writeFileSync(join(dir, '0b7d3a52-3f7e-4c55-9a3c-2f1e2d6c4b10.json'), '{"messageId": "0b7d3a52-3f7e-4c5');
    writeFileSync(join(dir, 'whatever.json.123.abc.tmp'), 'half a write');
    const delivered: string[] = [];
    const second = await openQueue(async (e) => {
      delivered.push(...idsOf(e));
      return { batchItemFailures: [] };
    });
    await second.q.drain(2_000);
    second.q.stop();
    expect(delivered).toEqual(['fine']);
    expect(logged).toEqual(['queued message unreadable; set aside']);
    expect(existsSync(join(dir, '0b7d3a52-3f7e-4c55-9a3c-2f1e2d6c4b10.json.unreadable'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('on stop, lets the batches in flight finish, and keeps for the next start a failure that happened while stopping', async () => {
    let release: (r: SQSBatchResponse) => void = () => {};
    const seen: SQSEvent[] = [];
    const { q } = await openQueue(async (e) => {
      seen.push(e);
      const failure = { batchItemFailures: [{ itemIdentifier: e.Records[0]!.messageId }] };
      if (seen.length < MAX_RECEIVES) return failure;
      // Its last allowed receive: this failure, while running, would dead-letter it.
      return new Promise<SQSBatchResponse>((r) => {
        release = () => r(failure);
      });
    });
    await q.send([job('a')]);
    await until(() => seen.length === MAX_RECEIVES);
    q.stop();
    const settled = q.settle(2_000);
    setTimeout(() => release({ batchItemFailures: [] }), 50);
    expect(await settled).toBe(0);
    expect(q.deadLetters).toEqual([]);
    expect(messageFiles()).toHaveLength(1);
  });

  it('on stop, gives up waiting after the grace period and leaves the unanswered batch on disk', async () => {
    const seen: SQSEvent[] = [];
    const { q } = await openQueue(hang(seen));
    await q.send([job('long')]);
    await until(() => seen.length === 1);
    q.stop();
    expect(await q.settle(50)).toBe(1);
    expect(messageFiles()).toHaveLength(1);
  });
});
