import type { Clock } from '../../core/ports';

/** The production clock: the host's wall time. */
export const systemClock: Clock = { now: () => new Date() };
