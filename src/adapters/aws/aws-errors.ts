import { TransientError } from '../../core/errors';

/** The service's error name (`ThrottlingException`, `ResourceInUse`, …), or '' for a non-AWS error. */
export const awsErrorName = (e: unknown): string => ((e as { name?: unknown } | undefined)?.name as string) ?? '';

const awsStatus = (e: unknown): number =>
  (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode ?? 0;

const THROTTLES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ServiceQuotaExceededException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);
const OUTAGES = new Set([
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalServerException',
  'InternalFailure',
  'InternalServerError',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'TimeoutError',
  'RequestTimeout',
]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * An AWS failure the queue should retry, as a TransientError (`THROTTLED` for throttles, so the model
 * limiter backs off), or undefined when the failure is not an outage (a bad request, a missing grant).
 */
export function transientFromAws(e: unknown, what: string, retryAfterMs?: number): TransientError | undefined {
  const name = awsErrorName(e);
  const status = awsStatus(e);
  if (THROTTLES.has(name) || status === 429) {
    return new TransientError(`${what} was throttled`, { cause: e, code: 'THROTTLED', retryAfterMs });
  }
  const code = (e as { code?: unknown } | undefined)?.code;
  if (OUTAGES.has(name) || status >= 500 || (typeof code === 'string' && NETWORK.has(code))) {
    return new TransientError(`${what} is unavailable (${name || status || String(code)})`, { cause: e, retryAfterMs });
  }
  return undefined;
}

/** Runs an AWS call, turning outages and throttles into TransientError; anything else passes through. */
export async function awsCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw transientFromAws(e, what) ?? e;
  }
}
