import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { LeagueError } from '../../core/errors';
import type { Generator, Judge, JudgeRequest, ModelRequest, ModelResponse } from '../../core/ports';
import { awsErrorName, transientFromAws } from './aws-errors';
import { bedrockModelFamily } from './model-family';

/** A Bedrock runtime client with the adaptive retry mode (client-side rate limiting on throttles). */
export function createBedrockClient(region: string, options: { maxAttempts?: number } = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ region, retryMode: 'adaptive', maxAttempts: options.maxAttempts ?? 4 });
}

/** The Converse request of a model call: `system` when given, the messages, `maxTokens` always. */
function converseRequest(modelId: string, req: ModelRequest): ConverseCommandInput {
  return {
    modelId,
    ...(req.system ? { system: [{ text: req.system }] } : {}),
    messages: req.messages.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
    inferenceConfig: { maxTokens: req.maxTokens, temperature: req.temperature },
  };
}

/** Refusals no retry can fix: a model not enabled for the account, a wrong id, a malformed request. */
const REFUSALS = new Set(['AccessDeniedException', 'ResourceNotFoundException', 'ValidationException']);

function converse(client: BedrockRuntimeClient, modelId: string) {
  return async (req: ModelRequest): Promise<ModelResponse> => {
    let r: ConverseCommandOutput;
    try {
      r = await client.send(new ConverseCommand(converseRequest(modelId, req)));
    } catch (e) {
      const transient = transientFromAws(e, `Bedrock ${modelId}`);
      if (transient) throw transient;
      if (REFUSALS.has(awsErrorName(e))) {
        throw new LeagueError(
          'CONFIG',
          `Bedrock refused ${modelId} (${awsErrorName(e)}): ${(e as Error).message}. Check model access in the Bedrock console.`,
          { cause: e },
        );
      }
      throw e;
    }
    const text = (r.output?.message?.content ?? [])
      .map((c) => ('text' in c && typeof c.text === 'string' ? c.text : ''))
      .join('');
    return { text, inputTokens: r.usage?.inputTokens ?? 0, outputTokens: r.usage?.outputTokens ?? 0 };
  };
}

export interface BedrockModelConfig {
  modelId: string;
  /** Model family of a judge; read from the model id when absent. */
  family?: string;
}

/** A Generator over Bedrock Converse (the reference model). */
export function createBedrockGenerator(config: BedrockModelConfig, deps: { client: BedrockRuntimeClient }): Generator {
  return { modelId: config.modelId, generate: converse(deps.client, config.modelId) };
}

/** A Judge over Bedrock Converse: it reads only `system` and the prompt messages, never the raw parts. */
export function createBedrockJudge(config: BedrockModelConfig, deps: { client: BedrockRuntimeClient }): Judge {
  const call = converse(deps.client, config.modelId);
  return {
    modelId: config.modelId,
    family: config.family ?? bedrockModelFamily(config.modelId),
    judge: (req: JudgeRequest) =>
      call({ system: req.system, messages: req.messages, maxTokens: req.maxTokens, temperature: req.temperature }),
  };
}
