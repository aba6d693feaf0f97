/** Grapheme-safe truncation: every length limit of the league and of the chat platforms goes through here. */

// Built on the first cut, not at import: a segmenter loads its locale's break rules.
let graphemes: Intl.Segmenter | undefined;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const ELLIPSIS = '…';

/** The text with every unpaired surrogate replaced by U+FFFD (same length), so it can be encoded. */
const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');

/** Characters as people (and Discord's option limits) count them: code points, not UTF-16 units. */
export const charCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/**
 * `text` within `max` UTF-16 code units (the strictest count any platform uses): whole when it fits,
 * otherwise its longest prefix that ends on a grapheme boundary, outside every match of `atoms`
 * (escapes and mentions a renderer produced: `&lt;`, `<@U1>`, `[text](url)`), followed by `…`.
 * `atoms` must be a global regular expression.
 */
export function truncate(text: string, max: number, atoms?: RegExp): string {
  const safe = wellFormed(text);
  if (safe.length <= max) return safe;
  if (max < ELLIPSIS.length) return '';
  const room = max - ELLIPSIS.length;
  const spans = atoms ? atomSpans(safe, atoms, room) : [];
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const segments = graphemes.segment(safe);
  let end = 0;
  let atom = 0;
  while (end < safe.length) {
    // The next cut after `end`: the end of the grapheme starting there, pushed past any atom it
    // reaches into, then to the end of the grapheme that atom ends in, until both agree.
    let next = end + 1;
    for (;;) {
      const seg = segments.containing(next - 1)!;
      let stop = seg.index + seg.segment.length;
      while (atom < spans.length && spans[atom]![1] <= end) atom++;
      for (let i = atom; i < spans.length && spans[i]![0] < stop; i++) if (spans[i]![1] > stop) stop = spans[i]![1];
      if (stop === next) break;
      next = stop;
    }
    if (next > room) break;
    end = next;
  }
  return safe.slice(0, end) + ELLIPSIS;
}

/** Start and end of every match of `atoms` that begins within the first `room` units. */
function atomSpans(text: string, atoms: RegExp, room: number): [number, number][] {
  const spans: [number, number][] = [];
  atoms.lastIndex = 0;
  for (let m = atoms.exec(text); m && m.index < room; m = atoms.exec(text)) {
    if (m[0].length === 0) {
      atoms.lastIndex++;
      continue;
    }
    spans.push([m.index, m.index + m[0].length]);
  }
  atoms.lastIndex = 0;
  return spans;
}
