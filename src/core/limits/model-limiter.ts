import { TransientError } from '../errors';
import type { Generator, Judge, JudgeRequest, ModelRequest, ModelResponse } from '../ports';

/** A model's quota: requests and tokens per window (a minute on Bedrock). */
export interface ModelQuota {
  requestsPerWindow: number;
  tokensPerWindow: number;
  windowMs?: number;
}

export interface LimiterTiming {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realTiming: LimiterTiming = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

const MAX_THROTTLE_RETRIES = 6;
const isThrottle = (e: unknown) => e instanceof TransientError && e.code === 'THROTTLED';

/**
 * Paces calls to one model under its quota with two token buckets (requests, tokens). Like Bedrock,
 * a call reserves its input plus `maxTokens` up front and gives back what it did not use. A throttle
 * from the service empties the buckets and retries with full-jitter backoff.
 */
export class ModelLimiter {
  private tokens: number;
  private requests: number;
  private last: number;
  private readonly window: number;
  private readonly tokenCap: number;
  private readonly requestCap: number;

  constructor(
    private readonly quota: ModelQuota,
    private readonly timing: LimiterTiming = realTiming,
  ) {
    this.window = quota.windowMs ?? 60_000;
    // A sixth of a window of burst: enough to fill the pipe, small enough not to overshoot the quota.
    this.tokenCap = quota.tokensPerWindow / 6;
    this.requestCap = Math.max(1, quota.requestsPerWindow / 6);
    this.tokens = this.tokenCap;
    this.requests = this.requestCap;
    this.last = timing.now();
  }

  private refill() {
    const now = this.timing.now();
    const elapsed = now - this.last;
    this.last = now;
    this.tokens = Math.min(this.tokenCap, this.tokens + (elapsed * this.quota.tokensPerWindow) / this.window);
    this.requests = Math.min(this.requestCap, this.requests + (elapsed * this.quota.requestsPerWindow) / this.window);
  }

  private async reserve(tokens: number): Promise<void> {
    const need = Math.min(tokens, this.tokenCap);
    for (;;) {
      this.refill();
      if (this.tokens >= need && this.requests >= 1) {
        this.tokens -= tokens;
        this.requests -= 1;
        return;
      }
      const waitTokens = ((need - this.tokens) * this.window) / this.quota.tokensPerWindow;
      const waitRequests = ((1 - this.requests) * this.window) / this.quota.requestsPerWindow;
      await this.timing.sleep(Math.max(1, waitTokens, waitRequests));
    }
  }

  /** Runs `call` when the quota allows, settling the reservation with the tokens actually used. */
  async run<T extends { inputTokens: number; outputTokens: number }>(
    reservedTokens: number,
    call: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.reserve(reservedTokens);
      try {
        const result = await call();
        this.tokens += reservedTokens - (result.inputTokens + result.outputTokens);
        return result;
      } catch (e) {
        if (!isThrottle(e) || attempt >= MAX_THROTTLE_RETRIES) {
          this.tokens += reservedTokens; // nothing was consumed
          throw e;
        }
        this.tokens = 0;
        const cap = Math.min(this.window / 2, 50 * 2 ** attempt);
        await this.timing.sleep(this.timing.random() * cap);
      }
    }
  }
}

const estimate = (req: ModelRequest) =>
  Math.ceil(((req.system ?? '').length + req.messages.reduce((n, m) => n + m.content.length, 0)) / 4) + req.maxTokens;

export function limitGenerator(generator: Generator, limiter: ModelLimiter): Generator {
  return {
    modelId: generator.modelId,
    generate: (req: ModelRequest): Promise<ModelResponse> => limiter.run(estimate(req), () => generator.generate(req)),
  };
}

export function limitJudge(judge: Judge, limiter: ModelLimiter): Judge {
  return {
    modelId: judge.modelId,
    family: judge.family,
    judge: (req: JudgeRequest) => limiter.run(estimate(req), () => judge.judge(req)),
  };
}
