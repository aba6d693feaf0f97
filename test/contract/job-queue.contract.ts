import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../src/core/errors';
import type { Job } from '../../src/core/jobs';
import type { JobQueue } from '../../src/core/ports';

/** A queue under test and a view of what its consumer (the worker) receives. */
export interface QueueUnderTest {
  queue: JobQueue;
  /**
   * Every delivery so far, once the queue is idle: the job as the worker reads it and how long after
   * its send it could first be received.
   */
  delivered(): Promise<{ job: Job; delayMs: number }[]>;
  /** Makes the queue refuse what is sent from now on (for queues that can be unavailable). */
  outage(): void;
  close(): Promise<void>;
}

const jobs: Job[] = [
  { type: 'ingest', submissionId: 's1' },
  { type: 'train', submissionId: 's1' },
  { type: 'training-finished', jobName: 'league-s1', status: 'Failed', failureReason: 'CUDA out of memory: “ünïcode”' },
  ...Array.from({ length: 20 }, (_, chunk): Job => ({ type: 'judge', submissionId: 's2', chunk })),
];
const key = (j: Job) => JSON.stringify(j);
const distinct = (list: Job[]) => [...new Set(list.map(key))].sort();

/** What every JobQueue promises (see the port): at-least-once delivery of each job sent, unchanged. */
export function jobQueueContract(
  name: string,
  build: () => Promise<QueueUnderTest>,
  options: { canBeUnavailable: boolean },
): void {
  describe(`JobQueue contract: ${name}`, () => {
    let q: QueueUnderTest;
    beforeEach(async () => {
      q = await build();
    });
    afterEach(async () => {
      await q.close();
    });

    it('delivers every job sent, unchanged, at least once', async () => {
      await q.queue.send(jobs);
      expect(distinct((await q.delivered()).map((d) => d.job))).toEqual(distinct(jobs));
    });

    it('delivers nothing for an empty send', async () => {
      await q.queue.send([]);
      expect(await q.delivered()).toEqual([]);
    });

    it('holds back a delayed send for at least the delay asked for', async () => {
      await q.queue.send([jobs[0]!], { delaySeconds: 0.2 });
      await q.queue.send([jobs[1]!]);
      const delivered = await q.delivered();
      expect(distinct(delivered.map((d) => d.job))).toEqual(distinct([jobs[0]!, jobs[1]!]));
      for (const d of delivered.filter((d) => key(d.job) === key(jobs[0]!)))
        expect(d.delayMs).toBeGreaterThanOrEqual(190);
    });

    it.runIf(options.canBeUnavailable)(
      'rejects with a TransientError when the queue is unavailable, so the caller is retried',
      async () => {
        q.outage();
        await expect(q.queue.send(jobs.slice(0, 3))).rejects.toBeInstanceOf(TransientError);
      },
    );
  });
}
