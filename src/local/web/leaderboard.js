const roundId = decodeURIComponent(location.pathname.split('/').pop());
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function chart(rows) {
  const w = 640, left = 110, right = 20, rowH = 26, top = 24, h = top + rows.length * rowH + 10;
  const x = (v) => left + v * (w - left - right);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${top - 6}" y2="${h - 6}" stroke="${t === 0.5 ? '#b3261e' : '#eee'}" stroke-width="${t === 0.5 ? 2 : 1}" ${t === 0.5 ? 'stroke-dasharray="4 3" class="fifty"' : ''}/><text x="${x(t)}" y="${top - 10}" text-anchor="middle">${t * 100}%</text>`).join('');
  const bars = rows.map((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const color = r.ciLow > 0.5 ? '#007a5a' : '#4a154b';
    return `<g class="entry"><text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(r.member)}</text>` +
      `<line x1="${x(r.ciLow)}" x2="${x(r.ciHigh)}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="3"/>` +
      `<circle cx="${x(r.winRate)}" cy="${y}" r="6" fill="${color}"/></g>`;
  }).join('');
  return `<svg viewBox="0 0 ${w} ${h}" width="100%" xmlns="http://www.w3.org/2000/svg">${ticks}${bars}</svg>`;
}

async function refresh() {
  const r = await fetch(`/api/leaderboard/${encodeURIComponent(roundId)}`);
  if (!r.ok) { document.getElementById('rows').innerHTML = `<tr><td colspan="5">No round ${esc(roundId)}.</td></tr>`; return; }
  const data = await r.json();
  document.getElementById('round-name').textContent = data.round.name;
  document.getElementById('domain').textContent = data.round.domain;
  document.getElementById('rows').innerHTML = data.rows.map((row) => `<tr class="entry-row"><td>${row.rank}</td><td class="member">${esc(row.member)}</td><td class="num ${row.ciLow > 0.5 ? 'beats' : ''}">${pct(row.winRate)}</td><td class="num">${pct(row.ciLow)}–${pct(row.ciHigh)}</td><td><code>${esc(row.submissionId)}</code></td></tr>`).join('') || '<tr><td colspan="5">No scored submissions yet.</td></tr>';
  document.getElementById('chart').innerHTML = data.rows.length ? chart(data.rows) : '';
  document.getElementById('updated').textContent = `Updated ${new Date().toLocaleTimeString()}.`;
}
refresh();
setInterval(refresh, 3000);
