import { setupCompletion, setupDrop } from '/assets/composer.js';
import { Feed } from '/assets/feed.js';

const $ = (id) => document.getElementById(id);
const who = $('who');
who.value = localStorage.getItem('league-user') || 'local:demo:alice';
let version = -1;
let commands = [];
let attached = null;
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
  if (r.status === 401) $('locked').hidden = false;
  return r;
}

// Panes: side by side on a wide screen (the one last used is "active"), one at a time behind tabs on a phone.
let active = 'channel';
const badgesOf = (pane) => [...document.querySelectorAll(`[data-pane="${pane}"] .badge`)];
const feeds = {};
for (const [name, empty] of [
  ['channel', 'Nothing posted yet.'],
  ['dms', 'No DMs yet: submit a dataset to see your progress here.'],
]) {
  feeds[name] = new Feed($(`pane-${name}`), { empty, badges: badgesOf(name), isActive: () => active === name });
}
function activate(pane) {
  if (active === pane) return;
  active = pane;
  for (const el of document.querySelectorAll('.pane, [role=tab]')) {
    const on = el.dataset.pane === pane;
    el.classList.toggle('active', on);
    if (el.getAttribute('role') === 'tab') el.setAttribute('aria-selected', String(on));
  }
  for (const f of Object.values(feeds)) f.settle();
}
for (const name of Object.keys(feeds)) {
  const pane = $(`pane-${name}`);
  for (const type of ['pointerdown', 'focusin', 'wheel']) pane.addEventListener(type, () => activate(name));
}
// A pane shown again by its tab keeps its place: at the newest unless it was scrolled up. (Only
// then does it scroll: a click inside a pane must not move what is under the pointer.)
for (const tab of document.querySelectorAll('[role=tab]'))
  tab.addEventListener('click', () => {
    activate(tab.dataset.pane);
    feeds[tab.dataset.pane].shown();
  });

let followNext = false;
let lastState = { channel: [], dms: [] };
function paint(state) {
  lastState = state;
  const mine = ephemerals.filter((e) => e.user === who.value);
  const channel = [...(state.channel ?? []), ...mine].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  feeds.channel.update(channel, { follow: followNext });
  feeds.dms.update(state.dms ?? []);
  followNext = false;
  if (Array.isArray(state.rounds) && state.rounds.length) leaderboardLinks(state.rounds);
}

/** One link per open round: with several, each says which round it is. */
function leaderboardLinks(rounds) {
  const nav = $('lb-links');
  const key = JSON.stringify(rounds);
  if (nav.dataset.key === key) return;
  nav.dataset.key = key;
  nav.replaceChildren(
    ...rounds.map((r, i) => {
      const a = document.createElement('a');
      a.href = `/leaderboard/${encodeURIComponent(r.id)}`;
      a.target = '_blank';
      a.textContent = rounds.length === 1 ? 'Leaderboard ↗' : `${r.name} ↗`;
      if (i === 0) a.id = 'lb-link';
      return a;
    }),
  );
  if (rounds.length > 1) nav.prepend('Leaderboards: ');
}

async function state(since) {
  const r = await api(`/api/state?user=${encodeURIComponent(who.value)}&since=${since}`);
  if (!r.ok) throw new Error(`state ${r.status}`);
  return r.json();
}

async function poll() {
  for (;;) {
    try {
      const s = await state(version);
      version = s.version;
      paint(s);
    } catch {
      await new Promise((res) => setTimeout(res, 2000));
    }
  }
}

const errorReply = (text) => ({
  visibility: 'ephemeral',
  message: { text, blocks: [{ type: 'text', text: `:warning: ${text}`, tone: 'error' }] },
});

/** Whatever came back, a reply to show: the server's message, or an error saying what happened. */
async function readReply(r) {
  let body;
  try {
    body = await r.json();
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object' && Array.isArray(body.message?.blocks)) return body;
  if (r.status === 401) return errorReply('This page needs the token: open the link `npm start` printed.');
  const said = typeof body?.error === 'string' ? body.error : '';
  return errorReply(
    said || `The server answered ${r.status}${r.statusText ? ` ${r.statusText}` : ''}; nothing was done.`,
  );
}

async function send(text, file) {
  const params = new URLSearchParams({ user: who.value, text });
  if (file) params.set('file', file.name);
  let reply;
  try {
    reply = await readReply(await api(`/api/command?${params}`, { method: 'POST', body: file ?? undefined }));
  } catch {
    reply = errorReply('The playground server did not answer; is `npm start` still running?');
  }
  const download = reply.file
    ? {
        fileName: reply.file.name,
        fileUrl: URL.createObjectURL(new Blob([reply.file.content], { type: reply.file.mime })),
      }
    : {};
  ephemerals.push({
    id: `e${ephemerals.length}`,
    user: who.value,
    own: true,
    ephemeral: reply.visibility !== 'channel',
    at: new Date().toISOString(),
    message: reply.message,
    ...download,
  });
  followNext = true;
  try {
    paint(await state(-1));
  } catch {
    // Without the server's state the reply still shows, beside what the feeds had.
    paint(lastState);
  }
}

function attach(file) {
  attached = file;
  const chip = $('file-name');
  chip.replaceChildren();
  if (!file) return;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'unattach';
  remove.title = 'Remove the file';
  remove.textContent = '✕';
  remove.addEventListener('click', () => attach(null));
  chip.append(file.name, remove);
}

const completion = setupCompletion($('text'), $('suggestions'), () => commands);
setupDrop($('drop-overlay'), attach);

$('composer').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  completion.close();
  const text = $('text')
    .value.trim()
    .replace(/^\/league\s*/, '');
  const file = attached;
  $('text').value = '';
  $('file').value = '';
  attach(null);
  activate('channel');
  await send(text || 'help', file);
});
$('file').addEventListener('change', () => attach($('file').files[0] ?? null));

async function loadCommands() {
  try {
    const r = await api(`/api/commands?user=${encodeURIComponent(who.value)}`);
    if (r.ok) commands = (await r.json()).commands ?? [];
  } catch {
    commands = [];
  }
}
who.addEventListener('change', () => {
  localStorage.setItem('league-user', who.value);
  version = -1;
  for (const f of Object.values(feeds)) f.reset();
  loadCommands();
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
loadCommands();
poll();
