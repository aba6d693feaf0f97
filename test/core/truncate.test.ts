import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charCount, ELLIPSIS, truncate } from '../../src/core/messages/truncate';
import { hostileText, isWellFormed, WIDE_GRAPHEMES } from '../support/hostile-text';

const graphemeStarts = (text: string): Set<number> => {
  const starts = new Set<number>([text.length]);
  for (const s of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) starts.add(s.index);
  return starts;
};

/** Escapes and tokens a renderer produces, as the Slack and Discord renderers declare them. */
const ATOMS = /&(?:amp|lt|gt);|<[^<>\n]*>|\\[^\s]|\[[^\]\n]*\]\([^)\s]*\)/g;

describe('truncate', () => {
  it('keeps text that fits, and cuts a 1,600-emoji name to whole emoji within the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    const name = '🐦'.repeat(1600);
    const cut = truncate(name, 150);
    expect(cut).toBe(`${'🐦'.repeat(74)}${ELLIPSIS}`);
    expect(cut.length).toBe(149);
    // The cut that used to keep half an emoji: limit 150 on a string of 2-unit emoji.
    expect(isWellFormed(truncate('a🐦🐦', 3))).toBe(true);
    expect(truncate('👩‍👩‍👧‍👦 family', 8)).toBe(ELLIPSIS);
    expect(truncate('x&lt;y', 4, /&lt;/g)).toBe(`x${ELLIPSIS}`);
    expect(truncate('anything', 0)).toBe('');
  });

  it('replaces an unpaired surrogate it was given, so what it returns can always be encoded', () => {
    expect(truncate('a\uD83Db', 10)).toBe('a\uFFFDb');
    expect(() => encodeURIComponent(truncate(`${'x'.repeat(9)}\uD83D`, 10))).not.toThrow();
  });

  it('property: well-formed, within the limit, a prefix plus the ellipsis, cut only between graphemes and outside escapes', () => {
    fc.assert(
      fc.property(hostileText(60), fc.integer({ min: 0, max: 80 }), (raw, max) => {
        const text = raw.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
        const out = truncate(raw, max, ATOMS);
        expect(isWellFormed(out)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(max);
        if (text.length <= max) return void expect(out).toBe(text);
        if (max === 0) return void expect(out).toBe('');
        expect(out.endsWith(ELLIPSIS)).toBe(true);
        const kept = out.slice(0, -ELLIPSIS.length);
        expect(text.startsWith(kept)).toBe(true);
        expect(graphemeStarts(text).has(kept.length), 'cut inside a grapheme').toBe(true);
        for (const m of text.matchAll(ATOMS))
          expect(kept.length <= m.index || kept.length >= m.index + m[0].length, `cut inside ${m[0]}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts characters as people do for input limits', () => {
    expect(charCount('🐦'.repeat(2000))).toBe(2000);
    expect(charCount(WIDE_GRAPHEMES.join(''))).toBeGreaterThan(WIDE_GRAPHEMES.length);
  });
});
