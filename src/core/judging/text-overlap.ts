/** Content-word overlap, shared by the offline stand-in judge and the canary judge. */

const STOP_WORDS = new Set(
  (
    'a an the and or but of to in on at for with by from as into onto about than then so if not no nor ' +
    'is are was were be been being am do does did done has have had having can could will would shall should may might must ' +
    'it its this that these those there here which who whom whose what when where why how ' +
    'i me my we our you your he him his she her they them their one ones also very just only such more most some any each all ' +
    'up out over under again further once same other own too s t'
  ).split(' '),
);

/** Lower-cased word tokens minus stop words, with a plural `s` dropped so "rates" meets "rate". */
export function contentWords(text: string): string[] {
  const tokens = text.toLowerCase().match(/\p{L}[\p{L}\p{N}]*|\p{N}+(?:[.,]\p{N}+)*/gu) ?? [];
  return tokens
    .filter((w) => !STOP_WORDS.has(w) && !(w.length === 1 && /\p{L}/u.test(w)))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

/**
 * F1 of the content words an answer shares with a target, counting repeats only as often as the
 * target has them. Precision matters: padding and repetition lower the score instead of raising it.
 */
export function overlapF1(answer: string, target: string): number {
  const a = contentWords(answer);
  const t = contentWords(target);
  if (!a.length || !t.length) return 0;
  const remaining = new Map<string, number>();
  for (const w of t) remaining.set(w, (remaining.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of a) {
    const left = remaining.get(w) ?? 0;
    if (left > 0) {
      common++;
      remaining.set(w, left - 1);
    }
  }
  if (!common) return 0;
  const precision = common / a.length;
  const recall = common / t.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Rough token count (about four characters a token) for the stand-in judges' usage figures. */
export const approxTokens = (text: string): number => Math.ceil(text.length / 4);
