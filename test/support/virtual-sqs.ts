import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Job } from '../../src/core/jobs';
import type { Clock, JobQueue } from '../../src/core/ports';

/** A clock the test moves by hand. */
export class VirtualClock implements Clock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
}

interface Message {
  id: string;
  body: string;
  visibleAt: number;
  receiveCount: number;
}

/**
 * SQS on a virtual clock, for tests of waits that take hours: a delay or a visibility timeout moves
 * time, not the test. Deliveries one at a time; a failed message comes back after the visibility
 * timeout and moves to `deadLetters` on its `maxReceiveCount`-th receive, as SQS's redrive policy does.
 */
export class VirtualSqs implements JobQueue {
  readonly deadLetters: string[] = [];
  readonly sent: Job[] = [];
  private readonly messages: Message[] = [];
  private next = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly options: { visibilityTimeoutMs: number; maxReceiveCount: number },
  ) {}

  async send(jobs: Job[], options: { delaySeconds?: number } = {}): Promise<void> {
    if ((options.delaySeconds ?? 0) > 900) throw new Error('SQS refuses a delay over 900 seconds');
    for (const job of jobs) {
      this.sent.push(job);
      this.messages.push({
        id: `m${this.next++}`,
        body: JSON.stringify(job),
        visibleAt: this.clock.ms + (options.delaySeconds ?? 0) * 1000,
        receiveCount: 0,
      });
    }
  }

  /** Delivers messages in order of visibility, moving the clock, until none is left (or `maxDeliveries`). */
  async run(worker: (e: SQSEvent) => Promise<SQSBatchResponse>, maxDeliveries = 10_000): Promise<number> {
    let deliveries = 0;
    while (this.messages.length && deliveries < maxDeliveries) {
      this.messages.sort((a, b) => a.visibleAt - b.visibleAt);
      const m = this.messages[0]!;
      this.clock.ms = Math.max(this.clock.ms, m.visibleAt);
      m.receiveCount++;
      m.visibleAt = this.clock.ms + this.options.visibilityTimeoutMs;
      deliveries++;
      const r = await worker({ Records: [record(m)] });
      if (!r.batchItemFailures.length) {
        this.messages.splice(this.messages.indexOf(m), 1);
      } else if (m.receiveCount >= this.options.maxReceiveCount) {
        this.messages.splice(this.messages.indexOf(m), 1);
        this.deadLetters.push(m.body);
      }
    }
    return deliveries;
  }
}

const record = (m: Message): SQSRecord => ({
  messageId: m.id,
  receiptHandle: `${m.id}#${m.receiveCount}`,
  body: m.body,
  attributes: {
    ApproximateReceiveCount: String(m.receiveCount),
    SentTimestamp: '0',
    SenderId: 'virtual',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-west-2:123456789012:league-jobs',
  awsRegion: 'us-west-2',
});
