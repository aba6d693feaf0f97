import type { Resvg as ResvgClass } from '@resvg/resvg-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartAssetsUnder, loadResvg } from '../../src/adapters/chart/png';
import { type ChartEntry, leaderboardChartSvg } from '../../src/core/charts/leaderboard-chart';
import { projectRoot } from '../../src/local/paths';

// resvg parses the SVG as a strict XML renderer would: a chart it refuses would never reach a PNG.
let Resvg: typeof ResvgClass;
beforeAll(async () => {
  Resvg = await loadResvg(chartAssetsUnder(projectRoot()).wasmPath);
});

/** Attributes of every `<tag class="cls" …>` in document order. */
function elements(svg: string, tag: string, cls?: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    if (cls === undefined || attrs.class === cls) found.push(attrs);
  }
  return found;
}
const num = (s: string | undefined) => Number(s);
/** x of the 0% and 100% gridlines: the chart's scale, read from its own output. */
function scale(svg: string): (v: number) => number {
  const grid = elements(svg, 'line', 'grid').map((l) => num(l.x1));
  const [x0, x100] = [grid[0]!, grid[grid.length - 1]!];
  return (v) => x0 + v * (x100 - x0);
}
const rowTexts = (svg: string) =>
  [...svg.matchAll(/<g class="entry"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

const demo: ChartEntry[] = [
  { rank: 2, name: 'bob', winRate: 0.5, ciLow: 0.4, ciHigh: 0.6 },
  { rank: 3, name: 'carol', winRate: 0.2, ciLow: 0.1, ciHigh: 0.3 },
  { rank: 1, name: 'alice', winRate: 0.75, ciLow: 0.62, ciHigh: 0.86 },
];

describe('leaderboardChartSvg', () => {
  it('draws one row per member in rank order, top to bottom, whatever the input order', () => {
    const svg = leaderboardChartSvg(demo);
    expect(rowTexts(svg)).toEqual(['1. alice', '2. bob', '3. carol']);
    const dots = elements(svg, 'circle', 'rate');
    expect(dots).toHaveLength(3);
    const ys = dots.map((d) => num(d.cy));
    expect(ys[0]).toBeLessThan(ys[1]!);
    expect(ys[1]).toBeLessThan(ys[2]!);
    expect(leaderboardChartSvg([...demo].reverse())).toBe(svg);
  });

  it('puts the dot at the win rate and the whisker across the interval, on a 0–100% axis', () => {
    const svg = leaderboardChartSvg(demo);
    const x = scale(svg);
    expect(svg).toMatch(/>0%<\/text>/);
    expect(svg).toMatch(/>100%<\/text>/);
    const [alice] = elements(svg, 'circle', 'rate');
    expect(num(alice!.cx)).toBeCloseTo(x(0.75), 0);
    const [whisker] = elements(svg, 'line', 'whisker');
    expect(num(whisker!.x1)).toBeCloseTo(x(0.62), 0);
    expect(num(whisker!.x2)).toBeCloseTo(x(0.86), 0);
  });

  it('marks the 50% line halfway along the axis and labels it as the reference', () => {
    const svg = leaderboardChartSvg(demo);
    const [line] = elements(svg, 'line', 'reference-line');
    expect(num(line!.x1)).toBeCloseTo(scale(svg)(0.5), 0);
    expect(line!.x2).toBe(line!.x1);
    const [label] = elements(svg, 'text', 'reference-label');
    expect(label!.x).toBe(line!.x1);
    expect(svg).toContain('>reference (90B)</text>');
    expect(leaderboardChartSvg(demo, { referenceLabel: 'Llama 3.2 90B' })).toContain('>Llama 3.2 90B</text>');
  });

  it('colours a member green only when the whole interval is above 50%', () => {
    const dots = elements(leaderboardChartSvg(demo), 'circle', 'rate');
    expect(dots.map((d) => d.fill)).toEqual(['#007a5a', '#4a154b', '#4a154b']);
  });

  it('escapes names and titles, and the result still parses as SVG', () => {
    const svg = leaderboardChartSvg([{ rank: 1, name: '<script>&"\'\u0007x', winRate: 0.6, ciLow: 0.5, ciHigh: 0.7 }], {
      title: 'R&D <round>',
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('1. &lt;script&gt;&amp;&quot;&#39;x</text>');
    expect(svg).toContain('R&amp;D &lt;round&gt;');
    expect(() => new Resvg(svg)).not.toThrow();
    expect(() => new Resvg(svg.replace('&lt;script&gt;', '<script>'))).toThrow();
  });

  it('shows an empty leaderboard as a note, with the axis and the reference line still there', () => {
    const svg = leaderboardChartSvg([]);
    expect(elements(svg, 'circle')).toHaveLength(0);
    expect(elements(svg, 'line', 'reference-line')).toHaveLength(1);
    expect(svg).toContain('No scored submissions yet');
    expect(() => new Resvg(svg)).not.toThrow();
  });

  it('grows with the number of members and keeps every row inside the picture (1 and 40 members)', () => {
    const many = Array.from(
      { length: 40 },
      (_, i): ChartEntry => ({
        rank: i + 1,
        name: `member-${i + 1}-with-a-rather-long-name`,
        winRate: 1 - i / 40,
        ciLow: 0.9 - i / 40,
        ciHigh: 1.1 - i / 40,
      }),
    );
    const height = (svg: string) => num(elements(svg, 'svg')[0]!.height);
    const one = leaderboardChartSvg(many.slice(0, 1));
    const forty = leaderboardChartSvg(many);
    expect(height(forty) - height(one)).toBe(39 * (height(leaderboardChartSvg(many.slice(0, 2))) - height(one)));
    const dots = elements(forty, 'circle', 'rate');
    expect(dots).toHaveLength(40);
    expect(Math.max(...dots.map((d) => num(d.cy)))).toBeLessThan(height(forty));
    // Out-of-range bounds are clamped to the axis; long names are cut.
    expect(Math.max(...elements(forty, 'line', 'whisker').map((l) => num(l.x2)))).toBeCloseTo(scale(forty)(1), 0);
    expect(Math.min(...elements(forty, 'line', 'whisker').map((l) => num(l.x1)))).toBeCloseTo(scale(forty)(0), 0);
    expect(rowTexts(forty)[0]).toBe('1. member-1-with-a-rather-…');
  });

  it('leaves out entries without a finite score and is deterministic', () => {
    const svg = leaderboardChartSvg([...demo, { rank: 4, name: 'dave', winRate: Number.NaN, ciLow: 0, ciHigh: 1 }]);
    expect(rowTexts(svg)).toEqual(['1. alice', '2. bob', '3. carol']);
    expect(leaderboardChartSvg(demo)).toBe(leaderboardChartSvg(structuredClone(demo)));
  });
});
