/** Core's light markdown -> Discord markdown. */

/** Emoji shortcodes core writes; Discord converts shortcodes only when a person types them. */
const EMOJI: Record<string, string> = {
  trophy: '🏆',
  inbox_tray: '📥',
  warning: '⚠️',
  white_check_mark: '✅',
  x: '❌',
  hourglass: '⏳',
  hourglass_flowing_sand: '⏳',
  tada: '🎉',
  medal: '🏅',
  first_place_medal: '🥇',
  chart_with_upwards_trend: '📈',
  no_entry: '⛔',
  information_source: 'ℹ️',
  rocket: '🚀',
  mag: '🔍',
  bell: '🔔',
  lock: '🔒',
  stopwatch: '⏱️',
};

const MENTION = /<@([^<>\s]+)>/g;

/** A core mention target as Discord shows it: `discord:G:U` -> `<@U>`, anyone else by name. */
function mention(target: string): string {
  const parts = target.split(':');
  const id = parts[parts.length - 1] ?? target;
  if (parts[0] === 'discord' && parts.length === 3 && /^\d{1,20}$/.test(id)) return `<@${id}>`;
  return neutralize(`@${escapeMarkdown(id)}`);
}

/**
 * Text with nothing Discord would turn into a mention or a masked link: user, role and channel
 * mentions (`<@1>`, `<@!1>`, `<@&1>`, `<#1>`), command mentions (`</x:1>`), `@everyone` and `@here`,
 * and `[text](url)`. A zero-width space breaks each one and leaves the text readable; core mentions
 * (`<@discord:G:U>`) are not Discord syntax and pass, for `toDiscordMarkdown` to convert.
 */
const neutralize = (text: string): string =>
  text
    .replace(/<(?=@[!&]?\d|#\d|\/)/g, '<\u200b')
    .replace(/@(?=everyone|here)/gi, '@\u200b')
    .replace(/\]\(/g, ']\u200b(');

/** Escapes characters Discord would read as formatting. */
const escapeMarkdown = (s: string): string => s.replace(/([\\*_`~|>])/g, '\\$1');

/** Outside code spans: core `*bold*` -> `**bold**`, shortcodes -> emoji, mentions -> Discord mentions. */
function convertProse(s: string): string {
  return s
    .replace(/(?<![*\w\\])\*(?![\s*])([^*\n]+?)(?<![\s\\])\*(?![*\w])/g, '**$1**')
    .replace(/:([a-z_]+):/g, (m, name: string) => EMOJI[name] ?? m)
    .replace(MENTION, (_m, target: string) => mention(target));
}

/** Core text as Discord markdown; code spans are left as they are. */
export function toDiscordMarkdown(text: string): string {
  return neutralize(text)
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : convertProse(part)))
    .join('');
}

/** Core text where Discord shows no markdown (titles, field names, labels): mentions by name, no markup. */
export function toPlainText(text: string): string {
  return neutralize(text)
    .replace(MENTION, (_m, target: string) => neutralize(`@${target.split(':').pop() ?? target}`))
    .replace(/:([a-z_]+):/g, (m, name: string) => EMOJI[name] ?? m)
    .replace(/(?<![*\w])\*([^*\n]+?)\*(?![*\w])/g, '$1')
    .replace(/`([^`\n]*)`/g, '$1');
}
