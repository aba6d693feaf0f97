const CLOSED = 'the train.jsonl stream was closed by its reader';

/**
 * Lines written by one side as a byte stream read by the other, holding at most about
 * `highWaterMark` bytes: a writer that gets ahead waits for the reader. Lets train.jsonl go to
 * the blob store while the dataset is still being validated, in constant memory.
 */
export class LineStream implements AsyncIterable<Uint8Array> {
  private lines: string[] = [];
  private size = 0;
  private ended = false;
  private failure: unknown;
  /** The reader gave up (its consumer failed): writes fail from then on. */
  private cancelled = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;
  private readonly encoder = new TextEncoder();

  constructor(private readonly highWaterMark = 256 * 1024) {}

  /** Adds whole lines (each with its line break); waits while the reader is a full batch behind. */
  async write(line: string): Promise<void> {
    if (this.cancelled) throw new Error(CLOSED);
    this.lines.push(line);
    this.size += line.length;
    if (this.size < this.highWaterMark) return;
    this.wake();
    await new Promise<void>((resolve) => {
      this.wakeWriter = resolve;
    });
    if (this.cancelled) throw new Error(CLOSED);
  }

  /** No more lines; with an error, the reader fails with it. */
  end(failure?: unknown): void {
    this.ended = true;
    this.failure = failure;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        if (this.size >= this.highWaterMark || (this.ended && this.lines.length)) {
          const text = this.lines.join('');
          this.lines = [];
          this.size = 0;
          const writer = this.wakeWriter;
          this.wakeWriter = undefined;
          writer?.();
          yield this.encoder.encode(text);
          continue;
        }
        if (this.ended) {
          if (this.failure !== undefined) throw this.failure;
          return;
        }
        await new Promise<void>((resolve) => {
          this.wakeReader = resolve;
        });
      }
    } finally {
      if (!this.ended) {
        this.cancelled = true;
        this.wakeWriter?.();
      }
    }
  }

  private wake(): void {
    const reader = this.wakeReader;
    this.wakeReader = undefined;
    reader?.();
  }
}
