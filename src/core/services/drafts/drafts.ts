import type { DraftCommand } from '../../draft-commands';
import { ConflictError, UserError } from '../../errors';
import { DRAFT_PAGE_ROWS, draftPageMessage, draftPages } from '../../messages/draft';
import { cleanName, literal } from '../../messages/format';
import { type Message, message } from '../../messages/message';
import type { Draft, Upload } from '../../model';
import type { Actor, LeagueDeps } from '../context';
import { resolveRound } from '../rounds';
import { checkGenerationBudget, generationMaxCount } from './budget';

/** Rows a `generate` without `count=` asks for (at most what the round allows). */
const DEFAULT_COUNT = 50;

const seeDrafts = 'See `/league status` for your drafts.';

async function ownDraft(deps: LeagueDeps, actor: Actor, id: string): Promise<Draft> {
  const draft = await deps.store.getDraft(id);
  // Someone else's draft reads as missing, as submissions do.
  if (!draft || draft.userId !== actor.userId)
    throw new UserError('NOT_FOUND', `No draft \`${id}\` of yours.`, seeDrafts);
  return draft;
}

function readyDraft(draft: Draft, version?: number): Draft & { blobKey: string; rows: number } {
  if (draft.status === 'generating')
    throw new UserError(
      'CONFLICT',
      `Draft ${draft.id} is still being generated${draft.version > 1 ? ` (v${draft.version})` : ''}.`,
      'Its progress is in your DMs; the preview follows when it is ready.',
    );
  if (draft.status === 'failed' || !draft.blobKey || draft.rows === undefined)
    throw new UserError(
      'CONFLICT',
      `Draft ${draft.id} failed: ${draft.failure ?? 'no rows'}.`,
      'Start a new one with `/league generate`.',
    );
  if (version !== undefined && version !== draft.version)
    throw new UserError(
      'CONFLICT',
      `That preview is out of date: draft ${draft.id} is at v${draft.version} now.`,
      `Use the newest preview in your DMs, or \`/league draft ${draft.id}\`.`,
    );
  return draft as Draft & { blobKey: string; rows: number };
}

/** A page of the version's preview, as stored with it (the review never reads the blob store). */
const pageOf = (deps: LeagueDeps, draft: Draft, page: number) => deps.store.getDraftPage(draft.id, draft.version, page);

/** `generate`: cheap checks, the draft stored, its first job queued; the rows arrive in the member's DMs. */
async function startGenerate(
  deps: LeagueDeps,
  actor: Actor,
  cmd: Extract<DraftCommand, { kind: 'generate' }>,
): Promise<string> {
  const now = deps.clock.now();
  const round = await resolveRound(deps, cmd.round, { mustBeOpen: true });
  if (new Date(round.deadline) <= now) throw new UserError('ROUND_CLOSED', `The deadline of ${round.name} has passed.`);
  const max = generationMaxCount(round);
  const count = cmd.count ?? Math.min(DEFAULT_COUNT, max);
  if (count > max)
    throw new UserError(
      'INVALID_INPUT',
      `${round.name} drafts at most ${max} rows per \`generate\`, you asked for ${count}.`,
      `Ask for count=${max} or fewer; generate again for more.`,
    );
  await checkGenerationBudget(deps, round, actor.userId);
  const draft: Draft = {
    id: deps.ids.next('d'),
    roundId: round.id,
    userId: actor.userId,
    ...(cleanName(actor.name) ? { userName: cleanName(actor.name) } : {}),
    topic: literal(cmd.topic),
    ...(cmd.style ? { style: literal(cmd.style) } : {}),
    count,
    status: 'generating',
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    dropped: [],
    generated: 0,
    needed: count,
    tokens: 0,
  };
  await deps.store.createDraft(draft);
  await queueFirstBatch(deps, draft);
  return `Drafting ${count} instruction–response pairs on _${draft.topic}_ for ${round.name} as draft \`${draft.id}\`. Progress is in your DMs; the .jsonl and a preview to review follow there.`;
}

async function queueFirstBatch(deps: LeagueDeps, draft: Draft): Promise<void> {
  try {
    await deps.queue.send([{ type: 'generate', draftId: draft.id, version: draft.version, batch: 0 }]);
  } catch (e) {
    deps.log.error('enqueue failed at generate', { draftId: draft.id, error: String(e) });
    await deps.store
      .updateDraft(draft.id, { status: 'failed', failure: 'the league could not queue it' }, { version: draft.version })
      .catch(() => undefined);
    throw new UserError(
      'UPSTREAM_UNAVAILABLE',
      'The league is busy and could not queue your draft. Please try again in a minute.',
    );
  }
}

/** `refine`: the next version regenerates the dropped rows (or every row) with the member's feedback. */
async function refine(deps: LeagueDeps, actor: Actor, cmd: Extract<DraftCommand, { kind: 'refine' }>): Promise<string> {
  const draft = readyDraft(await ownDraft(deps, actor, cmd.draftId));
  const round = await resolveRound(deps, draft.roundId, { mustBeOpen: true });
  await checkGenerationBudget(deps, round, actor.userId);
  const all = cmd.all || draft.dropped.length === 0;
  const replace = all ? Array.from({ length: draft.rows }, (_, i) => i + 1) : draft.dropped;
  if (!replace.length)
    throw new UserError(
      'CONFLICT',
      `Draft ${draft.id} has no rows to regenerate.`,
      'Start a new one with `/league generate`.',
    );
  let next: Draft;
  try {
    next = await deps.store.updateDraft(
      draft.id,
      {
        version: draft.version + 1,
        status: 'generating',
        feedback: literal(cmd.feedback),
        base: { blobKey: draft.blobKey, replace },
        needed: replace.length,
        generated: 0,
        dropped: [],
        progress: undefined,
        budgetStopped: undefined,
        updatedAt: deps.clock.now().toISOString(),
      },
      { version: draft.version, status: 'ready' },
    );
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    throw new UserError(
      'CONFLICT',
      `Draft ${draft.id} changed meanwhile.`,
      'Look at its newest preview, then try again.',
    );
  }
  await queueFirstBatch(deps, next);
  const what = all
    ? `all ${draft.rows} rows${cmd.all ? '' : ' (none was dropped)'}`
    : `the ${replace.length} dropped row${replace.length === 1 ? '' : 's'}`;
  return `Refining draft \`${draft.id}\`: regenerating ${what} with your feedback. Version ${next.version} arrives in your DMs.`;
}

/** Moves the DM's preview to the page given (cosmetic: a failed edit is logged, the click still counts). */
async function showInPreview(deps: LeagueDeps, draft: Draft, page: number): Promise<void> {
  if (!draft.preview) return;
  try {
    await deps.chat.update(draft.preview, draftPageMessage(draft, await pageOf(deps, draft, page), page));
  } catch (e) {
    deps.log.warn('draft preview not updated', { draftId: draft.id, error: String(e) });
  }
}

async function markRows(
  deps: LeagueDeps,
  actor: Actor,
  cmd: Extract<DraftCommand, { kind: 'draft-keep' | 'draft-drop' }>,
): Promise<string> {
  const draft = readyDraft(await ownDraft(deps, actor, cmd.draftId), cmd.version);
  const outside = cmd.rows.find((r) => r > draft.rows);
  if (outside !== undefined)
    throw new UserError('INVALID_INPUT', `Draft ${draft.id} has ${draft.rows} rows; there is no row ${outside}.`);
  const drop = cmd.kind === 'draft-drop';
  let updated: Draft;
  try {
    updated = await deps.store.markDraftRows(draft.id, draft.version, cmd.rows, drop);
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    readyDraft((await deps.store.getDraft(draft.id)) ?? draft, draft.version);
    throw e;
  }
  const page = Math.ceil(cmd.rows[0]! / DRAFT_PAGE_ROWS);
  await showInPreview(deps, updated, page);
  const rows = cmd.rows.length === 1 ? `Row ${cmd.rows[0]}` : `${cmd.rows.length} rows`;
  const kept = draft.rows - updated.dropped.length;
  return `${rows} ${drop ? 'dropped' : 'kept'}: ${kept} kept, ${updated.dropped.length} dropped.`;
}

/** Runs a draft command for the member; the reply is theirs alone. */
export async function draftCommand(deps: LeagueDeps, actor: Actor, cmd: DraftCommand): Promise<Message> {
  switch (cmd.kind) {
    case 'generate':
      return message(await startGenerate(deps, actor, cmd));
    case 'refine':
      return message(await refine(deps, actor, cmd));
    case 'draft-keep':
    case 'draft-drop':
      return message(await markRows(deps, actor, cmd));
    case 'draft': {
      const draft = readyDraft(await ownDraft(deps, actor, cmd.draftId));
      const pages = draftPages(draft.rows);
      if (cmd.page && cmd.page > pages)
        throw new UserError('INVALID_INPUT', `Draft ${draft.id} has ${pages} page${pages === 1 ? '' : 's'}.`);
      return draftPageMessage(draft, await pageOf(deps, draft, cmd.page ?? 1), cmd.page ?? 1);
    }
    case 'draft-page': {
      const draft = readyDraft(await ownDraft(deps, actor, cmd.draftId), cmd.version);
      const pages = draftPages(draft.rows);
      const page = Math.min(cmd.page, pages);
      const moved = await deps.store.updateDraft(draft.id, { page });
      await showInPreview(deps, moved, page);
      return message(`Draft ${draft.id}: page ${page} of ${pages}.`);
    }
  }
}

/** The dataset of `submit draft=<id>`: the draft's file in the blob store, without the dropped rows. */
export async function draftUpload(
  deps: LeagueDeps,
  actor: Actor,
  draftId: string,
): Promise<{ upload: Upload; roundId: string }> {
  const draft = readyDraft(await ownDraft(deps, actor, draftId));
  const kept = draft.rows - draft.dropped.length;
  if (kept <= 0)
    throw new UserError(
      'INVALID_INPUT',
      `Every row of draft ${draft.id} is dropped, so there is nothing to submit.`,
      `Keep some rows, or \`/league refine ${draft.id} "…"\` to regenerate them.`,
    );
  return {
    roundId: draft.roundId,
    upload: {
      name: `draft-${draft.id}${draft.version > 1 ? `-v${draft.version}` : ''}.jsonl`,
      blobKey: draft.blobKey,
      ...(draft.bytes !== undefined ? { size: draft.bytes } : {}),
      ...(draft.dropped.length ? { omitLines: draft.dropped } : {}),
      draftId: draft.id,
    },
  };
}

/** Records the submission made from the draft (shown with the draft in `status`). */
export async function noteDraftSubmitted(deps: LeagueDeps, draftId: string, submissionId: string): Promise<void> {
  await deps.store
    .updateDraft(draftId, { submissionId })
    .catch((e: unknown) => deps.log.warn('draft submission not recorded', { draftId, error: String(e) }));
}
