import { roundChartSvg } from '../../core/charts/round-chart';
import { displayName, interval, pct } from '../../core/messages/format';
import type { RankedRow } from '../../core/messages/leaderboard';
import type { Round } from '../../core/model';

/** What the page shows, also served as JSON for its live updates (`?format=json`). */
export interface LeaderboardView {
  round: Pick<Round, 'id' | 'name' | 'domain' | 'status' | 'deadline' | 'closedAt'>;
  /** Whether the round is open or closed and when it closes or closed, in words. */
  statusLine: string;
  rows: {
    rank: number;
    member: string;
    winRate: number;
    ciLow: number;
    ciHigh: number;
    submissionId: string;
    beatsReference: boolean;
    /** Judgments of the ranked split the judge could not settle. */
    judgeErrors: number;
    /** Final standings: the rank on the public split. */
    publicRank?: number;
    /** What the judging defences flagged, for organizers. */
    flags: string[];
  }[];
  /** The chart as SVG markup, built by the league (its text is escaped). */
  chart: string;
}

/** The league's icon (a trophy), as SVG: served at /favicon.ico locally and inlined in pages. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="90">🏆</text></svg>';
/** Inlined, so a page asks no server for its icon (the deployed site serves only leaderboards). */
const FAVICON_LINK = `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}">`;

/** How often an open page asks for the standings. */
const REFRESH_MS = 5_000;

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** "Open · closes …", or "Closed …": what a visitor needs to know before reading the standings. */
export function roundStatusLine(round: Pick<Round, 'status' | 'deadline' | 'closedAt'>, now: Date): string {
  if (round.status === 'closed')
    return `Closed${round.closedAt ? ` on ${utc(round.closedAt)}` : ''} · final standings on the private questions`;
  const left = new Date(round.deadline).getTime() - now.getTime();
  if (left <= 0) return `Open · the deadline passed on ${utc(round.deadline)}; no new submissions are taken`;
  const days = Math.floor(left / 86_400_000);
  const hours = Math.floor((left % 86_400_000) / 3_600_000);
  const within = days ? `${days} day${days === 1 ? '' : 's'}` : hours ? `${hours} h` : 'less than an hour';
  return `Open · closes ${utc(round.deadline)} (in ${within}) · standings on the public questions so far`;
}

export function leaderboardView(round: Round, ranked: RankedRow[], now = new Date()): LeaderboardView {
  return {
    round: {
      id: round.id,
      name: round.name,
      domain: round.domain,
      status: round.status,
      deadline: round.deadline,
      ...(round.closedAt ? { closedAt: round.closedAt } : {}),
    },
    statusLine: roundStatusLine(round, now),
    rows: ranked.map((r) => ({
      rank: r.rank,
      member: displayName(r),
      winRate: r.winRate,
      ciLow: r.ciLow,
      ciHigh: r.ciHigh,
      submissionId: r.submissionId,
      beatsReference: r.ciLow > 0.5,
      judgeErrors: r.errors ?? 0,
      flags: r.flags ?? [],
      ...(r.publicRank !== undefined ? { publicRank: r.publicRank } : {}),
    })),
    chart: ranked.length ? roundChartSvg(round, ranked) : '',
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const EMPTY_ROW = '<tr><td colspan="7" class="empty">No scored submissions yet.</td></tr>';
const rowHtml = (r: LeaderboardView['rows'][number]) =>
  `<tr class="entry-row"><td>${r.rank}</td><td class="member">${escapeHtml(r.member)}</td><td class="num${r.beatsReference ? ' beats' : ''}">${pct(r.winRate)}</td>` +
  `<td class="num">${interval(r.ciLow, r.ciHigh)}</td><td class="num">${r.judgeErrors}</td><td><code>${escapeHtml(r.submissionId)}</code></td><td class="flags">${r.flags.map((f) => `⚑ ${escapeHtml(f)}`).join('<br>')}</td></tr>`;

/** Fetches the JSON view every few seconds (while the tab is visible) and redraws the table and chart. */
const SCRIPT = `
const pct = (x) => (x * 100).toFixed(1) + '%';
let last = '';
function cell(tr, text, cls) { const td = tr.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; }
function paint(view) {
  const body = document.getElementById('rows');
  body.replaceChildren();
  for (const r of view.rows) {
    const tr = body.insertRow();
    tr.className = 'entry-row';
    cell(tr, String(r.rank)); cell(tr, r.member, 'member'); cell(tr, pct(r.winRate), r.beatsReference ? 'num beats' : 'num');
    cell(tr, pct(r.ciLow) + '–' + pct(r.ciHigh), 'num');
    cell(tr, String(r.judgeErrors), 'num');
    cell(tr, '').appendChild(document.createElement('code')).textContent = r.submissionId;
    cell(tr, r.flags.map((f) => '⚑ ' + f).join('\\n'), 'flags');
  }
  if (!view.rows.length) body.innerHTML = ${JSON.stringify(EMPTY_ROW)};
  document.getElementById('chart').innerHTML = view.chart;
  const state = document.getElementById('round-status');
  state.textContent = view.statusLine;
  state.className = 'round-status ' + view.round.status;
}
async function refresh() {
  if (document.hidden) return;
  const status = document.getElementById('updated');
  try {
    const r = await fetch(location.pathname + '?format=json', { cache: 'no-store' });
    if (!r.ok) throw new Error(String(r.status));
    const text = await r.text();
    if (text !== last) { last = text; paint(JSON.parse(text)); }
    status.textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
  } catch {
    status.textContent = 'Could not update; trying again.';
  }
}
document.addEventListener('visibilitychange', refresh);
setInterval(refresh, ${REFRESH_MS});
`;

const STYLE = `body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1c1d;background:#f7f7f9}
header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.2rem;background:#4a154b;color:#fff}
header h1{font-size:1.2rem;margin:0}header small{font-weight:normal;opacity:.8}header a{color:#fff;margin-left:auto}
.board{max-width:60rem;margin:1.5rem auto;background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.5rem}
#chart svg{width:100%;height:auto}table{width:100%;border-collapse:collapse}th,td{padding:.3rem .6rem;border-bottom:1px solid #eee;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.beats{color:#007a5a;font-weight:600}
.round-status{font-weight:600;margin:.2rem 0 .6rem}.round-status.open{color:#007a5a}.round-status.closed{color:#616061}
.note,.empty{color:#616061;font-size:.85rem}.flags{color:#b35900;font-size:.85rem;white-space:pre-line}code{background:#f1f1f1;padding:0 .25rem;border-radius:3px}`;

export interface LeaderboardPageOptions {
  /** A link in the header (the local playground). */
  nav?: { href: string; label: string };
}

/** The leaderboard page: rendered on the server, so it reads without script, then kept live by polling. */
export function leaderboardPageHtml(view: LeaderboardView, options: LeaderboardPageOptions = {}): string {
  const nav = options.nav ? `<a href="${escapeHtml(options.nav.href)}">${escapeHtml(options.nav.label)}</a>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leaderboard · ${escapeHtml(view.round.name)} — LLM League</title>${FAVICON_LINK}<style>${STYLE}</style></head>
<body><header><h1>🏆 ${escapeHtml(view.round.name)} <small>${escapeHtml(view.round.domain)}</small></h1>${nav}</header>
<main class="board">
<p id="round-status" class="round-status ${view.round.status}">${escapeHtml(view.statusLine)}</p>
<p class="note">Win rate of each member's best model against the reference model, with its 95% interval. A model beats the reference when its whole interval lies right of the 50% line. While the round is open the standings use its public questions; the final standings use the private ones. <span id="updated"></span></p>
<div id="chart">${view.chart}</div>
<table><thead><tr><th>#</th><th>Member</th><th class="num">Win rate</th><th class="num">95% CI</th><th class="num">Judge errors</th><th>Submission</th><th>Flags</th></tr></thead>
<tbody id="rows">${view.rows.map(rowHtml).join('') || EMPTY_ROW}</tbody></table>
</main><script>${SCRIPT}</script></body></html>`;
}

export const notFoundHtml = (heading: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found — LLM League</title>${FAVICON_LINK}<style>${STYLE}</style></head>
<body><main class="board"><h1>${escapeHtml(heading)}</h1></main></body></html>`;
