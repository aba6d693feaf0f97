import type { RecordedResponse, RequestLog } from '../core/ports';

/**
 * Runs a signed platform request once. The request's identity is recorded with one conditional
 * write; a replay (the same signed body again, inside the signature's window) runs nothing and gets
 * the answer the first one got, or an empty 200 while the first is still at work. A first run that
 * failed (5xx) is forgotten, so the platform's own retry runs.
 */
export async function runOnce(
  log: Pick<RequestLog, 'recordRequest' | 'saveResponse' | 'forgetRequest'>,
  key: string | undefined,
  now: Date,
  run: () => Promise<RecordedResponse>,
  onReplay?: () => void,
): Promise<RecordedResponse> {
  if (!key) return run();
  const recorded = await log.recordRequest(key, now);
  if (!recorded.first) {
    onReplay?.();
    return recorded.response ?? { status: 200, body: '' };
  }
  let response: RecordedResponse;
  try {
    response = await run();
  } catch (e) {
    await log.forgetRequest(key).catch(() => undefined);
    throw e;
  }
  if (response.status >= 500) await log.forgetRequest(key).catch(() => undefined);
  else if (response.body) await log.saveResponse(key, response);
  return response;
}
