import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { TransientError } from '../../core/errors';
import type { Job } from '../../core/jobs';
import type { JobQueue, Logger } from '../../core/ports';
import type { JournalEntry, QueueJournal } from './queue-journal';

/** A message as the dead-letter list keeps it. */
export interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
}

export interface LocalQueueOptions {
  /** How long a received message stays invisible before it is delivered again. */
  visibilityTimeoutMs: number;
  /** After this many receives a failing message moves to the dead-letter list (SQS redrive policy). */
  maxReceiveCount: number;
  batchSize?: number;
  /** Batches handled at once, like Lambda's concurrency for an event source (4 by default). */
  concurrency?: number;
  /** Share of deliveries handed over a second time, as SQS may do (0 by default). */
  duplicateRate?: number;
  random?: () => number;
  /** The worker: an SQS-shaped batch in, partial batch failures out. */
  consumer: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** Receives each dead letter, as a Lambda on the DLQ would. */
  onDeadLetter?: (event: SQSEvent) => Promise<unknown>;
  queueArn?: string;
  /** Keeps every message on disk until it is acknowledged, so a restarted process delivers it again. */
  journal?: QueueJournal;
  log?: Logger;
}

type Message = JournalEntry;

const receiptHandleOf = (m: Message) => `${m.messageId}#${m.receiveCount}`;

/**
 * Stand-in for SQS in one process: at-least-once delivery in batches to the same worker handler that
 * Lambda runs, with a visibility timeout, redelivery of failed records, optional duplicate delivery,
 * and a dead-letter list after `maxReceiveCount` receives. With a journal, a message is on disk before
 * `send` resolves and until it is acknowledged, its receives and visibility with it; `restore` brings
 * back what a stopped or killed process left.
 */
export class LocalQueue implements JobQueue {
  readonly deadLetters: DeadLetter[] = [];
  readonly stats = { sent: 0, delivered: 0, duplicates: 0, failures: 0 };
  private readonly messages = new Map<string, Message>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private readonly random: () => number;
  private readonly arn: string;

  constructor(private readonly options: LocalQueueOptions) {
    this.random = options.random ?? Math.random;
    this.arn = options.queueArn ?? 'arn:aws:sqs:local:000000000000:league-jobs';
  }

  async send(jobs: Job[], options: { delaySeconds?: number } = {}): Promise<void> {
    const now = Date.now();
    const added: Message[] = jobs.map((job) => ({
      messageId: randomUUID(),
      body: JSON.stringify(job),
      receiveCount: 0,
      visibleAt: now + (options.delaySeconds ?? 0) * 1000,
      sentAt: now,
    }));
    if (this.options.journal) {
      const journal = this.options.journal;
      try {
        await Promise.all(added.map((m) => journal.save(m)));
      } catch (e) {
        await Promise.all(added.map((m) => journal.remove(m.messageId))).catch(() => undefined);
        throw new TransientError(`The local queue could not store the jobs: ${(e as Error).message}`);
      }
    }
    for (const m of added) this.messages.set(m.messageId, m);
    this.stats.sent += added.length;
    this.schedule(0);
  }

  /**
   * Takes back what the journal holds (call before `start`). A message a worker had received comes
   * back once its visibility has run out, and half a timeout later still: a job's lease is renewed
   * on its own timer, and a delivery while the dead worker's lease is held would be acknowledged
   * without work.
   */
  async restore(): Promise<{ messages: number; deadLetters: number }> {
    if (!this.options.journal) return { messages: 0, deadLetters: 0 };
    const { messages, dead } = await this.options.journal.load();
    for (const m of messages) {
      if (m.receiveCount > 0) m.visibleAt += this.options.visibilityTimeoutMs / 2;
      this.messages.set(m.messageId, m);
    }
    for (const d of dead) this.deadLetters.push({ messageId: d.messageId, body: d.body, receiveCount: d.receiveCount });
    return { messages: messages.length, deadLetters: dead.length };
  }

  /**
   * Sets how long a received message stays invisible from now, as SQS ChangeMessageVisibility does;
   * refused, as by SQS, for a handle that is not the message's latest receive or a message deleted.
   */
  async changeVisibility(receiptHandle: string, timeoutMs: number): Promise<void> {
    const m = this.messages.get(receiptHandle.slice(0, receiptHandle.lastIndexOf('#')));
    if (!m || receiptHandle !== receiptHandleOf(m)) throw new Error(`Receipt handle ${receiptHandle} is not in flight`);
    m.visibleAt = Date.now() + timeoutMs;
    await this.options.journal?.save(m);
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Stops receiving; batches in flight run on (see `settle`). */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * After `stop`: resolves once the batches in flight are answered and the journal is written, or
   * after `timeoutMs`; what is still unanswered then stays in the journal for the next start.
   * Returns the batches left running.
   */
  async settle(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await this.options.journal?.flush();
    return this.inFlight;
  }

  /** Batches being worked on. */
  get batchesInFlight(): number {
    return this.inFlight;
  }

  /** Messages waiting or in flight. */
  get depth(): number {
    return this.messages.size;
  }

  /** Resolves when no message is waiting or in flight (or rejects after `timeoutMs`). */
  drain(timeoutMs = 60_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`queue not drained after ${timeoutMs} ms (${this.messages.size} messages left)`)),
        timeoutMs,
      );
      this.idleWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private isIdle() {
    return this.messages.size === 0 && this.inFlight === 0;
  }

  private schedule(delayMs: number) {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.poll();
      },
      Math.max(0, delayMs),
    );
  }

  private async poll(): Promise<void> {
    if (this.inFlight >= (this.options.concurrency ?? 4)) return; // a finishing batch polls again
    const now = Date.now();
    const visible = [...this.messages.values()].filter((m) => m.visibleAt <= now).sort((a, b) => a.sentAt - b.sentAt);
    // Received as often as allowed and never acknowledged (its worker died with it): dead, as SQS would have it.
    for (const m of visible.filter((v) => v.receiveCount >= this.options.maxReceiveCount)) {
      visible.splice(visible.indexOf(m), 1);
      void this.bury(m);
    }
    const batch = visible.slice(0, this.options.batchSize ?? 10);
    if (batch.length) void this.deliver(batch);
    const next = [...this.messages.values()].reduce((min, m) => Math.min(min, m.visibleAt), Infinity);
    if (batch.length && visible.length > batch.length) this.schedule(0);
    else if (Number.isFinite(next)) this.schedule(Math.max(next - Date.now(), 1));
  }

  private async deliver(batch: Message[]): Promise<void> {
    this.inFlight++;
    const now = Date.now();
    const records: SQSRecord[] = [];
    for (const m of batch) {
      m.receiveCount++;
      m.visibleAt = now + this.options.visibilityTimeoutMs;
      records.push(this.record(m));
      if (this.random() < (this.options.duplicateRate ?? 0)) {
        this.stats.duplicates++;
        records.push(this.record(m));
      }
    }
    // The receive is on disk before the work starts: a process killed meanwhile counts it, and waits
    // out its visibility after the restart as SQS would.
    await this.journal((j) => Promise.all(batch.map((m) => j.save(m))));
    this.stats.delivered += records.length;
    let failed: Set<string>;
    try {
      const response = await this.options.consumer({ Records: records });
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.messageId));
    }
    for (const m of batch) {
      if (!this.messages.has(m.messageId)) continue;
      if (!failed.has(m.messageId)) {
        this.messages.delete(m.messageId);
        await this.journal((j) => j.remove(m.messageId));
        continue;
      }
      this.stats.failures++;
      // Stopping: a failure may be the shutdown itself, so the message waits for the next start.
      if (m.receiveCount >= this.options.maxReceiveCount && this.running) await this.bury(m);
      // Otherwise it stays invisible until the visibility timeout passes, then comes back.
    }
    this.inFlight--;
    this.schedule(0);
    this.wakeIdleWaiters();
  }

  private wakeIdleWaiters() {
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Moves a message to the dead letters (at once in memory, then on disk) and hands it to `onDeadLetter`. */
  private async bury(m: Message): Promise<void> {
    this.messages.delete(m.messageId);
    this.deadLetters.push({ messageId: m.messageId, body: m.body, receiveCount: m.receiveCount });
    await this.journal((j) => j.bury(m));
    await this.options.onDeadLetter?.({ Records: [this.record(m)] }).catch(() => undefined);
    this.wakeIdleWaiters();
  }

  /** A journal write; a failure is logged, and the message lives on in memory. */
  private async journal(write: (journal: QueueJournal) => Promise<unknown>): Promise<void> {
    if (!this.options.journal) return;
    await write(this.options.journal).catch((e: unknown) =>
      this.options.log?.error('local queue journal not written', { error: e instanceof Error ? e.message : String(e) }),
    );
  }

  private record(m: Message): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: receiptHandleOf(m),
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(m.sentAt),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: 'local',
    };
  }
}
