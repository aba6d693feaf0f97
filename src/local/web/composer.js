// The composer's helpers: command completion from the league's own command table, and attaching a
// file by picking it or dropping it on the page.

/** The literal words a command starts with: `round open name="…" …` is `round open`. */
export const commandHead = (syntax) => {
  const words = [];
  for (const w of syntax.split(/\s+/)) {
    if (/^[[<"“]|[=|]/.test(w)) break;
    words.push(w);
  }
  return words.join(' ');
};

/** Commands for what is typed so far: those it starts, or the one it is in the middle of. */
export function completions(commands, typed) {
  const t = typed
    .replace(/^\/league\s*/i, '')
    .replace(/\s+/g, ' ')
    .trimStart()
    .toLowerCase();
  if (!t) return [];
  return commands.filter((c) => {
    const head = commandHead(c.syntax);
    return `${head} `.startsWith(t) || t.startsWith(`${head} `);
  });
}

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * A listbox under the input: ↑/↓ choose, Tab or Enter take the chosen command, Escape closes it.
 * `commands()` gives the table the server sent (`help`'s own).
 */
export function setupCompletion(input, list, commands) {
  let shown = [];
  let chosen = -1;
  // Enter takes a command only when one was picked with the arrows; otherwise it sends what is typed.
  let picked = false;
  const close = () => {
    shown = [];
    chosen = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const draw = () => {
    list.innerHTML = shown
      .map(
        (c, i) =>
          `<div role="option" id="cmd-${i}" aria-selected="${i === chosen}"><code>${esc(c.syntax)}</code><span>${esc(c.about)}</span></div>`,
      )
      .join('');
    list.hidden = !shown.length;
    input.setAttribute('aria-expanded', String(shown.length > 0));
    if (chosen >= 0) input.setAttribute('aria-activedescendant', `cmd-${chosen}`);
  };
  const take = (i) => {
    const c = shown[i];
    if (!c) return;
    const head = commandHead(c.syntax);
    const typed = input.value.replace(/^\/league\s*/i, '');
    // Past the command's words already: keep what was typed.
    if (!typed.toLowerCase().startsWith(`${head} `)) input.value = `${head} `;
    close();
    picked = false;
    input.focus();
  };
  const refresh = () => {
    picked = false;
    shown = completions(commands(), input.value).slice(0, 8);
    chosen = -1;
    draw();
  };
  input.addEventListener('input', refresh);
  input.addEventListener('blur', () => setTimeout(close, 150));
  input.addEventListener('keydown', (ev) => {
    if (!shown.length) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const step = ev.key === 'ArrowDown' ? 1 : -1;
      chosen = chosen < 0 && step < 0 ? shown.length - 1 : (chosen + step + shown.length) % shown.length;
      picked = true;
      draw();
    } else if (ev.key === 'Tab' || (ev.key === 'Enter' && picked)) {
      ev.preventDefault();
      take(Math.max(chosen, 0));
    } else if (ev.key === 'Escape') close();
  });
  list.addEventListener('mousedown', (ev) => {
    const option = ev.target.closest('[role=option]');
    if (!option) return;
    ev.preventDefault();
    take(Number(option.id.slice(4)));
  });
  return { close };
}

/** Dragging a file over the page shows where it goes; dropping it attaches it. */
export function setupDrop(overlay, attach) {
  let depth = 0;
  const hasFiles = (ev) => [...(ev.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragenter', (ev) => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragover', (ev) => {
    if (hasFiles(ev)) ev.preventDefault();
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  document.addEventListener('drop', (ev) => {
    ev.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = ev.dataTransfer?.files?.[0];
    if (file) attach(file);
  });
}
