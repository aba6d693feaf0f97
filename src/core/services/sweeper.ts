import { admit } from '../capacity/admission';
import type { CapacityHolder } from '../capacity/fair-order';
import { triedSubmission } from '../capacity/try-holder';
import type { Job } from '../jobs';
import type { Submission } from '../model';
import type { CapacityPool } from '../ports';
import { isFinal, STAGE_LABEL, type Stage } from '../submission-stage';
import type { LeagueDeps } from './context';
import { failSubmission } from './failures';
import { sweepOutbox } from './outbox/deliver-job';
import { showPlaces } from './pipeline/queueing';

const MINUTE = 60_000;

/** How long a submission may sit in a stage without progress before the sweeper acts. */
const STAGE_DEADLINE_MS: Partial<Record<Stage, number>> = {
  RECEIVED: 5 * MINUTE,
  VALIDATING: 15 * MINUTE,
  VALIDATED: 5 * MINUTE,
  TRAINING: 6 * 60 * MINUTE,
  TRAINED: 10 * MINUTE,
  EVALUATING: 2 * 60 * MINUTE,
};

/** Longer than an admission takes between claiming a slot and taking its waiter out of line. */
const ADMISSION_MS = MINUTE;

/** Stages in which a submission may hold a slot of each pool (admitted, its job not yet through). */
const HOLDS: Record<CapacityPool, Stage[]> = {
  training: ['VALIDATED', 'TRAINING'],
  endpoint: ['TRAINED', 'EVALUATING'],
};

/**
 * Gives back slots whose holder has moved on or died (a final stage, a missing submission, a stage
 * that holds no such slot) and queue places of finished submissions, then admits the next in line.
 * Returns the submissions still waiting for a slot.
 */
async function reclaimSlots(deps: LeagueDeps): Promise<Set<string>> {
  const waiting = new Set<string>();
  for (const pool of ['training', 'endpoint'] as const) {
    const { holders, waiters } = await deps.store.capacity(pool);
    for (const h of holders) {
      if (triedSubmission(h.submissionId)) {
        await reclaimTryHost(deps, h, holders);
        continue;
      }
      const sub = await deps.store.getSubmission(h.submissionId);
      if (sub && HOLDS[pool].includes(sub.stage)) continue;
      deps.log.warn('capacity slot reclaimed', { pool, submissionId: h.submissionId, stage: sub?.stage });
      await deps.store.releaseSlot(pool, h.submissionId);
    }
    const now = deps.clock.now().getTime();
    for (const w of waiters) {
      // Holding a slot for a while yet still in line: its admitter stopped between the two writes.
      // Out of line, the submission's stage deadline sends its job again.
      const holder = holders.find((h) => h.submissionId === w.submissionId);
      if (holder && now - Date.parse(holder.since) > ADMISSION_MS) {
        await deps.store.removeWaiter(pool, w.submissionId);
        continue;
      }
      const tried = triedSubmission(w.submissionId);
      if (tried) {
        // The try waiting for this place sends itself again until its wait limit; past it, nobody is.
        const stale = now - Date.parse(w.enqueuedAt) > deps.settings.waitLimitsMs.endpoint + TRY_MARGIN_MS;
        if (stale) await deps.store.removeWaiter(pool, w.submissionId);
        continue;
      }
      const sub = await deps.store.getSubmission(w.submissionId);
      if (sub && !isFinal(sub.stage)) waiting.add(w.submissionId);
      else await deps.store.removeWaiter(pool, w.submissionId);
    }
    for (const id of await admit(deps, pool)) waiting.delete(id);
  }
  return waiting;
}

/** Beyond the idle time and the longest start, before the sweeper takes a try host back itself. */
const TRY_MARGIN_MS = 15 * MINUTE;

/**
 * A try host's slot normally goes with its `try-idle` job; should that job be lost, the sweeper
 * closes the host and frees the slot once it has been idle well past TRY_IDLE_MINUTES.
 */
async function reclaimTryHost(deps: LeagueDeps, h: CapacityHolder, holders: CapacityHolder[]): Promise<void> {
  const submissionId = triedSubmission(h.submissionId)!;
  const sub = await deps.store.getSubmission(submissionId);
  const lastUse = Math.max(Date.parse(h.since) || 0, Date.parse(sub?.tryUsedAt ?? '') || 0);
  const limit = deps.settings.tryIdleMs + deps.settings.waitLimitsMs.endpoint + TRY_MARGIN_MS;
  if (sub && deps.clock.now().getTime() - lastUse < limit) return;
  deps.log.warn('try host reclaimed', { submissionId });
  if (!holders.some((o) => o.submissionId === submissionId)) await deps.host.close(submissionId);
  await deps.store.releaseSlot('endpoint', h.submissionId);
}

/** Retries per stage before the sweeper gives up and fails the submission. */
const MAX_SWEEPS = 2;

/** The job that makes progress from `stage`, or none when only an outside event can (training). */
function retryJobs(sub: Submission): Job[] {
  switch (sub.stage) {
    case 'RECEIVED':
    case 'VALIDATING':
      return [{ type: 'ingest', submissionId: sub.id }];
    case 'VALIDATED':
      return [{ type: 'train', submissionId: sub.id }];
    case 'TRAINED':
      return [{ type: 'evaluate', submissionId: sub.id }];
    case 'EVALUATING':
      return [
        ...Array.from({ length: sub.chunksTotal ?? 1 }, (_, chunk) => ({
          type: 'judge' as const,
          submissionId: sub.id,
          chunk,
        })),
      ];
    default:
      return [];
  }
}

export interface SweepResult {
  checked: number;
  retried: string[];
  failed: string[];
  /** Chat messages whose retry was overdue, scheduled again. */
  messagesRescheduled: number;
  /** Whether organizers are yet to hear of messages given up on (the worker tells them). */
  noticeQueued: boolean;
}

/**
 * Finds submissions without progress past their stage deadline: retries a bounded number of times
 * (every job is idempotent), then fails them with a reason the member can act on, and one DM.
 */
export async function sweep(deps: LeagueDeps): Promise<SweepResult> {
  const now = deps.clock.now().getTime();
  const result: SweepResult = { checked: 0, retried: [], failed: [], messagesRescheduled: 0, noticeQueued: false };
  result.messagesRescheduled = await sweepOutbox(deps);
  if ((await deps.store.listUndeliverable(1, { unnoticed: true })).length) {
    await deps.queue.send([{ type: 'notice-undelivered' }]);
    result.noticeQueued = true;
  }
  const waiting = await reclaimSlots(deps);
  for (const round of await deps.store.listRounds()) {
    for (const sub of await deps.store.listSubmissionsByRound(round.id)) {
      if (isFinal(sub.stage)) continue;
      result.checked++;
      // Waiting its turn in the fair queue is not being stuck: no deadline runs meanwhile.
      if (waiting.has(sub.id)) continue;
      const deadline = STAGE_DEADLINE_MS[sub.stage];
      if (!deadline || now - new Date(sub.updatedAt).getTime() < deadline) continue;
      const jobs = retryJobs(sub);
      if (jobs.length && (sub.attempts ?? 0) < MAX_SWEEPS) {
        await deps.store.patchSubmission(sub.id, {
          attempts: (sub.attempts ?? 0) + 1,
          updatedAt: new Date(now).toISOString(),
        });
        await deps.queue.send(jobs);
        result.retried.push(sub.id);
        continue;
      }
      await failSubmission(
        deps,
        sub.id,
        `It made no progress while "${STAGE_LABEL[sub.stage].toLowerCase()}" for over ${Math.round(deadline / MINUTE)} minutes. This was a problem on our side; please submit again`,
      );
      result.failed.push(sub.id);
    }
  }
  if (result.retried.length || result.failed.length || result.messagesRescheduled)
    deps.log.warn('sweeper acted', { ...result });
  // Places or starts that drifted while nothing moved, or that a busy pass left for later. Last, and
  // cosmetic: a failure here is logged and never keeps the sweeper from its work.
  for (const pool of ['training', 'endpoint'] as const) {
    await showPlaces(deps, pool).catch((e) => deps.log.warn('queue places not shown', { pool, error: String(e) }));
  }
  return result;
}
