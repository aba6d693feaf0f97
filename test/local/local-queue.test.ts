import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalQueue } from '../../src/adapters/local/local-queue';
import type { Job } from '../../src/core/jobs';

const job = (id: string): Job => ({ type: 'notify', submissionId: id });
const ids = (e: SQSEvent) => e.Records.map((r) => (JSON.parse(r.body) as { submissionId: string }).submissionId);

function queueWith(
  consumer: (e: SQSEvent) => Promise<SQSBatchResponse>,
  extra: Partial<ConstructorParameters<typeof LocalQueue>[0]> = {},
) {
  const dead: SQSEvent[] = [];
  const q = new LocalQueue({
    visibilityTimeoutMs: 30,
    maxReceiveCount: 3,
    consumer,
    onDeadLetter: async (e) => {
      dead.push(e);
    },
    ...extra,
  });
  q.start();
  return { q, dead };
}

describe('LocalQueue (SQS stand-in)', () => {
  it('delivers SQS-shaped records and deletes the ones that succeed', async () => {
    const seen: SQSEvent[] = [];
    const { q } = queueWith(async (e) => {
      seen.push(e);
      return { batchItemFailures: [] };
    });
    await q.send([job('a'), job('b')]);
    await q.drain(2000);
    q.stop();
    const record = seen[0]!.Records[0]!;
    expect(record.eventSource).toBe('aws:sqs');
    expect(record.attributes.ApproximateReceiveCount).toBe('1');
    expect(seen.flatMap(ids).sort()).toEqual(['a', 'b']);
    expect(q.depth).toBe(0);
  });

  it('redelivers a failed record after the visibility timeout, with a higher receive count', async () => {
    const counts: string[] = [];
    let failOnce = true;
    const { q } = queueWith(async (e) => {
      counts.push(...e.Records.map((r) => r.attributes.ApproximateReceiveCount));
      if (failOnce) {
        failOnce = false;
        return { batchItemFailures: [{ itemIdentifier: e.Records[0]!.messageId }] };
      }
      return { batchItemFailures: [] };
    });
    const started = Date.now();
    await q.send([job('x')]);
    await q.drain(2000);
    q.stop();
    expect(counts).toEqual(['1', '2']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(q.deadLetters).toHaveLength(0);
  });

  it('moves a record that keeps failing to the dead-letter list after maxReceiveCount receives', async () => {
    let calls = 0;
    const { q, dead } = queueWith(async (e) => {
      calls++;
      return { batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    await q.send([job('doomed')]);
    await q.drain(2000);
    q.stop();
    expect(calls).toBe(3);
    expect(q.deadLetters).toEqual([expect.objectContaining({ receiveCount: 3 })]);
    expect(ids(dead[0]!)).toEqual(['doomed']);
  });

  it('treats a thrown batch as a failure of every record in it', async () => {
    let calls = 0;
    const { q } = queueWith(async () => {
      calls++;
      if (calls === 1) throw new Error('crash');
      return { batchItemFailures: [] };
    });
    await q.send([job('a')]);
    await q.drain(2000);
    q.stop();
    expect(calls).toBe(2);
  });

  it('duplicates deliveries at the configured rate, as SQS may', async () => {
    const seen: string[] = [];
    const { q } = queueWith(
      async (e) => {
        seen.push(...ids(e));
        return { batchItemFailures: [] };
      },
      { duplicateRate: 1 },
    );
    await q.send([job('a'), job('b')]);
    await q.drain(2000);
    q.stop();
    expect(seen.sort()).toEqual(['a', 'a', 'b', 'b']);
    expect(q.stats.duplicates).toBe(2);
  });

  it('keeps a record in flight invisible past its timeout while its visibility is extended, as SQS ChangeMessageVisibility does', async () => {
    const receives: string[] = [];
    let q: LocalQueue | undefined;
    ({ q } = queueWith(async (e) => {
      const record = e.Records[0]!;
      receives.push(record.receiptHandle);
      // Three times the 30 ms timeout, extended every 10 ms.
      for (let i = 0; i < 9; i++) {
        await new Promise((r) => setTimeout(r, 10));
        await q!.changeVisibility(record.receiptHandle, 30);
      }
      return { batchItemFailures: [] };
    }));
    await q.send([job('slow')]);
    await q.drain(2000);
    q.stop();
    expect(receives).toHaveLength(1);
    await expect(q.changeVisibility(receives[0]!, 30)).rejects.toThrow(/not in flight/);
  });

  it('refuses to extend with the handle of an earlier receive', async () => {
    const handles: string[] = [];
    let q: LocalQueue | undefined;
    let refused: unknown;
    ({ q } = queueWith(async (e) => {
      handles.push(e.Records[0]!.receiptHandle);
      if (handles.length === 1) return { batchItemFailures: [{ itemIdentifier: e.Records[0]!.messageId }] };
      refused = await q!.changeVisibility(handles[0]!, 30).catch((err: unknown) => err);
      return { batchItemFailures: [] };
    }));
    await q.send([job('again')]);
    await q.drain(2000);
    q.stop();
    expect(handles).toHaveLength(2);
    expect(refused).toBeInstanceOf(Error);
  });

  it('honours a send delay', async () => {
    const at: number[] = [];
    const { q } = queueWith(async () => {
      at.push(Date.now());
      return { batchItemFailures: [] };
    });
    const t0 = Date.now();
    await q.send([job('later')], { delaySeconds: 0.1 });
    await q.drain(2000);
    q.stop();
    expect(at[0]! - t0).toBeGreaterThanOrEqual(90);
  });
});
