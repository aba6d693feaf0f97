import { HYPERPARAMETERS } from '../commands';
import { ConflictError, UserError } from '../errors';
import { cleanName } from '../messages/format';
import { type Hyperparameters, isPendingUpload, type Round, type Submission, type Upload } from '../model';
import { type Actor, type LeagueDeps, utcDay } from './context';
import { failSubmission } from './failures';
import { resolveRound } from './rounds';

export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  epochs: 2,
  learning_rate: 0.0001,
  lora_r: 8,
  lora_alpha: 32,
  lora_dropout: 0.05,
};
const DATASET_EXTENSIONS = /\.(jsonl|json|txt|ndjson)$/i;

/** Fills defaults (clamped to the round's bounds) and refuses values outside them. */
function resolveHyperparameters(round: Round, given: Partial<Hyperparameters>): Hyperparameters {
  const out = { ...DEFAULT_HYPERPARAMETERS };
  for (const key of HYPERPARAMETERS) {
    const [lo, hi] = round.bounds[key];
    const value = given[key];
    if (value === undefined) out[key] = Math.min(hi, Math.max(lo, out[key]));
    else if (value < lo || value > hi)
      throw new UserError('INVALID_INPUT', `\`${key}=${value}\` is outside this round's bounds (${lo} to ${hi}).`);
    else out[key] = value;
  }
  if (!Number.isInteger(out.epochs) || !Number.isInteger(out.lora_r))
    throw new UserError('INVALID_INPUT', '`epochs` and `lora_r` must be whole numbers.');
  return out;
}

export function hoursToMidnightUtc(now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.ceil((midnight - now.getTime()) / 3_600_000);
}

export interface SubmitResult {
  submission: Submission;
  round: Round;
  quotaLeft: number;
}

/** The submission `actor`'s request made under `id`, if that is what holds the id (else another one does). */
async function madeBy(deps: LeagueDeps, id: string, actor: Actor): Promise<Submission | undefined> {
  const made = await deps.store.getSubmission(id);
  return made && made.request === actor.request && made.userId === actor.userId ? made : undefined;
}

/** The round a submission goes to and its hyperparameters, or the reason it is refused. */
async function acceptedBy(
  deps: LeagueDeps,
  roundId: string | undefined,
  given: Partial<Hyperparameters>,
  upload: Upload | undefined,
  now: Date,
): Promise<{ round: Round; hyperparameters: Hyperparameters; upload: Upload }> {
  const round = await resolveRound(deps, roundId, { mustBeOpen: true, ask: 'submit' });
  if (new Date(round.deadline) <= now) throw new UserError('ROUND_CLOSED', `The deadline of ${round.name} has passed.`);
  if (!upload)
    throw new UserError(
      'INVALID_INPUT',
      'Attach your dataset (a .jsonl file) to the submit command.',
      'Each line: {"instruction": "…", "response": "…"}.',
    );
  if (!DATASET_EXTENSIONS.test(upload.name))
    throw new UserError(
      'INVALID_INPUT',
      `\`${upload.name}\` is not a JSON Lines file.`,
      'Upload a .jsonl file: one JSON object per line.',
    );
  if (upload.size !== undefined && upload.size > round.maxBytes) {
    throw new UserError(
      'INVALID_INPUT',
      `\`${upload.name}\` is ${(upload.size / 1e6).toFixed(1)} MB; this round takes at most ${(round.maxBytes / 1e6).toFixed(1)} MB.`,
      'Remove duplicates or long rows and try again.',
    );
  }
  if (!round.questionCount)
    throw new UserError('CONFLICT', `${round.name} has no evaluation questions yet.`, 'Ask an organizer to load them.');
  return { round, hyperparameters: resolveHyperparameters(round, given), upload };
}

/**
 * Cheap checks, a conditional write, one enqueued job: fits inside the platforms' 3-second window.
 * A replay of a platform request (`actor.request`) makes no second submission and queues nothing.
 */
export async function submit(
  deps: LeagueDeps,
  actor: Actor,
  roundId: string | undefined,
  given: Partial<Hyperparameters>,
  uploaded: Upload | undefined,
): Promise<SubmitResult> {
  const now = deps.clock.now();
  const day = utcDay(now);
  // A named round is charged while it is read (one round trip less): each charge gets a count of
  // its own, held to the round's quota once read, and a refused submission gives its charge back.
  const early = roundId === undefined ? undefined : deps.store.chargeQuota(roundId, actor.userId, day);
  const charged = early?.then(
    () => true,
    () => false,
  );
  let accepted: Awaited<ReturnType<typeof acceptedBy>>;
  try {
    accepted = await acceptedBy(deps, roundId, given, uploaded, now);
  } catch (e) {
    if (await charged) await deps.store.refundQuota(roundId!, actor.userId, day);
    throw e;
  }
  const { round, hyperparameters, upload } = accepted;
  const used = early ? await early : await deps.store.chargeQuota(round.id, actor.userId, day, round.quotaPerDay);
  if (used === undefined || used > round.quotaPerDay) {
    if (early) await deps.store.refundQuota(round.id, actor.userId, day);
    throw new UserError(
      'QUOTA_EXCEEDED',
      `You have used all ${round.quotaPerDay} submissions for today in ${round.name}.`,
      `The quota resets at 00:00 UTC, in about ${hoursToMidnightUtc(now)} h.`,
    );
  }
  let submission: Submission | undefined;
  let replayOf: Submission | undefined;
  try {
    // Only now, with the quota charged, are the bytes of a pending upload stored.
    const stored = isPendingUpload(upload) ? await upload.store(round.maxBytes) : upload;
    for (let attempt = 0; !submission && !replayOf; attempt++) {
      // A platform request's first id is its own, so the conditional write that creates the
      // submission also records the request: its replay meets that submission.
      const own = attempt === 0 && actor.request !== undefined;
      const candidate: Submission = {
        id: own ? deps.ids.forKey('s', actor.request!) : deps.ids.next('s'),
        roundId: round.id,
        userId: actor.userId,
        ...(cleanName(actor.name) ? { userName: cleanName(actor.name) } : {}),
        stage: 'RECEIVED',
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        quotaDay: day,
        quotaCount: used,
        ...(actor.request !== undefined ? { request: actor.request } : {}),
        upload: stored,
        hyperparameters,
      };
      try {
        await deps.store.createSubmission(candidate);
        submission = candidate;
      } catch (e) {
        if (!(e instanceof ConflictError) || attempt >= 3) throw e;
        if (own) replayOf = await madeBy(deps, candidate.id, actor);
      }
    }
  } catch (e) {
    await deps.store.refundQuota(round.id, actor.userId, day);
    throw e;
  }
  if (replayOf) {
    // A replay creates nothing: its charge is given back, and it answers as the request did.
    await deps.store.refundQuota(round.id, actor.userId, day);
    deps.log.warn('submit request replayed: answered with its submission', { submissionId: replayOf.id });
    return { submission: replayOf, round, quotaLeft: Math.max(0, round.quotaPerDay - (replayOf.quotaCount ?? used)) };
  }
  if (!submission) throw new Error('unreachable: no submission and no replay');
  try {
    await deps.queue.send([{ type: 'ingest', submissionId: submission.id }]);
  } catch (e) {
    deps.log.error('enqueue failed at submit', { submissionId: submission.id, error: String(e) });
    await failSubmission(deps, submission.id, 'The league could not queue your dataset. Please submit again.');
    throw new UserError(
      'UPSTREAM_UNAVAILABLE',
      'The league is busy and could not take your submission; it was not counted. Please try again in a minute.',
    );
  }
  return { submission, round, quotaLeft: Math.max(0, round.quotaPerDay - used) };
}
