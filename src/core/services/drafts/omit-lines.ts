/**
 * The stream without the given lines (1-based): a draft's dropped rows, left out as the file is read,
 * so submitting a reviewed draft copies nothing.
 */
export async function* withoutLines(source: AsyncIterable<Uint8Array>, omit: readonly number[]) {
  const skip = new Set(omit);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let line = 1;
  let pending = '';
  const keep = (text: string) => {
    let out = '';
    for (const piece of text.split(/(?<=\n)/)) {
      if (!skip.has(line)) out += piece;
      if (piece.endsWith('\n')) line++;
    }
    return out;
  };
  for await (const chunk of source) {
    pending += decoder.decode(chunk, { stream: true });
    const cut = pending.lastIndexOf('\n') + 1;
    if (!cut) continue;
    const whole = keep(pending.slice(0, cut));
    pending = pending.slice(cut);
    if (whole) yield encoder.encode(whole);
  }
  pending += decoder.decode();
  const rest = pending ? keep(pending) : '';
  if (rest) yield encoder.encode(rest);
}
