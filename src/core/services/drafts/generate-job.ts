import { validateDataset } from '../../dataset';
import { ConflictError, LeagueError } from '../../errors';
import { draftPageMessage, draftProgressMessage, draftReadyMessage, previewPages } from '../../messages/draft';
import type { Draft, Round } from '../../model';
import { type LeagueDeps, utcDay } from '../context';
import { withLease } from '../lease';
import { validationSummary } from '../pipeline/ingest';
import { generationLimit } from './budget';
import {
  draftRequest,
  fromJsonl,
  instructionKey,
  leakedRows,
  PAIRS_PER_CALL,
  type Pair,
  parsePairs,
  toJsonl,
} from './pairs';

/** Calls beyond the planned ones a version may make when replies bring fewer pairs than asked. */
const EXTRA_CALLS = 2;

const draftFileKey = (id: string, version: number) => `drafts/${id}/v${version}.jsonl`;
const batchKey = (id: string, version: number, batch: number) => `drafts/${id}/v${version}/batch-${batch}.json`;

interface Batch {
  pairs: Pair[];
  tokens: number;
}

const maxCalls = (needed: number) => Math.ceil(needed / PAIRS_PER_CALL) + EXTRA_CALLS;

async function readBatches(deps: LeagueDeps, draft: Draft, upTo: number): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let b = 0; b < upTo; b++) {
    const key = batchKey(draft.id, draft.version, b);
    if (await deps.blobs.exists(key)) pairs.push(...(JSON.parse(await deps.blobs.getText(key)) as Batch).pairs);
  }
  return pairs;
}

/** The rows of the version being refined that stay (every row not replaced). */
async function baseRows(deps: LeagueDeps, draft: Draft): Promise<(Pair | undefined)[]> {
  if (!draft.base) return [];
  const rows = fromJsonl(await deps.blobs.getText(draft.base.blobKey));
  const replaced = new Set(draft.base.replace);
  return rows.map((p, i) => (replaced.has(i + 1) ? undefined : p));
}

async function updateProgress(deps: LeagueDeps, draft: Draft, round: Round): Promise<void> {
  if (!draft.progress) return;
  try {
    await deps.chat.update(draft.progress, draftProgressMessage(draft, round));
  } catch (e) {
    deps.log.warn('draft progress not updated', { draftId: draft.id, error: String(e) });
  }
}

/**
 * generate: one generator call per job (one batch of pairs), stored under a key of its own so a
 * second delivery pays nothing; then the next batch is queued, or the version is assembled.
 */
export async function handleGenerate(deps: LeagueDeps, draftId: string, version: number, batch: number) {
  const found = await deps.store.getDraft(draftId);
  // A stale job (a newer refine, a finished or failed version) has nothing left to do.
  if (!found || found.version !== version || found.status !== 'generating') return;
  const round = await deps.store.getRound(found.roundId);
  if (!round) throw new LeagueError('NOT_FOUND', `Round ${found.roundId} of draft ${draftId} is missing.`);
  await withLease(deps, `generate#${draftId}#${version}#${batch}`, async (lease) => {
    let draft = found;
    if (!draft.progress) {
      const progress = await deps.chat.dm(draft.userId, draftProgressMessage(draft, round), {
        idempotencyKey: `draft-progress#${draft.id}#${version}`,
      });
      draft = await deps.store.updateDraft(draft.id, { progress }, { version, status: 'generating' });
    }
    const needed = draft.needed ?? draft.count;
    const key = batchKey(draft.id, version, batch);
    let stopped = false;
    if (!(await deps.blobs.exists(key))) {
      const day = utcDay(deps.clock.now());
      const used = await deps.store.generationTokensUsed(round.id, draft.userId, day);
      if (used >= generationLimit(round)) stopped = true;
      else {
        // The rows being replaced are avoided too: the member dropped them.
        const base = draft.base ? fromJsonl(await deps.blobs.getText(draft.base.blobKey)) : [];
        const earlier = await readBatches(deps, draft, batch);
        const avoid = [...base, ...earlier].map((p) => p.instruction);
        const ask = Math.min(PAIRS_PER_CALL, Math.max(1, needed - (draft.generated ?? 0)));
        lease.check();
        const reply = await deps.generator.draft(
          draftRequest({
            domain: round.domain,
            topic: draft.topic,
            style: draft.style,
            feedback: draft.feedback,
            count: ask,
            avoid,
          }),
        );
        const seen = new Set(avoid.map(instructionKey));
        const pairs = parsePairs(reply.text).filter((p) => {
          const k = instructionKey(p.instruction);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        const tokens = reply.inputTokens + reply.outputTokens;
        await deps.blobs.put(key, JSON.stringify({ pairs, tokens } satisfies Batch));
        await deps.store.chargeGenerationTokens(round.id, draft.userId, day, tokens);
        draft = await deps.store.updateDraft(
          draft.id,
          {
            generated: (draft.generated ?? 0) + pairs.length,
            tokens: draft.tokens + tokens,
            model: deps.generator.modelId,
          },
          { version, status: 'generating' },
        );
      }
    }
    const done = stopped || (draft.generated ?? 0) >= needed || batch + 1 >= maxCalls(needed);
    if (!done) {
      await updateProgress(deps, draft, round);
      await deps.queue.send([{ type: 'generate', draftId: draft.id, version, batch: batch + 1 }]);
      return;
    }
    await finishVersion(deps, draft, round, batch + 1, stopped);
  });
}

/**
 * Assembles the version: the rows kept from the previous one in their places, the new pairs in the
 * places of the replaced ones (then after them), every row that matches a hidden question or gold
 * answer left out. The file is validated as a submission would be, then DM'd with the preview.
 */
async function finishVersion(deps: LeagueDeps, draft: Draft, round: Round, batches: number, stopped: boolean) {
  const questions = await deps.store.getQuestions(round.id);
  const generated = await readBatches(deps, draft, batches);
  // A generated row that matches a hidden question or answer never takes a place in the draft.
  const freshLeaks = leakedRows(generated, questions);
  const fresh = generated.filter((_, i) => !freshLeaks.has(i));
  const base = await baseRows(deps, draft);
  const rows: Pair[] = [];
  const seen = new Set<string>();
  const push = (p: Pair) => {
    const k = instructionKey(p.instruction);
    if (seen.has(k)) return false;
    seen.add(k);
    rows.push(p);
    return true;
  };
  let next = 0;
  const fill = () => {
    while (next < fresh.length) if (push(fresh[next++]!)) return;
  };
  if (draft.base) for (const p of base) p ? push(p) : fill();
  else while (next < fresh.length && rows.length < draft.count) fill();
  // Kept rows are checked again: the round's questions may have been replaced since.
  const keptLeaks = leakedRows(rows, questions);
  const clean = rows.filter((_, i) => !keptLeaks.has(i));
  const leaked = freshLeaks.size + keptLeaks.size;
  if (leaked)
    await deps.store.appendAudit({
      at: deps.clock.now().toISOString(),
      actor: 'system',
      action: 'draft.hidden-overlap',
      target: draft.id,
      detail: { version: draft.version, dropped: leaked },
    });
  const jsonl = toJsonl(clean);
  const blobKey = draftFileKey(draft.id, draft.version);
  await deps.blobs.put(blobKey, jsonl);
  const report = await validateDataset(deps.blobs.get(blobKey), {
    format: 'instruction',
    limits: { maxBytes: round.maxBytes, maxLineBytes: 64 * 1024, minRows: round.minRows, maxRows: round.maxRows },
  });
  const bytes = new TextEncoder().encode(jsonl);
  const ready: Draft = {
    ...draft,
    status: 'ready',
    rows: clean.length,
    blobKey,
    bytes: bytes.length,
    dropped: [],
    page: 1,
    leaked,
    budgetStopped: stopped || undefined,
    validation: validationSummary(report),
    updatedAt: deps.clock.now().toISOString(),
  };
  await updateProgress(deps, ready, round);
  const file = { name: `draft-${draft.id}${draft.version > 1 ? `-v${draft.version}` : ''}.jsonl`, bytes };
  await deps.chat.dm(draft.userId, draftReadyMessage(ready, file), {
    idempotencyKey: `draft-file#${draft.id}#${draft.version}`,
  });
  const pages = previewPages(clean);
  await deps.store.putDraftPages(draft.id, draft.version, pages);
  const preview = await deps.chat.dm(draft.userId, draftPageMessage(ready, pages[0] ?? [], 1), {
    idempotencyKey: `draft-preview#${draft.id}#${draft.version}`,
  });
  try {
    await deps.store.updateDraft(
      draft.id,
      {
        status: 'ready',
        rows: ready.rows,
        blobKey,
        bytes: ready.bytes,
        dropped: [],
        page: 1,
        leaked: ready.leaked,
        budgetStopped: ready.budgetStopped,
        validation: ready.validation,
        preview,
        generated: undefined,
        needed: undefined,
        base: undefined,
        feedback: undefined,
        updatedAt: ready.updatedAt,
      },
      { version: draft.version, status: 'generating' },
    );
  } catch (e) {
    // A second delivery finished the version first: same rows, same messages.
    if (!(e instanceof ConflictError)) throw e;
  }
}

/** A generate job that kept failing: the version ends failed, and the member hears why. */
export async function draftFailed(deps: LeagueDeps, draftId: string, version: number, reason: string) {
  const draft = await deps.store.getDraft(draftId);
  if (!draft || draft.version !== version || draft.status !== 'generating') return;
  let failed: Draft;
  try {
    failed = await deps.store.updateDraft(
      draftId,
      { status: 'failed', failure: reason },
      { version, status: 'generating' },
    );
  } catch (e) {
    if (e instanceof ConflictError) return;
    throw e;
  }
  const round = await deps.store.getRound(draft.roundId);
  if (failed.progress)
    await deps.chat.update(failed.progress, draftProgressMessage(failed, round)).catch(() => undefined);
  else
    await deps.chat.dm(failed.userId, draftProgressMessage(failed, round), {
      idempotencyKey: `draft-failed#${draftId}#${version}`,
    });
}
