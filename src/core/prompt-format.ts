/** How a fine-tuned model was trained, so it is asked the way it learned. */
export type PromptFormat = 'instruction' | 'chat';

/** The layout a submission's model was trained on, from its validated dataset. */
export const promptFormatOf = (sub: { validation?: { format: string | null } }): PromptFormat =>
  sub.validation?.format === 'chat' ? 'chat' : 'instruction';

/**
 * The template.json written beside every instruction dataset. JumpStart's instruction tuning fills
 * it per row with Python's str.format; without it JumpStart uses a default of its own, which the
 * evaluation would not match. One template for every row (str.format has no conditionals), so an
 * empty context still shows its section, in training and in the evaluation alike.
 */
export const INSTRUCTION_TEMPLATE = {
  prompt:
    'Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n### Instruction:\n{instruction}\n\n### Input:\n{context}\n\n### Response:\n',
  completion: '{response}',
} as const;

/** Fills `{name}` fields as Python's str.format does (`{{` and `}}` are literal braces). */
function fill(template: string, row: Record<string, string>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string | undefined) =>
    m === '{{' ? '{' : m === '}}' ? '}' : (row[name!] ?? ''),
  );
}

/** The prompt an instruction-tuned model is asked: the template filled as training filled it. */
export function instructionPrompt(instruction: string, context = ''): string {
  return fill(INSTRUCTION_TEMPLATE.prompt, { instruction, context });
}

export interface PromptTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const BEGIN = '<|begin_of_text|>';
const header = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
const EOT = '<|eot_id|>';

/** A conversation in the Llama 3 chat template, as chat datasets are tokenised for training. */
export function chatText(turns: readonly PromptTurn[]): string {
  return BEGIN + turns.map((t) => `${header(t.role)}${t.content.trim()}${EOT}`).join('');
}

/** The prompt a chat-tuned model is asked: the conversation so far, then the assistant's header. */
export function chatPrompt(turns: readonly PromptTurn[]): string {
  return chatText(turns) + header('assistant');
}

/** Where a generated answer ends: the end-of-turn token, or a made-up next section of the layout. */
export const ANSWER_END = /<\|eot_id\|>|<\|start_header_id\|>|\n#{2,3} (?:Instruction|Input|Response):/;
