import 'aws-sdk-client-mock-vitest/extend';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createBedrockClient,
  createBedrockGenerator,
  createBedrockJudge,
} from '../../src/adapters/aws/bedrock-converse';
import { bedrockModelFamily } from '../../src/adapters/aws/model-family';
import { LeagueError, TransientError } from '../../src/core/errors';
import { awsError } from './fixtures';
import { CREDENTIALS } from './support';

const client = new BedrockRuntimeClient({ region: 'us-west-2', credentials: CREDENTIALS });
const br = mockClient(client);
const REFERENCE = 'us.meta.llama3-2-90b-instruct-v1:0';
const JUDGE = 'mistral.mistral-large-2407-v1:0';

const answer = (text: string, inputTokens: number, outputTokens: number) => ({
  output: { message: { role: 'assistant' as const, content: [{ text }] } },
  stopReason: 'end_turn' as const,
  usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
  metrics: { latencyMs: 420 },
});

beforeEach(() => br.reset());

describe('Bedrock Converse generator (the reference model)', () => {
  it('sends the messages with maxTokens and temperature, without a system block when there is none', async () => {
    br.on(ConverseCommand).resolves(answer('A lease is a time-limited claim.', 12, 9));
    const r = await createBedrockGenerator({ modelId: REFERENCE }, { client }).generate({
      messages: [{ role: 'user', content: 'What is a lease?' }],
      maxTokens: 512,
      temperature: 0,
    });

    expect(br).toHaveReceivedCommandTimes(ConverseCommand, 1);
    expect(br.commandCalls(ConverseCommand)[0]!.args[0].input).toEqual({
      modelId: REFERENCE,
      messages: [{ role: 'user', content: [{ text: 'What is a lease?' }] }],
      inferenceConfig: { maxTokens: 512, temperature: 0 },
    });
    expect(r).toEqual({ text: 'A lease is a time-limited claim.', inputTokens: 12, outputTokens: 9 });
  });

  it('joins the text blocks of a multi-block answer', async () => {
    br.on(ConverseCommand).resolves({
      ...answer('', 3, 4),
      output: { message: { role: 'assistant', content: [{ text: 'one ' }, { text: 'two' }] } },
    });
    const r = await createBedrockGenerator({ modelId: REFERENCE }, { client }).generate({
      messages: [{ role: 'user', content: 'q' }],
      maxTokens: 8,
      temperature: 0.2,
    });
    expect(r.text).toBe('one two');
  });

  it('turns throttling and outages into TransientError (THROTTLED for the limiter), a refusal into a CONFIG error', async () => {
    const g = createBedrockGenerator({ modelId: REFERENCE }, { client });
    const ask = () => g.generate({ messages: [{ role: 'user', content: 'q' }], maxTokens: 8, temperature: 0 });
    br.on(ConverseCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Too many requests, please wait before trying again.', 429))
      .rejectsOnce(awsError('ServiceUnavailableException', 'Service unavailable', 503))
      .rejectsOnce(
        awsError('AccessDeniedException', "You don't have access to the model with the specified model ID.", 403),
      );
    const throttled = await ask().catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(TransientError);
    expect((throttled as TransientError).code).toBe('THROTTLED');
    const outage = await ask().catch((e: unknown) => e);
    expect(outage).toBeInstanceOf(TransientError);
    expect((outage as TransientError).code).toBe('UPSTREAM_UNAVAILABLE');
    const refused = await ask().catch((e: unknown) => e);
    expect(refused).not.toBeInstanceOf(TransientError);
    expect(refused).toBeInstanceOf(LeagueError);
    expect((refused as LeagueError).code).toBe('CONFIG');
  });
});

describe('Bedrock Converse judge', () => {
  it('sends only the system prompt and the prompt messages, and reports the tokens Bedrock counted', async () => {
    br.on(ConverseCommand).resolves(answer('Reasoning… [[A>B]]', 830, 61));
    const judge = createBedrockJudge({ modelId: JUDGE }, { client });
    const r = await judge.judge({
      system: 'You are an impartial judge.',
      messages: [{ role: 'user', content: '<<q-7f3a>>What is a lease?<</q-7f3a>> …' }],
      maxTokens: 400,
      temperature: 0,
      question: 'What is a lease?',
      gold: 'A claim that expires.',
      answerA: 'secret A',
      answerB: 'secret B',
    });
    expect(br.commandCalls(ConverseCommand)[0]!.args[0].input).toEqual({
      modelId: JUDGE,
      system: [{ text: 'You are an impartial judge.' }],
      messages: [{ role: 'user', content: [{ text: '<<q-7f3a>>What is a lease?<</q-7f3a>> …' }] }],
      inferenceConfig: { maxTokens: 400, temperature: 0 },
    });
    expect(r).toEqual({ text: 'Reasoning… [[A>B]]', inputTokens: 830, outputTokens: 61 });
    expect(judge.family).toBe('mistral');
  });

  it('knows the family of a model id, inference profiles included', () => {
    expect(bedrockModelFamily('us.meta.llama3-2-90b-instruct-v1:0')).toBe('meta');
    expect(bedrockModelFamily('meta.llama3-2-3b-instruct-v1:0')).toBe('meta');
    expect(bedrockModelFamily('eu.anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe('anthropic');
    expect(bedrockModelFamily('mistral.mistral-large-2407-v1:0')).toBe('mistral');
    expect(createBedrockJudge({ modelId: JUDGE, family: 'custom' }, { client }).family).toBe('custom');
  });
});

describe('Bedrock client', () => {
  it('uses the adaptive retry mode', async () => {
    const c = createBedrockClient('us-west-2');
    expect(c.config.retryMode).toBe('adaptive');
    const strategy = (await c.config.retryStrategy()) as { mode?: string };
    expect(strategy.mode).toBe('adaptive');
    expect(await c.config.maxAttempts()).toBeGreaterThan(1);
  });
});
