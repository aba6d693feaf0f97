// One conversation pane of the playground, as chat clients behave: it follows the newest message
// unless the reader scrolled away (then a "new messages" button), and counts what is unread.
import { renderMessage } from '/assets/render.js';

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** How close to the bottom still counts as "reading the newest", in pixels. */
const NEAR_BOTTOM = 48;

function entryHtml(e) {
  let body;
  try {
    body = renderMessage(e.message);
  } catch {
    // A message this page cannot draw must not stop the others from being drawn.
    body = `<div class="b-text tone-error">This message could not be shown.</div>`;
  }
  const edited = e.editedAt ? ' <span class="edited">(edited)</span>' : '';
  const time = new Date(e.at).toLocaleTimeString();
  const file = e.fileUrl
    ? `<a class="b-file" download="${esc(e.fileName)}" href="${esc(e.fileUrl)}">⬇ ${esc(e.fileName)}</a>`
    : '';
  const who = e.ephemeral ? 'Only visible to you' : 'League bot';
  return `<div class="meta">${who} · ${esc(time)}${edited}</div>${body}${file}`;
}

export class Feed {
  /**
   * @param {HTMLElement} pane the section (holds the feed, its jump button and its badge)
   * @param {{ empty: string, badges: HTMLElement[], isActive: () => boolean, onUnread: () => void }} options
   */
  constructor(pane, options) {
    this.pane = pane;
    this.feed = pane.querySelector('.feed');
    this.jump = pane.querySelector('.jump');
    this.options = options;
    this.divider = document.createElement('div');
    this.divider.className = 'unread-divider';
    this.divider.setAttribute('role', 'separator');
    this.divider.textContent = 'New';
    this.emptyNote = document.createElement('p');
    this.emptyNote.className = 'empty';
    this.emptyNote.textContent = options.empty;
    this.jump.addEventListener('click', () => this.toBottom());
    this.feed.addEventListener('scroll', () => {
      // Hidden (a phone's other tab), a pane has no scroll position to learn from.
      if (this.feed.clientHeight) this.pinned = this.atBottom();
      this.settle();
    });
    this.reset();
  }

  /** Forget everything (another person is reading): the next update is read in full, at the bottom. */
  reset() {
    this.nodes = new Map();
    this.seen = undefined;
    this.unread = [];
    this.dividerAt = undefined;
    // Whether the reader follows the newest message (was at the bottom when last looking).
    this.pinned = true;
    this.feed.replaceChildren();
    this.refreshMarkers();
  }

  atBottom() {
    const f = this.feed;
    return f.scrollHeight - f.scrollTop - f.clientHeight <= NEAR_BOTTOM;
  }

  toBottom() {
    this.feed.scrollTop = this.feed.scrollHeight;
    this.pinned = true;
    this.settle();
  }

  /** The pane is on screen again: a reader who followed the newest message sees it. */
  shown() {
    if (this.pinned) this.feed.scrollTop = this.feed.scrollHeight;
    this.settle();
  }

  /**
   * Draws the entries (oldest first), changing only what changed, so a menu being used or text
   * being selected survives a repaint. `follow`: the reader just sent something, so show the newest.
   */
  update(entries, { follow = false } = {}) {
    const first = this.seen === undefined;
    // Where the reader is now, not as of the last scroll event (it may not have fired yet).
    const stayAtBottom = first || follow || (this.feed.clientHeight ? this.atBottom() : this.pinned);
    const scrollTop = this.feed.scrollTop;
    this.seen ??= new Set(entries.map((e) => e.id));
    // The "New" line stays where the first unread message was until the reader writes, so nothing
    // moves under the pointer when reading marks messages read.
    if (follow) this.dividerAt = undefined;
    for (const e of entries) {
      if (this.seen.has(e.id) || this.unread.includes(e.id)) continue;
      if (e.own) this.seen.add(e.id);
      else {
        if (!this.unread.length) this.dividerAt = e.id;
        this.unread.push(e.id);
      }
    }
    const wanted = [];
    const live = new Set();
    for (const e of entries) {
      live.add(e.id);
      const sig = `${e.editedAt ?? ''}|${e.fileUrl ?? ''}`;
      let node = this.nodes.get(e.id);
      if (!node || node.sig !== sig) {
        const el = node?.el ?? document.createElement('article');
        el.className = `msg${e.ephemeral ? ' ephemeral' : ''}`;
        el.dataset.id = e.id;
        el.innerHTML = entryHtml(e);
        node = { el, sig };
        this.nodes.set(e.id, node);
      }
      if (this.dividerAt === e.id) wanted.push(this.divider);
      wanted.push(node.el);
    }
    for (const id of this.nodes.keys()) if (!live.has(id)) this.nodes.delete(id);
    this.unread = this.unread.filter((id) => live.has(id));
    if (!wanted.length) wanted.push(this.emptyNote);
    this.place(wanted);
    if (stayAtBottom) this.feed.scrollTop = this.feed.scrollHeight;
    else this.feed.scrollTop = scrollTop;
    this.settle();
  }

  /** Puts the nodes in order, moving only those out of place. */
  place(wanted) {
    let previous = null;
    for (const el of wanted) {
      const slot = previous ? previous.nextSibling : this.feed.firstChild;
      if (slot !== el) this.feed.insertBefore(el, slot);
      previous = el;
    }
    while (previous?.nextSibling) previous.nextSibling.remove();
  }

  /** Unread messages become read once the reader is in this pane and at its bottom. */
  settle() {
    if (this.unread.length && this.options.isActive() && this.atBottom()) {
      for (const id of this.unread) this.seen.add(id);
      this.unread = [];
    }
    this.refreshMarkers();
  }

  refreshMarkers() {
    const n = this.unread.length;
    this.jump.hidden = !n || this.atBottom();
    this.jump.textContent = `${n} new message${n === 1 ? '' : 's'} ↓`;
    for (const badge of this.options.badges) {
      badge.hidden = !n;
      badge.textContent = `${n} new`;
    }
    this.options.onUnread?.();
  }
}
