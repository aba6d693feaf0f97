import { z } from 'zod';
import { LeagueError, TransientError } from '../../core/errors';
import { truncate } from '../../core/messages/truncate';
import type { Generator, Judge, JudgeRequest, ModelRequest, ModelResponse } from '../../core/ports';

/** Where an OpenAI-compatible chat-completions server lives (Ollama, vLLM, llama.cpp server). */
export interface OpenAiCompatibleConfig {
  /** e.g. `http://localhost:11434/v1` (Ollama) or `http://localhost:8000/v1` (vLLM). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Model family of a judge, so it is never from the family it judges. */
  family?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z
    .object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() })
    .optional(),
});

function client(config: OpenAiCompatibleConfig) {
  const doFetch = config.fetchImpl ?? fetch;
  const url = `${config.baseUrl.replace(/\/$/, '')}/chat/completions`;
  return async (req: ModelRequest): Promise<ModelResponse> => {
    const body = {
      model: config.model,
      messages: [...(req.system ? [{ role: 'system', content: req.system }] : []), ...req.messages],
      max_tokens: req.maxTokens,
      temperature: req.temperature,
      stream: false,
    };
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs ?? 120_000),
      });
    } catch (e) {
      throw new TransientError(`Model server ${config.model} unreachable`, { cause: e });
    }
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get('retry-after') ?? NaN);
      throw new TransientError(`Model server ${config.model} throttled the call`, {
        code: 'THROTTLED',
        retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
      });
    }
    if (res.status >= 500) throw new TransientError(`Model server ${config.model} answered ${res.status}`);
    if (!res.ok)
      throw new LeagueError(
        'CONFIG',
        `Model server ${config.model} refused the request (${res.status}): ${truncate(await res.text(), 200)}`,
      );
    const parsed = CompletionSchema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new TransientError(`Model server ${config.model} sent an unreadable answer`);
    const text = parsed.data.choices[0]!.message.content ?? '';
    const usage = parsed.data.usage;
    return {
      text,
      inputTokens: usage?.prompt_tokens ?? Math.ceil(JSON.stringify(body.messages).length / 4),
      outputTokens: usage?.completion_tokens ?? Math.ceil(text.length / 4),
    };
  };
}

/** A Generator over an OpenAI-compatible endpoint (a local model server can replace the offline stand-ins). */
export function createOpenAiCompatibleGenerator(config: OpenAiCompatibleConfig): Generator {
  const complete = client(config);
  return { modelId: config.model, generate: complete };
}

/** A Judge over an OpenAI-compatible endpoint: it reads only `system` and the prompt messages. */
export function createOpenAiCompatibleJudge(config: OpenAiCompatibleConfig): Judge {
  const complete = client(config);
  return {
    modelId: config.model,
    family: config.family ?? config.model.split(/[:/-]/)[0]!.toLowerCase(),
    judge: (req: JudgeRequest) =>
      complete({ system: req.system, messages: req.messages, maxTokens: req.maxTokens, temperature: req.temperature }),
  };
}
