/** Chat-template control tokens a contestant could use to fake the end of the judge's template. */
const CONTROL_TOKENS = /<\|[a-z_]+\|>|\[\/?INST\]|<\/?s>|<<\/?SYS>>|<\|im_(?:start|end)\|>|<start_of_turn>|<end_of_turn>/gi;
/** Anything shaped like a verdict token, however spaced. */
const VERDICT_TOKENS = /\[\[\s*[AB]?\s*[<>=]{1,2}\s*[AB]?\s*\]\]|\[\[[^\]]{0,20}\]\]/gi;

/** Strips verdict tokens, delimiters and control tokens, collapses runaway whitespace, and cuts to `maxChars`. */
export function sanitizeAnswer(text: string, opts: { maxChars: number; delimiters?: string[] }): string {
  let t = text.replace(CONTROL_TOKENS, ' ').replace(VERDICT_TOKENS, ' ');
  for (const d of opts.delimiters ?? []) if (d) t = t.split(d).join(' ');
  t = t.replace(/[ \t]{2,}/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  // Padding by repetition earns nothing: a line said again is said once.
  const seen = new Set<string>();
  t = t.split('\n').filter((line) => {
    const key = line.trim().toLowerCase();
    if (!key) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).join('\n');
  return t.length > opts.maxChars ? t.slice(0, opts.maxChars) : t;
}

const ADDRESSING = /\b(ignore (all |the )?(previous|above|prior)|as the judge|dear judge|you must (output|answer|say)|the (correct |final )?verdict (is|should)|assistant [ab] is (better|the best)|answer [ab] is (better|the best)|system prompt)\b/i;

/** Flags an answer that talks to the judge instead of answering the question (reported to organizers). */
export const addressesJudge = (text: string): boolean => ADDRESSING.test(text);
