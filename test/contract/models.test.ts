import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { createBedrockGenerator, createBedrockJudge } from '../../src/adapters/aws/bedrock-converse';
import { createOfflineJudge } from '../../src/adapters/local/offline-judge';
import { createOfflineReference } from '../../src/adapters/local/offline-models';
import {
  createOpenAiCompatibleGenerator,
  createOpenAiCompatibleJudge,
} from '../../src/adapters/openai/openai-compatible';
import { corpusPath } from '../../src/local/paths';
import { awsError } from '../aws/fixtures';
import { CREDENTIALS } from '../aws/support';
import { type ModelCall, modelContract } from './models.contract';

type Reply =
  | { kind: 'answer'; text: string; inputTokens: number; outputTokens: number }
  | { kind: 'fail'; fail: string };

/**
 * Bedrock Converse behind the SDK client. Shapes from the Bedrock Runtime API reference: the answer
 * in output.message.content[].text with usage.inputTokens/outputTokens; a throttle is
 * ThrottlingException (429), an outage ServiceUnavailableException (503), a model the account may
 * not use AccessDeniedException (403).
 */
modelContract(
  'Bedrock Converse (through aws-sdk-client-mock)',
  async () => {
    const client = new BedrockRuntimeClient({ region: 'us-west-2', credentials: CREDENTIALS });
    const bedrock = mockClient(client);
    const calls: ModelCall[] = [];
    let reply: Reply = { kind: 'fail', fail: 'unscripted' };
    bedrock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput) => {
      calls.push({
        ...(input.system ? { system: input.system.map((s) => ('text' in s ? s.text : '')).join('') } : {}),
        messages: (input.messages ?? []).map((msg) => ({
          role: msg.role!,
          content: (msg.content ?? []).map((c) => ('text' in c ? c.text : '')).join(''),
        })),
        maxTokens: input.inferenceConfig?.maxTokens,
      });
      if (reply.kind === 'fail') {
        if (reply.fail === 'throttled') throw awsError('ThrottlingException', 'Too many requests', 429);
        if (reply.fail === 'unavailable') throw awsError('ServiceUnavailableException', 'Service unavailable', 503);
        throw awsError('AccessDeniedException', "You don't have access to the model with the specified model ID.", 403);
      }
      return {
        output: { message: { role: 'assistant', content: [{ text: reply.text }] } },
        stopReason: 'end_turn',
        usage: {
          inputTokens: reply.inputTokens,
          outputTokens: reply.outputTokens,
          totalTokens: reply.inputTokens + reply.outputTokens,
        },
        metrics: { latencyMs: 300 },
      };
    });
    return {
      generator: createBedrockGenerator({ modelId: 'us.meta.llama3-2-90b-instruct-v1:0' }, { client }),
      judge: createBedrockJudge({ modelId: 'mistral.mistral-large-2407-v1:0' }, { client }),
      service: {
        answer: (text, usage) => {
          reply = { kind: 'answer', text, ...usage };
        },
        fail: (kind) => {
          reply = { kind: 'fail', fail: kind };
        },
        calls: () => calls,
      },
      close: async () => {
        bedrock.restore();
      },
    };
  },
  { behindService: true },
);

const readJson = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
    messages: { role: string; content: string }[];
    max_tokens?: number;
  };
};

/**
 * An OpenAI-compatible server on a local port (POST /v1/chat/completions, as Ollama, vLLM and
 * llama.cpp serve it): choices[0].message.content and usage.prompt_tokens/completion_tokens; 429 with
 * Retry-After when throttled, 503 while unavailable, 404 for a model it does not serve.
 */
modelContract(
  'OpenAI-compatible server (local HTTP)',
  async () => {
    const calls: ModelCall[] = [];
    let reply: Reply = { kind: 'fail', fail: 'unscripted' };
    const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
      const body = await readJson(req);
      const system = body.messages.filter((m) => m.role === 'system').map((m) => m.content);
      calls.push({
        ...(system.length ? { system: system.join('\n') } : {}),
        messages: body.messages.filter((m) => m.role !== 'system'),
        maxTokens: body.max_tokens,
      });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (reply.kind === 'answer')
        return send(200, {
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: reply.inputTokens, completion_tokens: reply.outputTokens },
        });
      if (reply.fail === 'throttled') return send(429, { error: { message: 'rate limited' } }, { 'retry-after': '2' });
      if (reply.fail === 'unavailable') return send(503, { error: { message: 'loading model' } });
      return send(404, { error: { message: 'model "llama3.2:3b" not found, try pulling it first' } });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return {
      generator: createOpenAiCompatibleGenerator({ baseUrl, model: 'llama3.2:3b' }),
      judge: createOpenAiCompatibleJudge({ baseUrl, model: 'qwen2.5:7b' }),
      service: {
        answer: (text, usage) => {
          reply = { kind: 'answer', text, ...usage };
        },
        fail: (kind) => {
          reply = { kind: 'fail', fail: kind };
        },
        calls: () => calls,
      },
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
  },
  { behindService: true },
);

modelContract(
  'offline reference and judge (stand-ins)',
  async () => ({
    generator: createOfflineReference(corpusPath()),
    judge: createOfflineJudge(),
    close: async () => undefined,
  }),
  { behindService: false },
);
