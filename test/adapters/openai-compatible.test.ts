import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenAiCompatibleGenerator,
  createOpenAiCompatibleJudge,
} from '../../src/adapters/openai/openai-compatible';
import { TransientError } from '../../src/core/errors';

let server: Server;
let base: string;
const seen: { path: string; auth?: string; body: Record<string, unknown> }[] = [];
let next: { status: number; body: unknown; headers?: Record<string, string> } = { status: 200, body: {} };

const read = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push({ path: req.url!, auth: req.headers.authorization, body: await read(req) });
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(JSON.stringify(next.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => server.close());

describe('OpenAI-compatible chat completions adapter', () => {
  it('sends system + messages with max_tokens and temperature, and reads text and usage', async () => {
    next = {
      status: 200,
      body: {
        choices: [{ message: { role: 'assistant', content: 'Compound interest grows on interest.' } }],
        usage: { prompt_tokens: 21, completion_tokens: 7 },
      },
    };
    const g = createOpenAiCompatibleGenerator({ baseUrl: `${base}/`, model: 'llama3.2:3b', apiKey: 'k-123' });
    const r = await g.generate({
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'What is compound interest?' }],
      maxTokens: 64,
      temperature: 0,
    });
    expect(r).toEqual({ text: 'Compound interest grows on interest.', inputTokens: 21, outputTokens: 7 });
    expect(seen.at(-1)).toEqual({
      path: '/v1/chat/completions',
      auth: 'Bearer k-123',
      body: {
        model: 'llama3.2:3b',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'What is compound interest?' },
        ],
        max_tokens: 64,
        temperature: 0,
        stream: false,
      },
    });
  });

  it('judges from system and prompt only, never the structured answers', async () => {
    next = { status: 200, body: { choices: [{ message: { content: 'A is closer to the reference. [[A>B]]' } }] } };
    const j = createOpenAiCompatibleJudge({ baseUrl: base, model: 'qwen2.5:7b' });
    expect(j.family).toBe('qwen2.5');
    const r = await j.judge({
      system: 'judge',
      messages: [{ role: 'user', content: 'PROMPT' }],
      maxTokens: 300,
      temperature: 0,
      question: 'q',
      answerA: 'a',
      answerB: 'b',
    });
    expect(r.text).toMatch(/\[\[A>B\]\]$/);
    expect(r.outputTokens).toBeGreaterThan(0);
    expect(seen.at(-1)!.body).toEqual({
      model: 'qwen2.5:7b',
      messages: [
        { role: 'system', content: 'judge' },
        { role: 'user', content: 'PROMPT' },
      ],
      max_tokens: 300,
      temperature: 0,
      stream: false,
    });
  });

  it('turns 429 into a throttle with Retry-After, 5xx into an outage, and a bad body into a retryable error', async () => {
    const g = createOpenAiCompatibleGenerator({ baseUrl: base, model: 'm' });
    const req = { messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 8, temperature: 0 };
    next = { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '2' } };
    const throttled = await g.generate(req).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(TransientError);
    expect(throttled).toMatchObject({ code: 'THROTTLED', retryAfterMs: 2000 });
    next = { status: 503, body: {} };
    await expect(g.generate(req)).rejects.toBeInstanceOf(TransientError);
    next = { status: 200, body: { choices: [] } };
    await expect(g.generate(req)).rejects.toThrow(/unreadable answer/);
    next = { status: 400, body: { error: 'bad model' } };
    await expect(g.generate(req)).rejects.toThrow(/refused the request \(400\)/);
  });

  it('reports an unreachable server as an outage', async () => {
    const g = createOpenAiCompatibleGenerator({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm', timeoutMs: 2000 });
    await expect(
      g.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 8, temperature: 0 }),
    ).rejects.toBeInstanceOf(TransientError);
  });
});
