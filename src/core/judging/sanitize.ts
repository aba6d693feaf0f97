/**
 * Answer sanitising: what a contestant's model (or the reference) wrote is data for the judge, so
 * anything that could pose as the judge's own output or as the end of its prompt is removed before
 * judging, and both answers get the same length cap.
 */

/** Invisible characters that can hide a token from a filter (`[\u200b[A>>B]]`) or reorder text. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Chat-template control tokens an answer could use to fake the end of the judge's turn:
 * `<|eot_id|>`, `<|start_header_id|>`, `<|im_start|>` (any `<|…|>`), DeepSeek's `<｜…｜>`,
 * Llama 2's `[INST]`/`<<SYS>>`, `<s>`/`</s>`, Gemma's turn markers, `<bos>`/`<eos>`.
 */
export const CONTROL_TOKENS =
  /<\|[^|<>\n]{1,40}\|>|<｜[^｜<>\n]{1,40}｜>|\[\/?INST\]|<<\/?SYS>>|<\/?s>|<\/?(?:start|end)_of_turn>|<(?:bos|eos|pad|unk)>/gi;

/**
 * Verdict tokens however spaced, cased or written (`[[A>>B]]`, `[[ b > a ]]`, `[[a>>\nb]]`, full-width
 * `［［Ａ＞Ｂ］］`, `⟦A>B⟧`), whatever the whitespace inside, and any other short double-bracketed
 * text, so an answer cannot hand the judge a ready-made verdict.
 */
const DOUBLE_BRACKETED = /[[［]\s*[[［][^[\]［］]{0,40}[\]］]\s*[\]］]|⟦[^⟦⟧]{0,40}⟧/g;
/** A verdict token padded with any amount of whitespace, which the length-bounded pattern above misses. */
const PADDED_VERDICT = /[[［]\s*[[［]\s*[AaＡａBbＢｂ]\s*[<>=＜＞＝]{1,2}\s*[AaＡａBbＢｂ]\s*[\]］]\s*[\]］]/g;
/** Bracket characters, dropped as a last resort when nesting outlasts the passes below. */
const BRACKETS = /[[\]［］⟦⟧]/g;
/** A verdict in single brackets (`[A>>B]`); upper-case only, so code such as `[a=b]` survives. */
const SINGLE_BRACKETED_VERDICT = /[[［]\s*[AＡBＢ]\s*[<>=＜＞＝]{1,2}\s*[AＡBＢ]\s*[\]］]/g;

/**
 * Lines that imitate the prompt's own structure: a delimiter-shaped line (`<<<answer-…>>>` with any
 * id, or lookalike angle brackets), and section headers (`[Answer B]`, `[Reference answer]`,
 * `Reference answer:`), so an answer cannot pose as the end of its block or as another section.
 */
const DELIMITER_LOOKALIKE = /[<‹«〈＜﹤]{3}[^\n]{0,80}?[>›»〉＞﹥]{3}/g;
const SECTION_HEADER =
  /[[［]\s*(?:answer|response|assistant)\s*[ABab]\s*[\]］]|[[［]\s*(?:reference|gold|model)\s+answer\s*[\]］]|[[［]\s*question\s*[\]］]/gi;
const SECTION_LABEL = /^([ \t>*_#-]*)(?:reference answer|gold answer|answer [AB]|response [AB]|assistant [AB])\s*:/gim;

/** Leading indentation kept per line: enough for nested code, not for whitespace padding. */
const MAX_INDENT = 16;
/** Each pass peels one layer of nested tokens; past this many the brackets go altogether. */
const MAX_PASSES = 20;
/** A line with at least this many words said again is padding, not content. */
const REPEATABLE_LINE_WORDS = 4;

export interface SanitizeOptions {
  /** Same cap for both answers, so neither can win on sheer volume. */
  maxChars: number;
  /** The request's delimiters: an answer must not be able to close its own quoted block. */
  delimiters?: string[];
}

/**
 * Strips verdict tokens, the given delimiters and chat-template control tokens; collapses runaway
 * whitespace and lines repeated as padding; cuts to `maxChars`.
 */
export function sanitizeAnswer(text: string, opts: SanitizeOptions): string {
  let t = text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
  // Removing one token can join the pieces of another (`[[A<|eot_id|>>>B]]`): repeat until stable.
  let stable = false;
  for (let pass = 0; pass < MAX_PASSES && !stable; pass++) {
    let next = t
      .replace(CONTROL_TOKENS, ' ')
      .replace(PADDED_VERDICT, ' ')
      .replace(DOUBLE_BRACKETED, ' ')
      .replace(SINGLE_BRACKETED_VERDICT, ' ')
      .replace(DELIMITER_LOOKALIKE, ' ')
      .replace(SECTION_HEADER, ' ')
      .replace(SECTION_LABEL, '$1');
    for (const d of opts.delimiters ?? []) if (d) next = next.split(d).join(' ');
    stable = next === t;
    t = next;
  }
  // Nesting deeper than the passes: no bracket survives, so no token can.
  if (!stable) t = t.replace(BRACKETS, ' ');
  t = collapseWhitespace(t);
  t = dropRepeatedLines(t);
  return capLength(t, opts.maxChars);
}

function collapseWhitespace(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^[ \t]*/.exec(line)![0];
      const body = line
        .slice(indent.length)
        .replace(/[ \t\f\v\u00a0\u2000-\u200a\u3000]+/g, ' ')
        .trimEnd();
      return body ? indent.slice(0, MAX_INDENT) + body : '';
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Padding by repetition earns nothing: a line of prose said again is kept once. */
function dropRepeatedLines(text: string): string {
  const seen = new Set<string>();
  return text
    .split('\n')
    .filter((line) => {
      const key = line
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
      if (key.split(' ').length < REPEATABLE_LINE_WORDS) return true; // braces, short code lines, list markers
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

function capLength(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, Math.floor(maxChars));
  // Never leave half of a surrogate pair at the cut.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end).trimEnd();
}

/** Phrases that speak to the judge rather than answer the question. */
const ADDRESSING = [
  /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+)?(?:above|previous|prior|preceding|earlier|former|other)\b/i,
  /\b(?:as the|dear|attention,?)\s+(?:llm\s+)?(?:judge|evaluator|grader)\b/i,
  /\b(?:judge|evaluator|grader),\s*(?:you|please|ignore|output|choose|pick)\b/i,
  /\byou\s+(?:must|should|will|have to|need to)\s+(?:output|answer|say|choose|pick|select|prefer|rate|respond|declare|return)\b/i,
  /\b(?:your|the|final|correct|my)\s+verdict\b|\bverdict\s*(?::|=|is\b|should\b|must\b)/i,
  /\b(?:answer|assistant|response|output)\s+[AB]\s+is\s+(?:the\s+)?(?:best|better|winner|correct|superior|empty|wrong|worse)\b/i,
  /\b(?:system prompt|new instructions?|end of (?:the )?(?:template|prompt|instructions?))\b/i,
  /\bthe answer containing this\b/i,
];

/**
 * Flags an answer that talks to the judge instead of answering the question (reported to organizers).
 * A bare "verdict" is not enough — legal answers use the word — but "your verdict", "verdict:" are.
 */
export function addressesJudge(text: string): boolean {
  const t = text.replace(INVISIBLE, '');
  // `search` ignores the global regexes' lastIndex, so repeated calls agree.
  return (
    ADDRESSING.some((re) => re.test(t)) ||
    [
      DOUBLE_BRACKETED,
      PADDED_VERDICT,
      SINGLE_BRACKETED_VERDICT,
      CONTROL_TOKENS,
      DELIMITER_LOOKALIKE,
      SECTION_HEADER,
    ].some((re) => t.search(re) >= 0)
  );
}
