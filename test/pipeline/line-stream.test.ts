import { describe, expect, it } from 'vitest';
import { LineStream } from '../../src/core/services/pipeline/line-stream';

const decoder = new TextDecoder();

async function readAll(
  stream: AsyncIterable<Uint8Array>,
  each?: (chunk: Uint8Array) => Promise<void>,
): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += decoder.decode(chunk);
    await each?.(chunk);
  }
  return text;
}

describe('LineStream', () => {
  it('passes every line through, in order, whatever the pace of each side', async () => {
    const stream = new LineStream(100);
    const lines = Array.from({ length: 500 }, (_, i) => `{"n":${i},"text":"${'x'.repeat(i % 37)}"}\n`);
    const reading = readAll(stream, () => new Promise((r) => setImmediate(r)));
    for (const line of lines) await stream.write(line);
    stream.end();
    expect(await reading).toBe(lines.join(''));
  });

  it('holds the writer back while the reader is a batch behind, so memory stays bounded', async () => {
    const stream = new LineStream(1_000);
    let written = 0;
    const writing = (async () => {
      for (let i = 0; i < 100; i++) {
        await stream.write(`${'y'.repeat(99)}\n`);
        written += 100;
      }
      stream.end();
    })();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(written).toBeLessThan(1_000); // nothing read yet: the writer waits at the first full batch
    const chunks: number[] = [];
    const text = await readAll(stream, async (chunk) => {
      chunks.push(chunk.length);
    });
    await writing;
    expect(text.length).toBe(10_000);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(1_000);
  });

  it("fails the reader with the writer's error", async () => {
    const stream = new LineStream(10);
    const reading = readAll(stream);
    await stream.write('a line\n');
    stream.end(new Error('the upload could not be read'));
    await expect(reading).rejects.toThrow('the upload could not be read');
  });

  it('refuses further lines once the reader gives up, instead of waiting for ever', async () => {
    const stream = new LineStream(10);
    const reading = (async () => {
      for await (const _ of stream) throw new Error('the blob store refused the write');
    })();
    const writing = (async () => {
      for (;;) await stream.write('0123456789\n');
    })();
    await expect(reading).rejects.toThrow('the blob store refused the write');
    await expect(writing).rejects.toThrow('closed by its reader');
  });
});
