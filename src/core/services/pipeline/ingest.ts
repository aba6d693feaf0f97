import { type ValidationReport, validateDataset } from '../../dataset';
import { isUserError, LeagueError } from '../../errors';
import { GoldLeakIndex, responsesOfTrainLine } from '../../judging/gold-leakage';
import type { Round, Submission, ValidationSummary } from '../../model';
import { INSTRUCTION_TEMPLATE } from '../../prompt-format';
import type { LeagueDeps } from '../context';
import { withoutLines } from '../drafts/omit-lines';
import { ensureProgressMessage } from '../progress';
import { enterStage, finishStage, loadSubmission } from './advance';
import { LineStream } from './line-stream';
import { waitForSlot } from './queueing';

const LISTED_ISSUES = 5;
const MAX_LINE_BYTES = 64 * 1024;

const uploadKey = (sub: Submission) => `uploads/${sub.id}/${sub.upload.name.replace(/[^\w.-]/g, '_')}`;
export const datasetKey = (id: string) => `datasets/${id}/train.jsonl`;
const reportKey = (id: string) => `reports/${id}.json`;
/** Beside train.jsonl, in the folder the training job reads: the prompt layout of instruction rows. */
export const templateKey = (id: string) => `datasets/${id}/template.json`;

/** What a submission or a draft keeps of its validation report: counts and the first few issues. */
export function validationSummary(report: ValidationReport, key?: string): ValidationSummary {
  const pick = (xs: { line: number; code: string; message: string; hint?: string }[]) =>
    xs
      .slice(0, LISTED_ISSUES)
      .map(({ line, code, message, hint }) => ({ line, code, message, ...(hint ? { hint } : {}) }));
  return {
    valid: report.valid,
    format: report.format,
    rows: report.rows,
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    errors: pick(report.errors),
    warnings: pick(report.warnings),
    ...(key ? { reportKey: key } : {}),
  };
}

/** ingest: copy the upload into the blob store, stream-validate it, then VALIDATED (enqueue train) or REJECTED. */
export async function handleIngest(deps: LeagueDeps, submissionId: string): Promise<void> {
  const loaded = await loadSubmission(deps, submissionId);
  if (!loaded) return;
  // A delivery after a crash that followed the stage change: re-emit what comes next (idempotent).
  if (loaded.stage === 'VALIDATED') return waitForSlot(deps, 'training', loaded);
  if (loaded.stage === 'REJECTED') return deps.queue.send([{ type: 'notify', submissionId }]);
  const withProgress = await ensureProgressMessage(deps, loaded);
  const sub = await enterStage(deps, withProgress, 'RECEIVED', 'VALIDATING');
  if (!sub) return;
  const round = await deps.store.getRound(sub.roundId);
  if (!round) throw new LeagueError('NOT_FOUND', `Round ${sub.roundId} of submission ${sub.id} is missing.`);

  let key = sub.upload.blobKey;
  if (!key) {
    key = uploadKey(sub);
    if (!(await deps.blobs.exists(key))) {
      try {
        await deps.blobs.put(key, deps.uploads.fetch(sub.upload.url!, { maxBytes: round.maxBytes }));
      } catch (e) {
        if (!isUserError(e)) throw e;
        await reject(deps, sub, e.message, undefined, false);
        return;
      }
    }
  }

  const questions = await deps.store.getQuestions(round.id);
  // train.jsonl streams to the blob store while the rows are checked, so memory stays flat
  // whatever the file's size. A file found invalid leaves a partial train.jsonl that nothing
  // refers to (datasetKey is only recorded on a valid submission; a retry overwrites it).
  const train = new LineStream();
  // The write's failure, held as a value: a rejection left unawaited while the validation runs would crash the process.
  const writeFailure = deps.blobs.put(datasetKey(sub.id), train).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  // The responses are compared with the hidden gold answers as the rows go by.
  const goldLeaks = new GoldLeakIndex(questions);
  let trainRows = 0;
  let report: ValidationReport;
  try {
    // A reviewed draft is read without the rows its member dropped.
    const omit = sub.upload.omitLines;
    report = await validateDataset(omit?.length ? withoutLines(deps.blobs.get(key), omit) : deps.blobs.get(key), {
      format: 'auto',
      limits: {
        maxBytes: round.maxBytes,
        maxLineBytes: MAX_LINE_BYTES,
        minRows: round.minRows,
        maxRows: round.maxRows,
      },
      hiddenQuestions: questions.map((q) => q.question),
      sizeBytes: sub.upload.size,
      onTrainLine: (line) => {
        // The validator may hand over several rows at once, one per line.
        for (const row of line.split('\n')) {
          if (!row) continue;
          trainRows++;
          for (const response of responsesOfTrainLine(row)) goldLeaks.add(trainRows, response);
        }
        return train.write(line);
      },
    });
    train.end();
  } catch (e) {
    train.end(e);
    // A failed write stops the validation too (its next line is refused): then the write's error is the cause.
    throw (await writeFailure) ?? e;
  }
  const failed = await writeFailure;
  if (failed) throw failed;
  await deps.blobs.put(reportKey(sub.id), JSON.stringify(report));
  if (report.organizerWarnings.length) {
    await deps.store.appendAudit({
      at: deps.clock.now().toISOString(),
      actor: 'system',
      action: 'dataset.leakage',
      target: sub.id,
      detail: { overlaps: report.organizerWarnings.length, first: report.organizerWarnings.slice(0, 3) },
    });
  }
  if (!report.valid) {
    const readable = wasReadable(report);
    await reject(
      deps,
      sub,
      readable
        ? `Your dataset has ${report.errorCount} error${report.errorCount === 1 ? '' : 's'}.`
        : 'Your file could not be read as a dataset: it is empty, blank, or not UTF-8 text.',
      validationSummary(report, reportKey(sub.id)),
      readable,
    );
    return;
  }
  const leak = await checkGoldLeakage(deps, sub, round, goldLeaks);
  if (leak.block && leak.message) {
    await reject(deps, sub, leak.message, validationSummary(report, reportKey(sub.id)));
    return;
  }
  // JumpStart trains instruction rows on this template; the evaluation asks with the same one.
  if (report.format === 'instruction') await deps.blobs.put(templateKey(sub.id), JSON.stringify(INSTRUCTION_TEMPLATE));
  const next = await finishStage(deps, sub, 'VALIDATED', {
    ...(leak.message ? { leakageNote: leak.message } : {}),
    datasetKey: datasetKey(sub.id),
    validation: validationSummary(report, reportKey(sub.id)),
  });
  if (next) await waitForSlot(deps, 'training', next);
}

/** At least this share of the round's checked gold answers reproduced refuses a dataset under `leakage=block`. */
const LEAK_BLOCK_SHARE = 0.5;

/**
 * Compares the dataset's responses with the round's hidden gold answers (normalised content-word
 * shingles). Organizers get the rows in the audit log; the member is told how many, never which
 * (a list would be an oracle for the private answers): in the rejection, or in the result DM.
 */
async function checkGoldLeakage(
  deps: LeagueDeps,
  sub: Submission,
  round: Round,
  index: GoldLeakIndex,
): Promise<{ block: boolean; message?: string }> {
  if (!index.checked) return { block: false };
  const leaks = index.leaks();
  if (!leaks.length) return { block: false };
  const mode = round.leakage ?? 'block';
  const block = mode === 'block' && leaks.length >= LEAK_BLOCK_SHARE * index.checked;
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    actor: 'system',
    action: 'dataset.gold-leakage',
    target: sub.id,
    detail: { mode, blocked: block, reproduced: leaks.length, checked: index.checked, first: leaks.slice(0, 10) },
  });
  const count = `${leaks.length} of the round's ${index.checked} hidden gold answers`;
  return block
    ? {
        block,
        message: `Your dataset's responses reproduce ${count}. Training on the hidden evaluation set is not a result, so this round refuses the dataset.`,
      }
    : {
        block,
        message: `Your dataset's responses reproduce ${count}. It was trained and judged, and organizers can see this; a model that learned the hidden answers does not show what your data teaches.`,
      };
}

/** Problems that leave nothing to read: no line of text, or no line that decodes. */
const UNREADABLE = new Set(['EMPTY_FILE', 'INVALID_UTF8', 'NUL_BYTE', 'TOO_FEW_ROWS']);

/**
 * A daily slot is spent on a dataset that could be read: at least one non-blank line decoded. An
 * empty, blank or undecodable file gets the slot back, as a file that could not be fetched does.
 */
function wasReadable(report: ValidationReport): boolean {
  if (report.rows > 0 || report.errors.length < report.errorCount) return true;
  return !report.errors.every((e) => UNREADABLE.has(e.code));
}

async function reject(
  deps: LeagueDeps,
  sub: Submission,
  reason: string,
  validation: ValidationSummary | undefined,
  counts = true,
) {
  const next = await finishStage(deps, sub, 'REJECTED', {
    validation,
    failure: { reason, countsAgainstQuota: counts },
  });
  if (!next) return;
  if (!counts) await deps.store.refundQuota(sub.roundId, sub.userId, sub.quotaDay);
  await deps.queue.send([{ type: 'notify', submissionId: sub.id }]);
}
