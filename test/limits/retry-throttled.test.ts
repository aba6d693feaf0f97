import { describe, expect, it } from 'vitest';
import { TransientError } from '../../src/core/errors';
import { type LimiterTiming, ModelLimiter, retryThrottled } from '../../src/core/limits/model-limiter';

/** A clock that only moves when the code under test sleeps. */
function fakeTiming(): LimiterTiming & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
}

const throttle = () => new TransientError('ThrottlingException: too many tokens', { code: 'THROTTLED' });

describe('retryThrottled', () => {
  it('retries the one throttled call until it goes through, waiting between attempts', async () => {
    const timing = fakeTiming();
    let calls = 0;
    const result = await retryThrottled(
      async () => {
        if (++calls < 4) throw throttle();
        return 'judged';
      },
      { timing, maxWaitMs: 60_000 },
    );
    expect(result).toBe('judged');
    expect(calls).toBe(4);
    expect(timing.slept).toEqual([25, 50, 100]); // full jitter (random 0.5) of 50, 100, 200 ms
  });

  it('lets any other failure through at once', async () => {
    let calls = 0;
    const outage = new TransientError('Judge unavailable');
    await expect(
      retryThrottled(
        async () => {
          calls++;
          throw outage;
        },
        { timing: fakeTiming() },
      ),
    ).rejects.toBe(outage);
    expect(calls).toBe(1);
  });

  it('past its waiting budget, raises the throttle with a retry delay for the queue', async () => {
    const timing = fakeTiming();
    const error = await retryThrottled(
      async () => {
        throw throttle();
      },
      { timing, maxWaitMs: 1_000 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ code: 'THROTTLED', retryAfterMs: 1_000 });
    expect(timing.slept.reduce((a, b) => a + b, 0)).toBe(1_000);
  });
});

describe('ModelLimiter', () => {
  it('absorbs a throttle by calling again, and counts the tokens of the accepted call only', async () => {
    const timing = fakeTiming();
    const limiter = new ModelLimiter({ requestsPerWindow: 600, tokensPerWindow: 60_000, windowMs: 60_000 }, timing);
    let calls = 0;
    const reply = await limiter.run(500, async () => {
      if (++calls === 1) throw throttle();
      return { text: 'ok', inputTokens: 100, outputTokens: 20 };
    });
    expect(reply.text).toBe('ok');
    expect(calls).toBe(2);
    // After the throttle the limiter waited for its buckets to refill before the second attempt.
    expect(timing.slept.length).toBeGreaterThanOrEqual(2);
  });
});
