import { type ChatTurn, hasText } from '../../core/dataset/formats';
import { type LineSink, LineSplitter } from '../../core/dataset/line-reader';

export interface TrainingPair {
  prompt: string;
  response: string;
}

/** Lines of train.jsonl are written by the validator, so a generous limit only guards memory. */
const MAX_TRAIN_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a train.jsonl written by onTrainLine and yields prompt/response pairs. Instruction rows:
 * instruction (and context, when there is one) -> response; with the member's template, the
 * rendered prompt -> the rendered completion. Chat rows: each user turn -> the assistant turn
 * after it (earlier turns are not part of the prompt). Lines that are not such rows are skipped.
 */
export async function* trainingPairs(
  lines: AsyncIterable<Uint8Array>,
  template?: { prompt: string; completion: string },
): AsyncGenerator<TrainingPair> {
  const batch: TrainingPair[] = [];
  const sink: LineSink = {
    batch() {},
    line({ text }) {
      let row: unknown;
      try {
        row = JSON.parse(text);
      } catch {
        return;
      }
      if (typeof row === 'object' && row !== null && !Array.isArray(row))
        pairsOf(row as Record<string, unknown>, template, batch);
    },
    problem() {},
  };
  const splitter = new LineSplitter(MAX_TRAIN_LINE_BYTES, sink);
  for await (const chunk of lines) {
    splitter.push(chunk);
    yield* batch.splice(0);
  }
  splitter.end();
  yield* batch.splice(0);
}

function pairsOf(
  row: Record<string, unknown>,
  template: { prompt: string; completion: string } | undefined,
  out: TrainingPair[],
): void {
  const turns = row.dialog ?? row.messages;
  if (Array.isArray(turns)) {
    const list = turns as Partial<ChatTurn>[];
    for (let i = 0; i + 1 < list.length; i++) {
      const user = list[i]!;
      const next = list[i + 1]!;
      if (
        user?.role === 'user' &&
        next?.role === 'assistant' &&
        typeof user.content === 'string' &&
        typeof next.content === 'string'
      ) {
        out.push({ prompt: user.content, response: next.content });
      }
    }
    return;
  }
  if (template) {
    out.push({
      prompt: renderTemplate(template.prompt, row).trim(),
      response: renderTemplate(template.completion, row).trim(),
    });
    return;
  }
  const { instruction, context, response } = row;
  if (typeof instruction !== 'string' || typeof response !== 'string') return;
  const prompt = typeof context === 'string' && hasText(context) ? `${instruction}\n\n${context}` : instruction;
  out.push({ prompt, response });
}

/** Fills a checked template with a row's fields. */
export function renderTemplate(s: string, row: Record<string, unknown>): string {
  return s.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const v = row[name!];
    return typeof v === 'string' ? v : '';
  });
}
