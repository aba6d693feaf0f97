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

const realTiming: LimiterTiming = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

const isThrottle = (e: unknown) => e instanceof TransientError && e.code === 'THROTTLED';

/** How long a throttled call is retried before its throttle propagates: one quota window on Bedrock. */
const DEFAULT_THROTTLE_WAIT_MS = 60_000;

/** Full-jitter backoff after the n-th throttle of a call, at most `capMs`. */
const backoff = (timing: LimiterTiming, attempt: number, capMs: number) =>
  timing.random() * Math.min(capMs, 50 * 2 ** Math.min(attempt, 20));

/**
 * Runs a model call, retrying only that call while the service throttles it (full-jitter backoff),
 * so a throttle never fails the job around it. Past `maxWaitMs` of waiting the throttle propagates
 * with a retry delay, and the job comes back later for what it has not stored.
 */
export async function retryThrottled<T>(
  call: () => Promise<T>,
  options: { maxWaitMs?: number; timing?: LimiterTiming; onThrottle?: () => void } = {},
): Promise<T> {
  const timing = options.timing ?? realTiming;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_THROTTLE_WAIT_MS;
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isThrottle(e)) throw e;
      if (waited >= maxWaitMs) {
        throw new TransientError((e as Error).message, { cause: e, code: 'THROTTLED', retryAfterMs: maxWaitMs });
      }
      options.onThrottle?.();
      const ms = Math.min(maxWaitMs - waited, backoff(timing, attempt, maxWaitMs / 2));
      waited += Math.max(1, ms);
      await timing.sleep(ms);
    }
  }
}

/**
 * Paces calls to one model under its quota with two token buckets (requests, tokens). Like Bedrock,
 * a call reserves its input plus `maxTokens` up front and gives back what it did not use.
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
    private readonly maxThrottleWaitMs = quota.windowMs ?? DEFAULT_THROTTLE_WAIT_MS,
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

  /**
   * Runs `call` when the quota allows, settling the reservation with the tokens actually used. A
   * throttle from the service empties the buckets and retries the one call.
   */
  run<T extends { inputTokens: number; outputTokens: number }>(
    reservedTokens: number,
    call: () => Promise<T>,
  ): Promise<T> {
    return retryThrottled(
      async () => {
        await this.reserve(reservedTokens);
        try {
          const result = await call();
          this.tokens += reservedTokens - (result.inputTokens + result.outputTokens);
          return result;
        } catch (e) {
          this.tokens += reservedTokens; // nothing was consumed
          throw e;
        }
      },
      { maxWaitMs: this.maxThrottleWaitMs, timing: this.timing, onThrottle: () => (this.tokens = 0) },
    );
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

/** A generator whose throttled calls are retried in place (see retryThrottled). */
export function retryThrottledGenerator(generator: Generator, options?: { maxWaitMs?: number }): Generator {
  return { modelId: generator.modelId, generate: (req) => retryThrottled(() => generator.generate(req), options) };
}

/** A judge whose throttled calls are retried in place (see retryThrottled). */
export function retryThrottledJudge(judge: Judge, options?: { maxWaitMs?: number }): Judge {
  return {
    modelId: judge.modelId,
    family: judge.family,
    judge: (req) => retryThrottled(() => judge.judge(req), options),
  };
}
