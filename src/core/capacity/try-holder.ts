/**
 * A `try` host holds a slot of the endpoint pool under its own holder id, so it counts against
 * ENDPOINT_CONCURRENCY like an evaluation and never mixes with the submission's own evaluation slot.
 */
const TRY_HOLDER_PREFIX = 'try:';

export const tryHolder = (submissionId: string): string => `${TRY_HOLDER_PREFIX}${submissionId}`;

/** The submission a pool holder or waiter id hosts for a try; undefined for an evaluation's. */
export const triedSubmission = (holderId: string): string | undefined =>
  holderId.startsWith(TRY_HOLDER_PREFIX) ? holderId.slice(TRY_HOLDER_PREFIX.length) : undefined;
