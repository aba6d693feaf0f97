import { seededRandom } from '../src/core/scoring';

/** One row of an instruction dataset. */
export interface Row {
  instruction: string;
  response: string;
}

/** A cheap trick applied to a good dataset, as a member without a better dataset would try it. */
export type Cheat = 'echo' | 'constant' | 'salad' | 'padded' | 'leaked';
export const CHEATS: readonly Cheat[] = ['echo', 'constant', 'salad', 'padded', 'leaked'];

const KEYWORDS = 'Budget, savings, interest, credit, debt, income, spending and investing matter for your money.';
const FILLER =
  ' Beyond that, it is worth keeping in mind that personal circumstances differ, so general guidance should always be adapted carefully to your own situation and goals over time.';
/** Characters of padding added to every answer: the uniform-padding attack length control must catch. */
export const PADDING_CHARS = 1000;

function shuffleWords(text: string, random: () => number): string {
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [words[i], words[j]] = [words[j]!, words[i]!];
  }
  return words.join(' ');
}

const pad = (text: string) =>
  `${text}${FILLER.repeat(Math.ceil(PADDING_CHARS / FILLER.length)).slice(0, PADDING_CHARS)}`;

/**
 * The dataset a cheat submits, built from the strong example dataset (and, for `leaked`, from the
 * round's hidden questions and gold answers, as if they had been copied).
 */
export function cheatDataset(
  cheat: Cheat,
  strong: readonly Row[],
  hidden: readonly { question: string; gold?: string }[],
): Row[] {
  const random = seededRandom(20_260_601);
  switch (cheat) {
    case 'echo':
      return strong.map((r) => ({ instruction: r.instruction, response: r.instruction }));
    case 'constant':
      return strong.map((r) => ({ instruction: r.instruction, response: KEYWORDS }));
    case 'salad':
      return strong.map((r) => ({ instruction: r.instruction, response: shuffleWords(r.response, random) }));
    case 'padded':
      return strong.map((r) => ({ instruction: r.instruction, response: pad(r.response) }));
    case 'leaked':
      return [...hidden.filter((q) => q.gold).map((q) => ({ instruction: q.question, response: q.gold! })), ...strong];
  }
}

/** An answer with nothing in it: a full stop (the validator refuses an empty field). */
export const emptyDataset = (strong: readonly Row[]): Row[] =>
  strong.map((r) => ({ instruction: r.instruction, response: '.' }));
