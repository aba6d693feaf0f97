import {
  type DatasetLimits,
  DEFAULT_LIMITS,
  type ValidateOptions,
  type ValidationReport,
  validateDataset,
} from '../../src/core/dataset';

export const encoder = new TextEncoder();

/** Streams bytes in chunks of the given sizes (cycled), so tests can cut lines anywhere. */
export async function* chunked(bytes: Uint8Array, sizes: number[] = [65536]): AsyncGenerator<Uint8Array> {
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes[k++ % sizes.length]!);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

export const LIMITS: DatasetLimits = { ...DEFAULT_LIMITS, minRows: 1 };

export function validateText(
  text: string | Uint8Array,
  options: Partial<ValidateOptions> = {},
  sizes?: number[],
): Promise<ValidationReport> {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  return validateDataset(chunked(bytes, sizes), { limits: LIMITS, ...options });
}

export const instructionRow = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    instruction: `Question number ${i} about saving money for a rainy day?`,
    response: `Answer ${i}: put a little aside every month, automatically, into a separate account.`,
    ...extra,
  });

export const chatRow = (i: number) =>
  JSON.stringify({
    messages: [
      { role: 'system', content: 'You are a helpful finance coach.' },
      { role: 'user', content: `How should I start saving, case ${i}?` },
      {
        role: 'assistant',
        content: `Start with a small automatic transfer on payday, case ${i}, and raise it over time.`,
      },
    ],
  });

export const lines = (n: number, row: (i: number) => string = instructionRow) =>
  Array.from({ length: n }, (_, i) => row(i + 1));

export const codes = (r: ValidationReport) => r.errors.map((e) => e.code);
