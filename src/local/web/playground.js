import { renderMessage } from '/assets/render.js';

const $ = (id) => document.getElementById(id);
const who = $('who');
who.value = localStorage.getItem('league-user') || 'local:demo:alice';
let version = -1;
const ephemerals = [];

// The API needs the token `npm start` printed in its link; keep it for this server and take it out of the address bar.
const linked = new URLSearchParams(location.search).get('token');
if (linked) {
  localStorage.setItem('league-token', linked);
  history.replaceState(null, '', location.pathname);
}
const authorized = { Authorization: `Bearer ${localStorage.getItem('league-token') ?? ''}` };
async function api(url, init = {}) {
  const r = await fetch(url, { ...init, headers: { ...authorized, ...init.headers } });
  if (r.status === 401) {
    $('locked').hidden = false;
    throw new Error('not authorized');
  }
  return r;
}

function entryHtml(e) {
  const edited = e.editedAt ? ' <span class="edited">(edited)</span>' : '';
  const time = new Date(e.at).toLocaleTimeString();
  const file = e.fileUrl ? `<a class="b-file" download="${e.fileName}" href="${e.fileUrl}">⬇ ${e.fileName}</a>` : '';
  return `<article class="msg ${e.ephemeral ? 'ephemeral' : ''}" data-id="${e.id}"><div class="meta">${e.ephemeral ? 'Only visible to you' : 'League bot'} · ${time}${edited}</div>${renderMessage(e.message)}${file}</article>`;
}

function paint(state) {
  const channel = [...state.channel, ...ephemerals.filter((e) => e.user === who.value)].sort((a, b) =>
    a.at.localeCompare(b.at),
  );
  $('channel').innerHTML = channel.map(entryHtml).join('') || '<p class="empty">Nothing posted yet.</p>';
  $('dms').innerHTML =
    state.dms.map(entryHtml).join('') || '<p class="empty">No DMs yet: submit a dataset to see your progress here.</p>';
  $('channel').scrollTop = $('channel').scrollHeight;
  if (state.round) $('lb-link').href = `/leaderboard/${encodeURIComponent(state.round)}`;
}

async function poll() {
  for (;;) {
    try {
      const r = await api(`/api/state?user=${encodeURIComponent(who.value)}&since=${version}`);
      const state = await r.json();
      version = state.version;
      paint(state);
    } catch {
      await new Promise((res) => setTimeout(res, 2000));
    }
  }
}

async function send(text, file) {
  const params = new URLSearchParams({ user: who.value, text });
  if (file) params.set('file', file.name);
  const r = await api(`/api/command?${params}`, { method: 'POST', body: file ?? undefined });
  const reply = await r.json();
  const download = reply.file
    ? {
        fileName: reply.file.name,
        fileUrl: URL.createObjectURL(new Blob([reply.file.content], { type: reply.file.mime })),
      }
    : {};
  ephemerals.push({
    id: `e${ephemerals.length}`,
    user: who.value,
    ephemeral: reply.visibility === 'ephemeral',
    at: new Date().toISOString(),
    message: reply.message,
    ...download,
  });
  version = -1; // repaint with the reply
  const state = await (await api(`/api/state?user=${encodeURIComponent(who.value)}&since=-1`)).json();
  paint(state);
}

$('composer').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const text = $('text')
    .value.trim()
    .replace(/^\/league\s*/, '');
  const file = $('file').files[0];
  $('text').value = '';
  $('file').value = '';
  $('file-name').textContent = '';
  await send(text || 'help', file);
});
$('file').addEventListener('change', () => {
  $('file-name').textContent = $('file').files[0]?.name ?? '';
});
who.addEventListener('change', () => {
  localStorage.setItem('league-user', who.value);
  version = -1;
  send('status');
});
// A button or menu stands for a command: its action names it (`finale-vote` is `finale vote`), its value completes it.
const commandOf = (action, value) => `${action.replace(/-/g, ' ')} ${value}`;
document.body.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-action]');
  if (!b) return;
  b.disabled = true;
  send(commandOf(b.dataset.action, b.dataset.value));
});
document.body.addEventListener('change', (ev) => {
  const menu = ev.target.closest('select[data-action]');
  if (menu?.value) send(commandOf(menu.dataset.action, menu.value));
});
poll();
