import { truncate } from '../messages/truncate';

/** One member's line on the chart. Rates are shares in [0, 1]. */
export interface ChartEntry {
  rank: number;
  name: string;
  winRate: number;
  ciLow: number;
  ciHigh: number;
}

export interface LeaderboardChartOptions {
  title?: string;
  /** Label of the 50% line: what a member has to beat. */
  referenceLabel?: string;
}

const WIDTH = 720;
const LEFT = 190;
const RIGHT = 70;
const PLOT_TOP = 58;
const ROW = 26;
const BOTTOM = 52;
const NAME_CHARS = 24;
const TICKS = [0, 0.25, 0.5, 0.75, 1];
const BEATS = '#007a5a';
const OTHER = '#4a154b';
const REFERENCE = '#b3261e';
const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';

const escapeXml = (s: string): string =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
    // Control characters are not allowed in XML 1.0 even when escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const clamp = (x: number): number => Math.min(1, Math.max(0, x));
/** Fixed precision keeps the output identical across runs and platforms. */
const n = (x: number): string => String(Math.round(x * 10) / 10);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const finite = (e: ChartEntry) => [e.rank, e.winRate, e.ciLow, e.ciHigh].every(Number.isFinite);

/**
 * The leaderboard as an SVG dot-and-whisker chart: one row per member in rank order, the dot at the
 * win rate, the whisker across the 95% interval, and the 50% line the reference model sits on.
 * A member whose whole interval is above 50% is drawn green.
 */
export function leaderboardChartSvg(entries: readonly ChartEntry[], options: LeaderboardChartOptions = {}): string {
  const title = options.title ?? 'Win rate against the reference';
  const referenceLabel = options.referenceLabel ?? 'reference (90B)';
  const rows = entries.filter(finite).sort((a, b) => a.rank - b.rank);
  const plotHeight = Math.max(rows.length, 1) * ROW;
  const height = PLOT_TOP + plotHeight + BOTTOM;
  const x = (v: number) => LEFT + clamp(v) * (WIDTH - LEFT - RIGHT);
  const bottom = PLOT_TOP + plotHeight;

  const grid = TICKS.filter((t) => t !== 0.5)
    .map(
      (t) =>
        `<line class="grid" x1="${n(x(t))}" x2="${n(x(t))}" y1="${PLOT_TOP}" y2="${bottom}" stroke="#e4e4e4"/>` +
        `<text x="${n(x(t))}" y="${bottom + 18}" text-anchor="middle" fill="#616061">${t * 100}%</text>`,
    )
    .join('');
  const reference =
    `<line class="reference-line" x1="${n(x(0.5))}" x2="${n(x(0.5))}" y1="${PLOT_TOP - 8}" y2="${bottom}" stroke="${REFERENCE}" stroke-width="2" stroke-dasharray="5 4"/>` +
    `<text class="reference-label" x="${n(x(0.5))}" y="${PLOT_TOP - 13}" text-anchor="middle" fill="${REFERENCE}">${escapeXml(referenceLabel)}</text>` +
    `<text x="${n(x(0.5))}" y="${bottom + 18}" text-anchor="middle" fill="${REFERENCE}">50%</text>`;

  const body = rows.length
    ? rows
        .map((e, i) => {
          const y = PLOT_TOP + i * ROW + ROW / 2;
          const color = e.ciLow > 0.5 ? BEATS : OTHER;
          const [lo, hi] = [x(Math.min(e.ciLow, e.ciHigh)), x(Math.max(e.ciLow, e.ciHigh))];
          return (
            `<g class="entry" data-rank="${e.rank}">` +
            `<text x="${LEFT - 12}" y="${n(y + 4)}" text-anchor="end" fill="#1d1c1d">${e.rank}. ${escapeXml(truncate(e.name, NAME_CHARS))}</text>` +
            `<line class="whisker" x1="${n(lo)}" x2="${n(hi)}" y1="${n(y)}" y2="${n(y)}" stroke="${color}" stroke-width="2.5"/>` +
            `<line x1="${n(lo)}" x2="${n(lo)}" y1="${n(y - 5)}" y2="${n(y + 5)}" stroke="${color}" stroke-width="2"/>` +
            `<line x1="${n(hi)}" x2="${n(hi)}" y1="${n(y - 5)}" y2="${n(y + 5)}" stroke="${color}" stroke-width="2"/>` +
            `<circle class="rate" cx="${n(x(e.winRate))}" cy="${n(y)}" r="5.5" fill="${color}"/>` +
            `<text x="${WIDTH - RIGHT + 10}" y="${n(y + 4)}" fill="${color}">${pct(e.winRate)}</text></g>`
          );
        })
        .join('')
    : `<text class="empty" x="${n(x(0.5))}" y="${n(PLOT_TOP + ROW / 2 + 4)}" text-anchor="middle" fill="#616061">No scored submissions yet</text>`;

  const label = rows.length
    ? `${title}: ${rows.map((e) => `${e.rank}. ${e.name} ${pct(e.winRate)}`).join(', ')}`
    : `${title}: no scored submissions yet`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(label)}" font-family="${FONT}" font-size="12">` +
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>` +
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#1d1c1d">${escapeXml(title)}</text>` +
    `${grid}${reference}${body}` +
    `<text x="12" y="${height - 10}" font-size="11" fill="#616061">Dot: win rate · bar: 95% interval · green: the whole interval is above the reference</text></svg>`
  );
}
