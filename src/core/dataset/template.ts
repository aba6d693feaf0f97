import type { InstructionFields } from './formats';
import type { DatasetIssue } from './report';

/** A template.json that passed the checks, with the fields its placeholders name. */
export interface CheckedTemplate {
  prompt: string;
  completion: string;
  fields: InstructionFields;
}

type Parsed = { names: string[] } | { problem: string };

/** Placeholders of a JumpStart template, filled by Python's str.format: `{name}`, `{{` and `}}` for braces. */
export function placeholders(s: string): Parsed {
  const names: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{') {
      if (s[i + 1] === '{') {
        i++;
        continue;
      }
      const close = s.indexOf('}', i);
      if (close < 0) return { problem: `"{" at position ${i + 1} is never closed` };
      const name = s.slice(i + 1, close);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { problem: `{${name.slice(0, 30)}} is not a field name` };
      if (!names.includes(name)) names.push(name);
      i = close;
    } else if (c === '}') {
      if (s[i + 1] === '}') {
        i++;
        continue;
      }
      return { problem: `"}" at position ${i + 1} has no matching "{"` };
    }
  }
  return { names };
}

const HINT =
  'template.json must be {"prompt": "… {instruction} …", "completion": "{response}"}; write literal braces as {{ and }}.';

/** Checks a parsed template.json; issues are about the file as a whole (line 0). */
export function checkTemplate(value: unknown): { template?: CheckedTemplate; issues: DatasetIssue[] } {
  const fail = (message: string, hint = HINT) => ({
    issues: [{ line: 0, code: 'TEMPLATE_INVALID', message: `template.json: ${message}.`, hint }],
  });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('it must be a JSON object');
  const { prompt, completion } = value as Record<string, unknown>;
  if (typeof prompt !== 'string') return fail(prompt === undefined ? 'it has no "prompt"' : '"prompt" must be text');
  if (typeof completion !== 'string')
    return fail(completion === undefined ? 'it has no "completion"' : '"completion" must be text');
  const p = placeholders(prompt);
  if ('problem' in p) return fail(`in "prompt", ${p.problem}`);
  const c = placeholders(completion);
  if ('problem' in c) return fail(`in "completion", ${c.problem}`);
  if (p.names.length === 0)
    return fail(
      '"prompt" has no {placeholder}, so every example would ask the same thing',
      'Put the field of your rows that holds the question in the prompt, e.g. {instruction}.',
    );
  if (c.names.length === 0)
    return fail(
      '"completion" has no {placeholder}, so every example would have the same answer',
      'Put the field of your rows that holds the answer in the completion, e.g. {response}.',
    );
  const both = c.names.filter((n) => p.names.includes(n));
  if (both.length)
    return fail(
      `{${both[0]}} is in both "prompt" and "completion"`,
      'A field is either part of the question or part of the answer; use it in one place.',
    );
  return {
    template: {
      prompt,
      completion,
      fields: { all: [...p.names, ...c.names], prompt: p.names, completion: c.names, optional: [], fromTemplate: true },
    },
    issues: [],
  };
}
