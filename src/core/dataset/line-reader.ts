/** A raw line with its 1-based number; `bytes` excludes the line break. */
export interface RawLine { number: number; bytes: Uint8Array; tooLong: boolean; length: number }

/**
 * Splits a byte stream into lines without holding the file: constant memory apart from one line,
 * which is cut at `maxLineBytes` (the rest of an overlong line is skipped, but its length counted).
 */
export async function* readLines(input: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<RawLine> {
  let buf = new Uint8Array(Math.min(maxLineBytes, 64 * 1024));
  let len = 0;
  let total = 0;
  let number = 1;
  const emit = (): RawLine => {
    let end = len;
    if (end > 0 && buf[end - 1] === 13) end--; // CRLF
    return { number, bytes: buf.subarray(0, Math.min(end, maxLineBytes)), tooLong: total > maxLineBytes + (len > end ? 1 : 0), length: total };
  };
  for await (const chunk of input) {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const stop = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, stop);
      total += piece.length;
      const room = maxLineBytes + 1 - len;
      if (room > 0) {
        const take = piece.subarray(0, room);
        if (len + take.length > buf.length) {
          const grown = new Uint8Array(Math.min(maxLineBytes + 1, Math.max(buf.length * 2, len + take.length)));
          grown.set(buf.subarray(0, len));
          buf = grown;
        }
        buf.set(take, len);
        len += take.length;
      }
      if (nl < 0) break;
      yield emit();
      number++;
      len = 0;
      total = 0;
      start = nl + 1;
    }
  }
  if (len > 0 || total > 0) yield emit();
}
