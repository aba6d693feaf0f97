import { statSync } from 'node:fs';
import type { Resvg as ResvgClass } from '@resvg/resvg-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chartAssetsUnder,
  createPngChartRenderer,
  loadResvg,
  type PngChartRendererOptions,
} from '../../src/adapters/chart/png';
import { type ChartEntry, leaderboardChartSvg } from '../../src/core/charts/leaderboard-chart';
import { projectRoot } from '../../src/local/paths';

const assets = chartAssetsUnder(projectRoot());
const renderer = (o: Partial<PngChartRendererOptions> = {}) => createPngChartRenderer({ ...assets, ...o });
let Resvg: typeof ResvgClass;
beforeAll(async () => {
  Resvg = await loadResvg(assets.wasmPath);
});

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// Like the demo round: strong > medium > poor, the strong one clear of the reference.
const demo: ChartEntry[] = [
  { rank: 1, name: 'alice', winRate: 0.78, ciLow: 0.66, ciHigh: 0.88 },
  { rank: 2, name: 'bob', winRate: 0.51, ciLow: 0.39, ciHigh: 0.63 },
  { rank: 3, name: 'carol', winRate: 0.18, ciLow: 0.09, ciHigh: 0.29 },
];
const svg = leaderboardChartSvg(demo, { title: 'Demo round · win rate against the reference' });
const svgSize = () => {
  const r = new Resvg(svg);
  return { width: r.width, height: r.height };
};

/** Width and height from the IHDR chunk, which follows the signature. */
const ihdr = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { type: String.fromCharCode(...png.slice(12, 16)), width: view.getUint32(16), height: view.getUint32(20) };
};

/** Decodes the PNG with resvg itself (as an embedded image) and tallies its pixels. */
function pixels(png: Uint8Array, width: number, height: number) {
  const frame = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="data:image/png;base64,${Buffer.from(png).toString('base64')}" width="${width}" height="${height}"/></svg>`;
  const rgba = new Resvg(frame).render().pixels;
  const colours = new Set<number>();
  let dark = 0;
  let green = 0;
  let red = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const [r, g, b] = [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 80 && g < 80 && b < 80) dark++;
    if (Math.abs(r - 0x00) < 24 && Math.abs(g - 0x7a) < 24 && Math.abs(b - 0x5a) < 24) green++;
    if (Math.abs(r - 0xb3) < 24 && Math.abs(g - 0x26) < 24 && Math.abs(b - 0x1e) < 24) red++;
  }
  return { colours: colours.size, dark, green, red };
}

const warnings = () => {
  const seen: string[] = [];
  return { seen, log: { info() {}, error() {}, warn: (m: string) => void seen.push(m) } };
};

describe('the leaderboard chart as PNG', () => {
  it('renders a demo-like leaderboard to a PNG of twice the SVG size, of reasonable weight, with the chart drawn in it', async () => {
    const started = performance.now();
    const png = await renderer().png(svg);
    const ms = performance.now() - started;
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const { width, height } = svgSize();
    expect(ihdr(png)).toEqual({ type: 'IHDR', width: width * 2, height: height * 2 });
    expect(png.byteLength).toBeGreaterThan(5_000);
    expect(png.byteLength).toBeLessThan(200_000);
    const seen = pixels(png, width * 2, height * 2);
    expect(seen.colours).toBeGreaterThan(20); // anti-aliased shapes, not a flat fill
    expect(seen.green).toBeGreaterThan(500); // alice's dot and whisker: she beats the reference
    expect(seen.red).toBeGreaterThan(200); // the dashed 50% line
    console.info(`chart PNG: ${png.byteLength} bytes, ${width * 2}×${height * 2}, rendered in ${ms.toFixed(0)} ms`);
  });

  it('renders at the scale asked for', async () => {
    const png = await renderer({ scale: 1 }).png(svg);
    expect(ihdr(png)).toMatchObject(svgSize());
  });

  it('ships its fonts with it: the same on every host, none looked up on the machine', () => {
    for (const f of [assets.wasmPath, ...assets.fontPaths]) expect(statSync(f).size).toBeGreaterThan(100_000);
  });

  it('draws the labels with the shipped fonts', async () => {
    const { width, height } = svgSize();
    const withFonts = pixels(await renderer({ scale: 1 }).png(svg), width, height);
    const without = pixels(await renderer({ scale: 1, fontPaths: [] }).png(svg), width, height);
    // Names, title and ticks are dark text: missing without fonts.
    expect(withFonts.dark).toBeGreaterThan(without.dark + 1_000);
  });

  it('still draws the chart on a host without fonts, and says so once', async () => {
    const { seen, log } = warnings();
    const bare = renderer({ fontPaths: ['/nonexistent/fonts/DejaVuSans.ttf'], log });
    const png = await bare.png(svg);
    await bare.png(svg);
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const { width, height } = svgSize();
    const drawn = pixels(png, width * 2, height * 2);
    expect(drawn.green).toBeGreaterThan(500);
    expect(drawn.red).toBeGreaterThan(200);
    expect(seen).toEqual(['no fonts found: charts are drawn without their text']);
  });

  it('does not warn when its fonts are there', async () => {
    const { seen, log } = warnings();
    await renderer({ log }).png(svg);
    expect(seen).toEqual([]);
  });
});
