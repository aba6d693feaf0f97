import 'aws-sdk-client-mock-vitest/extend';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createBedrockGenerator } from '../../src/adapters/aws/bedrock-converse';
import { createOpenAiCompatibleGenerator } from '../../src/adapters/openai/openai-compatible';
import { datasetGeneratorOver } from '../../src/core/services/drafts/model-generator';
import { draftRequest, parsePairs } from '../../src/core/services/drafts/pairs';
import { CREDENTIALS } from '../aws/support';

const GENERATOR = 'us.meta.llama3-3-70b-instruct-v1:0';
const reply = [
  '{"instruction": "What is APR?", "response": "The yearly cost of a loan, fees included."}',
  '{"instruction": "What is a grace period?", "response": "Days to pay a card bill without interest."}',
].join('\n');
const request = draftRequest({ domain: 'personal finance', topic: 'credit', count: 2, avoid: ['What is a loan?'] });

describe('the generator model behind `generate`', () => {
  it('on Bedrock: one Converse call with the system prompt, maxTokens and temperature (the SDK model shape)', async () => {
    const client = new BedrockRuntimeClient({ region: 'us-west-2', credentials: CREDENTIALS });
    const br = mockClient(client);
    // ConverseCommandOutput as the SDK model defines it: output.message.content[].text, usage.
    br.on(ConverseCommand).resolves({
      output: { message: { role: 'assistant', content: [{ text: reply }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 180, outputTokens: 60, totalTokens: 240 },
      metrics: { latencyMs: 900 },
    });
    const generator = datasetGeneratorOver(createBedrockGenerator({ modelId: GENERATOR }, { client }));
    const r = await generator.draft(request);
    const input = br.commandCalls(ConverseCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      modelId: GENERATOR,
      system: [{ text: expect.stringMatching(/JSON Lines only/) }],
      inferenceConfig: { maxTokens: request.maxTokens, temperature: 0.8 },
    });
    expect(input.messages![0]!.content![0]!.text).toMatch(/Topic: credit[\s\S]*- What is a loan\?/);
    expect(r).toMatchObject({ inputTokens: 180, outputTokens: 60 });
    expect(parsePairs(r.text).map((p) => p.instruction)).toEqual(['What is APR?', 'What is a grace period?']);
  });

  it('on an OpenAI-compatible server: one chat completion with the system message first', async () => {
    const bodies: any[] = [];
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(String(init.body)));
      return new Response(
        JSON.stringify({
          choices: [{ message: { role: 'assistant', content: reply } }],
          usage: { prompt_tokens: 150, completion_tokens: 55 },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    }) as typeof fetch;
    const generator = datasetGeneratorOver(
      createOpenAiCompatibleGenerator({ baseUrl: 'http://localhost:11434/v1', model: 'llama3.3', fetchImpl }),
    );
    const r = await generator.draft(request);
    expect(bodies[0]).toMatchObject({ model: 'llama3.3', max_tokens: request.maxTokens, temperature: 0.8 });
    expect(bodies[0].messages[0]).toMatchObject({ role: 'system' });
    expect(r).toMatchObject({ inputTokens: 150, outputTokens: 55 });
    expect(generator.modelId).toBe('llama3.3');
  });
});
