import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidUtf8Offset, type LineProblem, LineSplitter } from '../../src/core/dataset/line-reader';
import { encoder } from './support';

type Seen = {
  number: number;
  text?: string;
  bytes?: number[];
  problem?: LineProblem;
  column?: number;
  length?: number;
};

function split(bytes: Uint8Array, sizes: number[], maxLineBytes = 1000): Seen[] {
  const seen: Seen[] = [];
  const splitter = new LineSplitter(maxLineBytes, {
    batch() {},
    line({ number, text, bytes: view, start, end }) {
      seen.push({ number, text, bytes: Array.from({ length: end - start }, (_, i) => view.getUint8(start + i)) });
    },
    problem(number, problem, length, column) {
      seen.push({ number, problem, length, column });
    },
  });
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]!);
    splitter.push(bytes.subarray(at, at + size));
    at += size;
  }
  splitter.end();
  return seen;
}

describe('LineSplitter', () => {
  it('numbers lines, strips CR and the BOM, and keeps the last line without a line break', () => {
    const text = '\uFEFF{"a":1}\r\nsecond\n\nthird';
    expect(split(encoder.encode(text), [3]).map(({ number, text }) => [number, text])).toEqual([
      [1, '{"a":1}'],
      [2, 'second'],
      [3, ''],
      [4, 'third'],
    ]);
  });

  it('strips a BOM only at the start of the file', () => {
    const seen = split(encoder.encode('a\n\uFEFFb\n'), [64]);
    expect(seen[1]!.text).toBe('\uFEFFb');
  });

  it('gives the same lines and UTF-8 bytes as a plain split, however the stream is cut', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\n\r\0]/g, ' ')),
          { maxLength: 12 },
        ),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 }),
        (lines, sizes) => {
          const text = lines.join('\n');
          const seen = split(encoder.encode(text), sizes, 10_000);
          // A final line break ends the last line; it does not start another.
          const parts = text.split('\n');
          if (text.endsWith('\n') || text === '') parts.pop();
          const expected = parts.map((l, i) => (i === 0 ? l.replace(/^\uFEFF/, '') : l));
          expect(seen.map((s) => s.text)).toEqual(expected);
          expect(seen.map((s) => s.number)).toEqual(expected.map((_, i) => i + 1));
          for (const s of seen) expect(s.bytes).toEqual(Array.from(encoder.encode(s.text!)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports invalid UTF-8 with the line and a column, and goes on; NUL bytes are left to the parser', () => {
    const bytes = new Uint8Array([...encoder.encode('ok\nab'), 0xff, ...encoder.encode('c\nx\0y\nfine\n')]);
    for (const sizes of [[4], [65536]]) {
      expect(split(bytes, sizes)).toEqual([
        expect.objectContaining({ number: 1, text: 'ok' }),
        expect.objectContaining({ number: 2, problem: 'INVALID_UTF8', column: 3 }),
        expect.objectContaining({ number: 3, text: 'x\0y' }),
        expect.objectContaining({ number: 4, text: 'fine' }),
      ]);
    }
  });

  it('reports a line past the limit with its full length, within a chunk or across many', () => {
    const long = 'x'.repeat(2500);
    for (const sizes of [[65536], [7]]) {
      const seen = split(encoder.encode(`short\n${long}\nafter\n`), sizes, 1000);
      expect(seen).toEqual([
        expect.objectContaining({ number: 1, text: 'short' }),
        expect.objectContaining({ number: 2, problem: 'LINE_TOO_LONG', length: 2500 }),
        expect.objectContaining({ number: 3, text: 'after' }),
      ]);
    }
  });

  it('gives a line past the limit the same length however it is cut, without its CR or the BOM', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 11, max: 60 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 5 }),
        (length, bom, crlf, sizes) => {
          const bytes = encoder.encode(`${bom ? '\uFEFF' : ''}${'x'.repeat(length)}${crlf ? '\r\n' : '\n'}ok\n`);
          const problem = (seen: Seen[]) => seen.find((s) => s.problem)!;
          expect(problem(split(bytes, sizes, 10))).toEqual({
            number: 1,
            problem: 'LINE_TOO_LONG',
            length,
            column: undefined,
          });
          expect(problem(split(bytes, [65536], 10))).toEqual(problem(split(bytes, sizes, 10)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not hold on to a line longer than the limit', () => {
    const splitter = new LineSplitter(100, { batch() {}, line() {}, problem() {} });
    for (let i = 0; i < 1000; i++) splitter.push(new Uint8Array(1000).fill(120));
    // The partial line kept between chunks stays at the limit, not at the megabyte pushed.
    expect((splitter as unknown as { carry: Uint8Array }).carry.length).toBeLessThanOrEqual(1024);
  });
});

describe('invalidUtf8Offset', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  it('agrees with the standard decoder on where a byte string stops being UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const offset = invalidUtf8Offset(bytes, 0, bytes.length);
        let valid = true;
        try {
          fatal.decode(bytes);
        } catch {
          valid = false;
        }
        expect(offset === bytes.length).toBe(valid);
        if (!valid) {
          // The prefix before the offset decodes; the offset byte does not start a valid sequence.
          expect(() => fatal.decode(bytes.subarray(0, offset))).not.toThrow();
        }
      }),
      { numRuns: 2000 },
    );
  });
});
