import type { SQSRecord } from 'aws-lambda';
import type { Logger } from '../core/ports';

/** Sets how long a received message stays invisible from now (SQS ChangeMessageVisibility). */
type ChangeVisibility = (receiptHandle: string, timeoutMs: number) => Promise<void>;

export interface KeepVisible {
  timeoutMs: number;
  change: ChangeVisibility;
}

export interface VisibilityHeartbeat {
  /** Stops extending one record (it failed: its retry delay now decides when it comes back). */
  release(receiptHandle: string): void;
  stop(): void;
}

/**
 * Keeps every record of a batch invisible until the batch is answered: every third of `timeoutMs`
 * each one's visibility is set to `timeoutMs` again. A record whose job finished early stays covered
 * too, since the queue deletes it only once the whole batch has been answered. Best effort: a refusal
 * is logged and the work goes on.
 */
export function keepBatchVisible(records: SQSRecord[], keep: KeepVisible, log: Logger): VisibilityHeartbeat {
  const handles = new Map(records.map((r) => [r.receiptHandle, r.messageId]));
  const timer = setInterval(() => {
    for (const [handle, messageId] of handles) {
      keep
        .change(handle, keep.timeoutMs)
        .catch((err: unknown) =>
          log.warn('visibility not extended', { messageId, error: err instanceof Error ? err.message : String(err) }),
        );
    }
  }, keep.timeoutMs / 3);
  return {
    release: (handle) => handles.delete(handle),
    stop: () => clearInterval(timer),
  };
}
