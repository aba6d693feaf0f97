import { readLines } from './line-reader';

const decoder = new TextDecoder();

/** Reads a validated train.jsonl and yields prompt/response pairs (chat: each user turn -> the next assistant turn). */
export async function* trainingPairs(lines: AsyncIterable<Uint8Array>): AsyncGenerator<{ prompt: string; response: string }> {
  for await (const raw of readLines(lines, 1 << 20)) {
    const text = decoder.decode(raw.bytes).trim();
    if (!text) continue;
    const row = JSON.parse(text) as { instruction?: string; context?: string; response?: string; dialog?: { role: string; content: string }[] };
    if (row.dialog) {
      for (let i = 0; i + 1 < row.dialog.length; i++) {
        if (row.dialog[i]!.role === 'user' && row.dialog[i + 1]!.role === 'assistant') yield { prompt: row.dialog[i]!.content, response: row.dialog[i + 1]!.content };
      }
    } else if (row.instruction !== undefined && row.response !== undefined) {
      yield { prompt: row.context ? `${row.instruction}\n${row.context}` : row.instruction, response: row.response };
    }
  }
}
