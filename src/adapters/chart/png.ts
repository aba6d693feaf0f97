import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import type { ChartRenderer, Logger } from '../../core/ports';

/**
 * Where the renderer's two assets are, under a root that holds node_modules (the project, or a
 * Lambda package that ships them: serverless.yml lists both). WebAssembly rather than resvg's native
 * module, so that one build serves x86 laptops and arm64 Lambdas; fonts shipped, not the host's,
 * so the chart looks the same everywhere.
 */
export const chartAssetsUnder = (root: string) => ({
  wasmPath: join(root, 'node_modules', '@resvg', 'resvg-wasm', 'index_bg.wasm'),
  fontPaths: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) =>
    join(root, 'node_modules', 'dejavu-fonts-ttf', 'ttf', f),
  ),
});

let compiled: Promise<void> | undefined;
/** resvg's WebAssembly module, compiled once per process (a second initWasm is refused). */
export function loadResvg(wasmPath: string): Promise<typeof Resvg> {
  compiled ??= readFile(wasmPath)
    .then((bytes) => initWasm(bytes))
    .catch((e: unknown) => {
      compiled = undefined;
      throw e;
    });
  return compiled.then(() => Resvg);
}

export interface PngChartRendererOptions {
  wasmPath: string;
  /** TrueType fonts for the text; the first one's family is the default. */
  fontPaths: string[];
  /** Pixels per SVG unit; the default 2 keeps the text sharp on high-density screens. */
  scale?: number;
  log?: Logger;
}

const FAMILY = 'DejaVu Sans';

/**
 * Charts as PNG through resvg (no browser). Without its fonts the chart is still drawn, only its
 * text is missing; that is logged once, since a package built without them is a deployment mistake
 * worth seeing but not worth losing the results post over.
 */
export function createPngChartRenderer(options: PngChartRendererOptions): ChartRenderer {
  let fonts: Promise<Uint8Array[]> | undefined;
  const loadFonts = () =>
    (fonts ??= Promise.all(options.fontPaths.map((p) => readFile(p).catch(() => undefined))).then((read) => {
      const found = read.flatMap((f) => (f ? [new Uint8Array(f)] : []));
      if (!found.length)
        options.log?.warn('no fonts found: charts are drawn without their text', { searched: options.fontPaths });
      return found;
    }));
  return {
    async png(svg) {
      const [Renderer, fontBuffers] = await Promise.all([loadResvg(options.wasmPath), loadFonts()]);
      const resvg = new Renderer(svg, {
        font: { fontBuffers, loadSystemFonts: false, defaultFontFamily: FAMILY, sansSerifFamily: FAMILY },
        fitTo: { mode: 'zoom', value: options.scale ?? 2 },
        background: '#ffffff',
      });
      try {
        const image = resvg.render();
        const png = image.asPng();
        image.free();
        return png;
      } finally {
        resvg.free();
      }
    },
  };
}
