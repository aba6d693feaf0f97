import { joinQueue, leaveQueue, queuePlaces } from '../capacity/admission';
import { tryHolder } from '../capacity/try-holder';
import { tryHostClosedMessage } from '../messages/try';
import type { Submission } from '../model';
import type { Generator } from '../ports';
import { promptFormatOf } from '../prompt-format';
import type { LeagueDeps } from './context';

/** SQS delays a message by 15 minutes at most: a longer idle time is waited out in steps. */
const MAX_DELAY_S = 15 * 60;

export type TryHost = { ready: Generator } | { waiting: 'slot'; place?: number };

/**
 * The model, answerable. An in-process host just opens. A provisioned one (an endpoint) needs a
 * slot of the endpoint pool unless the submission's evaluation holds one: the try joins the fair
 * queue and waits its turn; once it holds the slot, a delayed `try-idle` job is on its way to
 * tear the host down when tries stop. Opening an endpoint that is starting throws NotReadyError.
 */
export async function openTryHost(deps: LeagueDeps, sub: Submission): Promise<TryHost> {
  if (deps.host.provisioned) {
    const holder = tryHolder(sub.id);
    const { holders } = await deps.store.capacity('endpoint');
    const held = holders.some((h) => h.submissionId === holder || h.submissionId === sub.id);
    if (!held) {
      const admitted = await joinQueue(deps, 'endpoint', { id: holder, userId: sub.userId, roundId: sub.roundId });
      const now = (await deps.store.capacity('endpoint')).holders.some((h) => h.submissionId === holder);
      if (!now) return { waiting: 'slot', place: (await queuePlaces(deps, 'endpoint')).get(holder)?.position };
      deps.log.info('try host admitted', { submissionId: sub.id, admitted });
      await scheduleIdleCheck(deps, sub.id, deps.settings.tryIdleMs);
    }
    // Every use, and every look while the endpoint starts, pushes the idle teardown back.
    await deps.store.patchSubmission(sub.id, { tryUsedAt: deps.clock.now().toISOString() });
  }
  return { ready: await deps.host.open(sub.id, sub.modelUri!, promptFormatOf(sub)) };
}

/**
 * After a try's answer: the idle teardown is (again) on its way. A slot may have come to the try from
 * another's release, so every answer sends one; the checks that find the host used since re-send
 * themselves, and only the last one through closes it.
 */
export async function afterTryUse(deps: LeagueDeps, sub: Submission): Promise<void> {
  if (!deps.host.provisioned) return;
  await deps.store.patchSubmission(sub.id, { tryUsedAt: deps.clock.now().toISOString() });
  const { holders } = await deps.store.capacity('endpoint');
  if (holders.some((h) => h.submissionId === tryHolder(sub.id)))
    await scheduleIdleCheck(deps, sub.id, deps.settings.tryIdleMs);
}

const scheduleIdleCheck = (deps: LeagueDeps, submissionId: string, inMs: number) =>
  deps.queue.send([{ type: 'try-idle', submission: submissionId }], {
    delaySeconds: Math.min(MAX_DELAY_S, Math.max(1, Math.ceil(inMs / 1000))),
  });

/**
 * try-idle: closes the model's try host and frees its slot once no try used it for TRY_IDLE_MINUTES;
 * checks again later otherwise. A host the submission's own evaluation is using stays up (the
 * evaluation closes it); only the try's slot goes.
 */
export async function handleTryIdle(deps: LeagueDeps, submissionId: string): Promise<void> {
  const holder = tryHolder(submissionId);
  const { holders } = await deps.store.capacity('endpoint');
  if (!holders.some((h) => h.submissionId === holder)) return;
  const sub = await deps.store.getSubmission(submissionId);
  const idleMs = deps.settings.tryIdleMs;
  const lastUse = Date.parse(sub?.tryUsedAt ?? '') || 0;
  const left = lastUse + idleMs - deps.clock.now().getTime();
  if (sub && left > 0) return scheduleIdleCheck(deps, submissionId, left);
  if (!holders.some((h) => h.submissionId === submissionId)) await deps.host.close(submissionId);
  await leaveQueue(deps, 'endpoint', holder);
  deps.log.info('try host closed', { submissionId, idleMs });
  if (sub)
    await deps.chat.dm(sub.userId, tryHostClosedMessage(sub.id, Math.round(idleMs / 60_000)), {
      idempotencyKey: `try-closed#${sub.id}#${sub.tryUsedAt ?? ''}`,
    });
}
