// Renders the league's platform-neutral messages as HTML (shared by the playground and leaderboard pages).
const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const EMOJI = { ':warning:': '⚠️', ':trophy:': '🏆', ':inbox_tray:': '📥' };

export function inline(text) {
  let h = esc(text);
  h = h.replace(/&lt;@([^&]+?)&gt;/g, (_m, id) => `<span class="mention">@${esc(id.split(':').pop())}</span>`);
  h = h.replace(/`([^`]+)`/g, '<code>$1</code>');
  h = h.replace(/\*([^*\n]+)\*/g, '<b>$1</b>');
  h = h.replace(/(^|\s)_([^_\n]+)_/g, '$1<i>$2</i>');
  h = h.replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1" target="_blank">$1</a>');
  for (const [k, v] of Object.entries(EMOJI)) h = h.split(k).join(v);
  return h.replace(/\n/g, '<br>');
}

export function renderBlock(b) {
  switch (b.type) {
    case 'heading':
      return `<div class="b-heading">${inline(b.text)}</div>`;
    case 'text':
      return `<div class="b-text ${b.tone ? `tone-${b.tone}` : ''}">${inline(b.text)}</div>`;
    case 'fields':
      return `<div class="b-fields">${b.fields.map((f) => `<div><span class="label">${esc(f.label)}</span><span>${inline(f.value)}</span></div>`).join('')}</div>`;
    case 'table':
      return `<table class="b-table"><thead><tr>${b.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>${b.moreUrl ? `<a href="${esc(b.moreUrl)}">full table</a>` : ''}`;
    case 'image':
      return `<img class="b-image" src="${esc(b.url)}" alt="${esc(b.alt)}">`;
    case 'buttons':
      return `<div class="b-buttons">${b.buttons.map((x) => `<button class="${x.style ?? ''}" data-action="${esc(x.action)}" data-value="${esc(x.value)}">${esc(x.label)}</button>`).join('')}</div>`;
    case 'select':
      return `<select class="b-select" data-action="${esc(b.action)}"><option value="">${esc(b.placeholder)}</option>${b.options.map((o) => `<option value="${esc(o.value)}">${esc(o.label)}</option>`).join('')}</select>`;
    case 'context':
      return `<div class="b-context">${inline(b.text)}</div>`;
    case 'divider':
      return '<hr>';
    default:
      return '';
  }
}

// Attachments arrive from the server as data URLs; images are shown, other files offered for download.
const attachment = (a) =>
  a.mime.startsWith('image/')
    ? `<img class="b-attachment" src="${esc(a.url)}" alt="${esc(a.alt)}">`
    : `<a class="b-file" download="${esc(a.name)}" href="${esc(a.url)}">⬇ ${esc(a.name)}</a>`;

export const renderMessage = (m) => m.blocks.map(renderBlock).join('') + (m.attachments ?? []).map(attachment).join('');
