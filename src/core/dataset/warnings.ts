import type { HiddenOverlap } from './leakage';
import type { DatasetIssue } from './report';
import { SENSITIVE_DESCRIPTION, type SensitiveKind } from './sensitive-data';

/** Answers shorter than this many characters are checked for being a few words at most. */
const SHORT_ANSWER_CHARS = 24;
const SHORT_ANSWER_WORDS = 4;

/** Word count of an answer if it is very short, else 0 (cheap for long answers: no split). */
export function shortAnswerWords(s: string): number {
  if (s.length >= SHORT_ANSWER_CHARS * 2) return 0;
  const t = s.trim();
  if (t.length >= SHORT_ANSWER_CHARS) return 0;
  const words = t.split(/\s+/).length;
  return words < SHORT_ANSWER_WORDS ? words : 0;
}

export const shortAnswer = (line: number, words: number, field: string): DatasetIssue => ({
  line,
  code: 'SHORT_RESPONSE',
  message: `The ${field} is very short (${words} word${words === 1 ? '' : 's'}).`,
  hint: 'Write the complete answer you want the model to give: terse examples teach terse answers.',
});

export const exactDuplicate = (line: number, earlier: number): DatasetIssue => ({
  line,
  code: 'DUPLICATE_ROW',
  message: `Repeats line ${earlier} exactly.`,
  hint: 'Remove the repeat: a duplicate counts the same example twice and teaches nothing new.',
});

export const nearDuplicate = (line: number, earlier: number, percent: number): DatasetIssue => ({
  line,
  code: 'NEAR_DUPLICATE',
  message: `Nearly the same as line ${earlier} (about ${percent}% of word triples shared).`,
  hint: 'Remove one, or make them differ: near-copies push the model to memorise rather than generalise.',
});

export const tooManyTokens = (line: number, tokens: number, limit: number): DatasetIssue => ({
  line,
  code: 'TOO_MANY_TOKENS',
  message: `About ${tokens} tokens; training reads at most ${limit} per example, so the end of this one is cut off.`,
  hint: 'Shorten the example, or split it into two.',
});

export const sensitive = (line: number, kind: SensitiveKind): DatasetIssue => ({
  line,
  code: kind,
  message: `The row contains what looks like ${SENSITIVE_DESCRIPTION[kind]}.`,
  hint:
    kind === 'EMAIL_ADDRESS' || kind === 'PHONE_NUMBER'
      ? 'Remove or replace personal data: a model can repeat what it was trained on.'
      : 'Remove it, and revoke it where it was issued: anything in a training set can come back out of the model.',
});

export const ignoredField = (line: number, field: string): DatasetIssue => ({
  line,
  code: 'IGNORED_FIELD',
  message: `"${field.slice(0, 40)}" is not used for training (first seen on this line; not repeated for later lines).`,
  hint: 'Remove it, or, for the instruction format, use it in template.json as {placeholder}.',
});

export const templateIgnored = (): DatasetIssue => ({
  line: 0,
  code: 'TEMPLATE_IGNORED',
  message: 'template.json applies to the instruction format; this file is in the chat format, so it is not used.',
  hint: 'Leave template.json out for chat datasets.',
});

/** For organizers only: the member's prompt contains a hidden evaluation question. */
export const hiddenOverlap = (line: number, overlap: HiddenOverlap, question: string): DatasetIssue => ({
  line,
  code: 'HIDDEN_QUESTION_OVERLAP',
  message: `The prompt contains ${Math.round(overlap.containment * 100)}% of hidden question ${overlap.question + 1} ("${question.length > 80 ? `${question.slice(0, 77)}…` : question}").`,
  hint: 'Compare the row with the question before deciding; the member was not told.',
});
