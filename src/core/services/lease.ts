import { ConflictError } from '../errors';
import type { LeagueDeps } from './context';

/** A lease being held: `check` throws once it was lost, so the holder stops before its next model call. */
export interface HeldLease {
  check(): void;
}

/** Renewals per term: two may fail (a slow store) before the lease runs out. */
const RENEWALS_PER_TERM = 3;

/**
 * Runs `work` while holding the lease on `key`, renewed every third of its term so work that
 * outlasts one term keeps its claim (like an in-progress idempotency record with an expiry). A
 * holder that dies stops renewing, and the lease is free again one term later.
 * Returns `{ held: false }` without running `work` when another holder has the lease.
 */
export async function withLease<T>(
  deps: LeagueDeps,
  key: string,
  work: (lease: HeldLease) => Promise<T>,
): Promise<{ held: true; value: T } | { held: false }> {
  const ttl = deps.settings.jobLeaseMs;
  const token = await deps.store.acquireLease(key, ttl, deps.clock.now());
  if (!token) return { held: false };
  let lost = false;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = deps.store
      .renewLease(key, token, ttl, deps.clock.now())
      .then((held) => {
        if (!held) lost = true;
      })
      .catch((e: unknown) =>
        deps.log.warn('lease not renewed; trying again', { key, error: e instanceof Error ? e.message : String(e) }),
      );
  }, ttl / RENEWALS_PER_TERM);
  const lease: HeldLease = {
    check() {
      if (lost) throw new ConflictError(`The lease on ${key} passed to another holder`);
    },
  };
  try {
    return { held: true, value: await work(lease) };
  } finally {
    clearInterval(timer);
    await renewing;
    if (!lost) await deps.store.releaseLease(key, token).catch(() => undefined);
  }
}
