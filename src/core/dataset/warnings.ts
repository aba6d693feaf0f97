import type { HiddenOverlap } from './leakage';
import { type DatasetIssue, issue } from './report';
import { SENSITIVE_DESCRIPTION, type SensitiveKind } from './sensitive-data';

/** Answers shorter than this many characters are checked for being a few words at most. */
const SHORT_ANSWER_CHARS = 24;
const SHORT_ANSWER_WORDS = 4;

// Words as the language writes them: Japanese or Thai put no spaces between words.
const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Word count of an answer if it is very short, else 0 (cheap for long answers: no segmenting). */
export function shortAnswerWords(s: string): number {
  if (s.length >= SHORT_ANSWER_CHARS * 2) return 0;
  const t = s.trim();
  if (t.length >= SHORT_ANSWER_CHARS) return 0;
  let words = 0;
  for (const w of WORDS.segment(t)) if (w.isWordLike && ++words >= SHORT_ANSWER_WORDS) return 0;
  return words;
}

/** Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), raw or escaped: they make text read other than it is. */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]|\\u(?:202[a-eA-E]|206[6-9])/;
export const bidiControl = (line: number): DatasetIssue =>
  issue(line, 'BIDI_CONTROL', 'The row contains a bidirectional control character (such as U+202E).', HINTS.BIDI);

/** What to do about each warning. */
const HINTS = {
  SHORT_RESPONSE: 'Write the complete answer you want the model to give: terse examples teach terse answers.',
  DUPLICATE_ROW: 'Remove the repeat: a duplicate counts the same example twice and teaches nothing new.',
  NEAR_DUPLICATE: 'Remove one, or make them differ: near-copies push the model to memorise rather than generalise.',
  TOO_MANY_TOKENS: 'Shorten the example, or split it into two.',
  PERSONAL: 'Remove or replace personal data: a model can repeat what it was trained on.',
  SECRET: 'Remove it, and revoke it where it was issued: anything in a training set can come back out of the model.',
  IGNORED_FIELD: 'Remove it, or, for the instruction format, use it in template.json as {placeholder}.',
  TEMPLATE_IGNORED: 'Leave template.json out for chat datasets.',
  BIDI: 'Remove it: it reorders how the text is displayed, so what a reader sees is not what the model learns.',
  HIDDEN_QUESTION_OVERLAP: 'Compare the row with the question before deciding; the member was not told.',
};
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const shortAnswer = (line: number, words: number, field: string): DatasetIssue =>
  issue(line, 'SHORT_RESPONSE', `The ${field} is very short (${plural(words, 'word')}).`, HINTS.SHORT_RESPONSE);

export const exactDuplicate = (line: number, earlier: number): DatasetIssue =>
  issue(line, 'DUPLICATE_ROW', `Repeats line ${earlier} exactly.`, HINTS.DUPLICATE_ROW);

export const nearDuplicate = (line: number, earlier: number, percent: number): DatasetIssue => {
  const message = `Nearly the same as line ${earlier} (about ${percent}% of word triples shared).`;
  return issue(line, 'NEAR_DUPLICATE', message, HINTS.NEAR_DUPLICATE);
};

export const tooManyTokens = (line: number, tokens: number, limit: number): DatasetIssue => {
  const message = `About ${tokens} tokens; training reads at most ${limit} per example, so the end of this one is cut off.`;
  return issue(line, 'TOO_MANY_TOKENS', message, HINTS.TOO_MANY_TOKENS);
};

export const sensitive = (line: number, kind: SensitiveKind): DatasetIssue => {
  const hint = kind === 'EMAIL_ADDRESS' || kind === 'PHONE_NUMBER' ? HINTS.PERSONAL : HINTS.SECRET;
  return issue(line, kind, `The row contains what looks like ${SENSITIVE_DESCRIPTION[kind]}.`, hint);
};

export const ignoredField = (line: number, field: string): DatasetIssue => {
  const message = `"${field.slice(0, 40)}" is not used for training (first seen on this line; not repeated for later lines).`;
  return issue(line, 'IGNORED_FIELD', message, HINTS.IGNORED_FIELD);
};

export const templateIgnored = (): DatasetIssue => {
  const message =
    'template.json applies to the instruction format; this file is in the chat format, so it is not used.';
  return issue(0, 'TEMPLATE_IGNORED', message, HINTS.TEMPLATE_IGNORED);
};

/** For organizers only: the member's prompt contains a hidden evaluation question. */
export const hiddenOverlap = (line: number, overlap: HiddenOverlap, question: string): DatasetIssue => {
  const shown = question.length > 80 ? `${question.slice(0, 77)}…` : question;
  const message = `The prompt contains ${Math.round(overlap.containment * 100)}% of hidden question ${overlap.question + 1} ("${shown}").`;
  return issue(line, 'HIDDEN_QUESTION_OVERLAP', message, HINTS.HIDDEN_QUESTION_OVERLAP);
};
