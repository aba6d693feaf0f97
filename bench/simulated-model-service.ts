import { TransientError } from '../src/core/errors';
import type { Generator, Judge, JudgeRequest, ModelRequest, ModelResponse } from '../src/core/ports';

/**
 * An in-process stand-in for a hosted model service (Bedrock-like): fixed latency, and a token quota
 * per window enforced as a token bucket that reserves input + maxTokens at the start of a call and
 * refunds the unused part at the end. Past the quota it throttles (TransientError THROTTLED), and it
 * may refuse a share of calls once whatever the quota. Only accepted calls count as calls.
 */
export class SimulatedModelService {
  private tokens: number;
  private last = Date.now();
  readonly calls = new Map<string, number>();
  /** How many calls a key legitimately gets: both orders of a question read the same when the answers are equal. */
  private readonly expected = new Map<string, number>();
  throttles = 0;
  tokensUsed = 0;

  /** Calls already refused by the injected throttling (each call is refused at most once). */
  private readonly refused = new Set<string>();

  constructor(
    readonly options: {
      latencyMs: number;
      tokensPerWindow: number;
      windowMs: number;
      /** Share of calls refused once with a throttle whatever the quota, as a busy service does (0 by default). */
      refuseOnceRate?: number;
      random?: () => number;
    },
  ) {
    this.tokens = options.tokensPerWindow / 6;
  }

  private refill() {
    const now = Date.now();
    this.tokens = Math.min(
      this.options.tokensPerWindow / 6,
      this.tokens + ((now - this.last) * this.options.tokensPerWindow) / this.options.windowMs,
    );
    this.last = now;
  }

  async call(key: string, req: ModelRequest, respond: () => Promise<ModelResponse>): Promise<ModelResponse> {
    this.refill();
    const input = Math.ceil(((req.system ?? '').length + req.messages.reduce((n, m) => n + m.content.length, 0)) / 4);
    const reserved = input + req.maxTokens;
    const injected =
      !this.refused.has(key) && (this.options.random ?? Math.random)() < (this.options.refuseOnceRate ?? 0);
    if (injected) this.refused.add(key);
    if (injected || this.tokens < Math.min(reserved, this.options.tokensPerWindow / 6)) {
      this.throttles++;
      throw new TransientError('ThrottlingException: too many tokens', { code: 'THROTTLED' });
    }
    this.tokens -= reserved;
    await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const out = await respond();
    const used = input + out.outputTokens;
    this.tokens += reserved - used;
    this.tokensUsed += used;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    return { ...out, inputTokens: input };
  }

  generator(inner: Generator): Generator {
    return {
      modelId: inner.modelId,
      generate: (req) =>
        this.call(`gen:${inner.modelId}:${req.messages.at(-1)?.content}`, req, () => inner.generate(req)),
    };
  }

  judge(inner: Judge): Judge {
    return {
      modelId: inner.modelId,
      family: inner.family,
      // The prompt carries a delimiter seeded per (submission, question, judge), so equal keys mean a repeated judgment.
      judge: (req: JudgeRequest) => {
        const key = `judge:${req.system ?? ''}|${req.messages.map((m) => m.content).join('|')}`;
        this.expected.set(key, req.answerA === req.answerB ? 2 : 1);
        return this.call(key, req, () => inner.judge(req));
      },
    };
  }

  /** Calls made more than once for the same input. */
  get duplicateCalls(): number {
    let n = 0;
    for (const [key, c] of this.calls) n += Math.max(0, c - (this.expected.get(key) ?? 1));
    return n;
  }
}
