import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ChartRenderer, Logger } from '../../core/ports';

/**
 * resvg is a native module: named at run time so bundlers leave it out, and a Lambda package ships
 * it as an external (with the binary of its architecture). Missing, rendering fails and results go
 * out as text.
 */
const RESVG = '@resvg/resvg-js';
let resvg: Promise<typeof import('@resvg/resvg-js')> | undefined;
const loadResvg = () => (resvg ??= import(RESVG).catch((e: unknown) => { resvg = undefined; throw e; }));

/** Where resvg looks for the machine's fonts (fontdb's list), checked so a host without any is reported. */
const SYSTEM_FONT_DIRS = [
  '/usr/share/fonts', '/usr/local/share/fonts', join(homedir(), '.fonts'), join(homedir(), '.local', 'share', 'fonts'),
  '/Library/Fonts', '/System/Library/Fonts', 'C:\\Windows\\Fonts',
];
/** A Lambda layer's fonts land here. */
const DEFAULT_FONT_DIRS = ['/opt/fonts'];
const FONT_FILE = /\.(ttf|otf|ttc|otc)$/i;

function containsFont(dir: string, depth = 4): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => (e.isFile() && FONT_FILE.test(e.name)) || (e.isDirectory() && depth > 0 && containsFont(join(dir, e.name), depth - 1)));
}

export interface PngChartRendererOptions {
  /** Font folders besides the system's. */
  fontDirs?: string[];
  /** Use the machine's fonts (off in tests that play a host without any). */
  systemFonts?: boolean;
  /** Pixels per SVG unit; the default 2 keeps the text sharp on high-density screens. */
  scale?: number;
  log?: Logger;
}

/**
 * Charts as PNG through resvg (no browser). Without any font the chart is still drawn, only its
 * text is missing; that is logged once, since on a bare host (a Lambda without a font layer) it is
 * the expected case rather than an error.
 */
export function createPngChartRenderer(options: PngChartRendererOptions = {}): ChartRenderer {
  const systemFonts = options.systemFonts ?? true;
  const fontDirs = (options.fontDirs ?? DEFAULT_FONT_DIRS).filter((d) => existsSync(d));
  let fontsChecked = false;
  const checkFonts = () => {
    if (fontsChecked) return;
    fontsChecked = true;
    const searched = [...fontDirs, ...(systemFonts ? SYSTEM_FONT_DIRS : [])];
    if (!searched.some((d) => containsFont(d))) options.log?.warn('no fonts found: charts are drawn without their text', { searched });
  };
  return {
    async png(svg) {
      checkFonts();
      const { renderAsync } = await loadResvg();
      const image = await renderAsync(svg, {
        font: { loadSystemFonts: systemFonts, fontDirs },
        fitTo: { mode: 'zoom', value: options.scale ?? 2 },
        background: '#ffffff',
        logLevel: 'off',
      });
      return new Uint8Array(image.asPng());
    },
  };
}
