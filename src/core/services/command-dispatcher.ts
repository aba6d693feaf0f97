import type { Command } from '../commands';
import { ORGANIZER_COMMANDS } from '../commands';
import { UserError } from '../errors';
import { checkCommandIds } from '../ids';
import { errorMessage, helpMessage, roundsMessage } from '../messages/help';
import { leaderboardMessage } from '../messages/leaderboard';
import { type Message, message, type Reply } from '../messages/message';
import { announcementMessage, roundClosedMessage } from '../messages/round';
import { receivedMessage, statusMessage } from '../messages/submission';
import { undeliveredListMessage } from '../messages/undelivered';
import type { Round, Submission, Upload } from '../model';
import { BEFORE_TRAINING } from '../submission-stage';
import { appealJudgment } from './appeals';
import { auditCsv } from './audit-export';
import { calibrate, calibrationReport, joinCalibration, labelPair } from './calibration';
import { cancelSubmission } from './cancel';
import { type Actor, type LeagueDeps, utcDay } from './context';
import { generationBudgetLine } from './drafts/budget';
import { draftCommand, draftUpload, noteDraftSubmitted } from './drafts/drafts';
import { castVote, scoreFinalist } from './finale/audience';
import { endFinale, nextPrompt, startFinale } from './finale/control';
import { setSystemPrompt } from './finale/system-prompt';
import { leaderboardUrl, rankedLeaderboard } from './leaderboard';
import { overrideJudgment } from './override';
import { withPlaces } from './pipeline/queueing';
import { announceResults } from './results';
import { loadQuestions, openRound, parseQuestions, resolveRound, roundFromOptions } from './rounds';
import { compareRuns } from './runs';
import { submissionsCsv } from './submissions-export';
import { submit } from './submit';
import { requestTry } from './try';

/** The commands an attachment belongs to; any other refuses it before a byte is stored. */
const TAKES_FILE: ReadonlySet<Command['kind']> = new Set(['submit', 'round-questions']);

const ephemeral = (text: string): Reply => ({ message: message(text), visibility: 'ephemeral' });

/** Reads an attached file's text (small files only: question sets). */
export type AttachmentReader = (upload: Upload, maxBytes: number) => Promise<string>;

/**
 * Runs a parsed command for an actor and returns the reply. User mistakes come back as an ephemeral
 * error reply; anything else propagates (a bug or an outage).
 */
export async function handleCommand(
  deps: LeagueDeps,
  actor: Actor,
  command: Command,
  upload?: Upload,
  read?: AttachmentReader,
): Promise<Reply> {
  try {
    if (ORGANIZER_COMMANDS.has(command.kind) && !actor.isOrganizer) {
      throw new UserError(
        'FORBIDDEN',
        'Only organizers can do that.',
        'Ask an organizer, or see `/league help` for what members can do.',
      );
    }
    checkCommandIds(command);
    if (upload && !TAKES_FILE.has(command.kind))
      throw new UserError(
        'INVALID_INPUT',
        `\`${command.kind.replace('-', ' ')}\` takes no file, so yours was not kept.`,
        "Attach a dataset to `submit`, or an organizer's question set to `round questions`.",
      );
    return await dispatch(deps, actor, command, upload, read);
  } catch (e) {
    if (e instanceof UserError) return { message: errorMessage(e.message, e.hint), visibility: 'ephemeral' };
    throw e;
  }
}

async function ownSubmission(deps: LeagueDeps, actor: Actor, id: string): Promise<Submission> {
  const sub = await deps.store.getSubmission(id);
  // Someone else's submission reads as missing: ids are not a way to spy.
  if (!sub || (sub.userId !== actor.userId && !actor.isOrganizer))
    throw new UserError('NOT_FOUND', `No submission \`${id}\` of yours.`, 'See `/league status` for your submissions.');
  return sub;
}

/** `status` also shows the member's latest drafts and what is left of today's generation budget. */
async function withDrafts(
  deps: LeagueDeps,
  actor: Actor,
  status: Message,
  latest: Round | undefined,
): Promise<Message> {
  const drafts = (await deps.store.listDraftsByUser(actor.userId)).slice(0, 5);
  const round = latest ?? (drafts[0] && (await deps.store.getRound(drafts[0].roundId)));
  const lines = drafts.map(
    (d) =>
      `• \`${d.id}\` v${d.version} — ${d.status === 'ready' ? `${(d.rows ?? 0) - d.dropped.length} of ${d.rows ?? 0} rows kept` : d.status}${d.submissionId ? `, submitted as \`${d.submissionId}\`` : ''} · _${d.topic}_`,
  );
  const budget = round ? await generationBudgetLine(deps, round, actor.userId) : undefined;
  const blocks: Message['blocks'] = [...status.blocks];
  if (lines.length) blocks.push({ type: 'text', text: `*Your drafts*\n${lines.join('\n')}` });
  if (budget) blocks.push({ type: 'context', text: budget });
  return { ...status, blocks };
}

async function dispatch(
  deps: LeagueDeps,
  actor: Actor,
  command: Command,
  upload?: Upload,
  read?: AttachmentReader,
): Promise<Reply> {
  const now = deps.clock.now();
  const audit = (action: string, target: string, detail?: Record<string, unknown>) =>
    deps.store.appendAudit({ at: now.toISOString(), actor: actor.userId, action, target, detail });
  switch (command.kind) {
    case 'help':
      return { message: helpMessage(actor.isOrganizer), visibility: 'ephemeral' };
    case 'rounds':
      return { message: roundsMessage(await deps.store.listRounds()), visibility: 'ephemeral' };
    case 'submit': {
      if (command.draftId && upload)
        throw new UserError(
          'INVALID_INPUT',
          'Attach a file or name a draft, not both; your file was not kept.',
          '`/league submit draft=<id>` submits the rows you kept in that draft.',
        );
      const fromDraft = command.draftId ? await draftUpload(deps, actor, command.draftId) : undefined;
      const { submission, round, quotaLeft } = await submit(
        deps,
        actor,
        command.round ?? fromDraft?.roundId,
        command.hyperparameters,
        fromDraft?.upload ?? upload,
      );
      if (command.draftId) await noteDraftSubmitted(deps, command.draftId, submission.id);
      return { message: receivedMessage(submission, round, quotaLeft), visibility: 'ephemeral' };
    }
    case 'generate':
    case 'refine':
    case 'draft':
    case 'draft-keep':
    case 'draft-drop':
    case 'draft-page':
      return { message: await draftCommand(deps, actor, command), visibility: 'ephemeral' };
    case 'status': {
      if (command.submissionId)
        return {
          message: statusMessage(
            await withPlaces(deps, [await ownSubmission(deps, actor, command.submissionId)]),
            undefined,
            now,
          ),
          visibility: 'ephemeral',
        };
      const subs = await deps.store.listSubmissionsByUser(actor.userId);
      // What is left today in each round the member can submit to, named when there are several; a charge
      // being held to the quota may count for a moment: never fewer than none left.
      const open = (await deps.store.listRounds()).filter((r) => r.status === 'open');
      const left = await Promise.all(
        open.map(async (r) => ({
          round: r.name,
          left: Math.max(0, r.quotaPerDay - (await deps.store.quotaUsed(r.id, actor.userId, utcDay(now)))),
        })),
      );
      const status = statusMessage(await withPlaces(deps, subs), left, now);
      const latestRound = open.find((r) => r.id === subs[0]?.roundId) ?? open[0];
      return { message: await withDrafts(deps, actor, status, latestRound), visibility: 'ephemeral' };
    }
    case 'leaderboard': {
      const round = await resolveRound(deps, command.round);
      return {
        message: leaderboardMessage(round, await rankedLeaderboard(deps, round.id), leaderboardUrl(deps, round.id)),
        visibility: 'ephemeral',
      };
    }
    case 'cancel': {
      const sub = await ownSubmission(deps, actor, command.submissionId);
      const from = await cancelSubmission(deps, sub, actor.userId);
      return ephemeral(
        `Submission ${sub.id} is cancelled${BEFORE_TRAINING.has(from) ? ' and does not count against your quota' : ''}.`,
      );
    }
    case 'appeal':
      return ephemeral(await appealJudgment(deps, actor, command));
    case 'round-open': {
      const round = await openRound(
        deps,
        roundFromOptions(command.options, actor.userId, actor.channel, now, {
          referenceModel: deps.reference.modelId,
          judgeModels: deps.judges.map((j) => j.modelId),
        }),
      );
      return ephemeral(
        `Round *${round.name}* (\`${round.id}\`) is open until ${round.deadline.slice(0, 10)}. Next: attach the hidden questions to \`/league round questions ${round.id}\`, then \`/league round announce ${round.id}\`.`,
      );
    }
    case 'round-questions': {
      const round = await resolveRound(deps, command.round, { ask: 'round questions' });
      if (!upload || !read)
        throw new UserError(
          'INVALID_INPUT',
          'Attach the question file (JSONL: id, category, question, optional gold and split).',
        );
      const updated = await loadQuestions(deps, round, parseQuestions(await read(upload, 5_000_000)), actor.userId);
      const publicCount = (await deps.store.getQuestions(round.id)).filter((q) => q.split === 'public').length;
      return ephemeral(
        `Loaded ${updated.questionCount} hidden questions into ${round.name}: ${publicCount} public (standings while the round is open) and ${updated.questionCount - publicCount} private (the final results; members never see them).`,
      );
    }
    case 'round-announce': {
      const round = await resolveRound(deps, command.round, { mustBeOpen: true, ask: 'round announce' });
      if (!round.questionCount)
        throw new UserError('CONFLICT', `Load the questions of ${round.name} before announcing it.`);
      // Once per round: a repeated command (or a double click) posts nothing new.
      if (round.announcedAt)
        return ephemeral(
          `${round.name} was announced already (${round.announcedAt.slice(0, 16).replace('T', ' ')} UTC); nothing was posted again.`,
        );
      await deps.chat.post(round.channel, announcementMessage(round));
      await deps.store.updateRound(round.id, { announcedAt: now.toISOString() });
      await audit('round.announce', round.id);
      return ephemeral(`Announced ${round.name}.`);
    }
    case 'round-close': {
      const round = await resolveRound(deps, command.round, { mustBeOpen: true, ask: 'round close' });
      const closed = await deps.store.updateRound(round.id, { status: 'closed', closedAt: now.toISOString() });
      // A round the channel never heard of closes quietly.
      if (round.announcedAt) await deps.chat.post(round.channel, roundClosedMessage(closed));
      await audit('round.close', round.id);
      const quiet = round.announcedAt ? '' : ' It was never announced, so nothing was posted to the channel.';
      return ephemeral(
        `Closed ${round.name}.${quiet} When every evaluation has finished, post the final standings with \`/league round results ${round.id}\`.`,
      );
    }
    case 'round-results':
      return ephemeral(await announceResults(deps, actor, command.round));
    case 'audit': {
      const entries = await deps.store.listAudit(command.limit);
      await audit('audit.export', 'audit', { entries: entries.length });
      return {
        ...ephemeral(`Audit log: the last ${entries.length} entries, newest first, attached as CSV.`),
        file: { name: 'league-audit.csv', mime: 'text/csv', content: auditCsv(entries) },
      };
    }
    case 'undelivered':
      return {
        message: undeliveredListMessage(await deps.store.listUndeliverable(command.limit), command.limit),
        visibility: 'ephemeral',
      };
    case 'override':
      return ephemeral(await overrideJudgment(deps, actor, command));
    case 'export': {
      const round = await resolveRound(deps, command.round);
      const subs = await deps.store.listSubmissionsByRound(round.id);
      await audit('round.export', round.id, { submissions: subs.length });
      return {
        ...ephemeral(
          `${round.name}: ${subs.length} submission${subs.length === 1 ? '' : 's'} with stages, scores and costs, attached as CSV.`,
        ),
        file: { name: `league-${round.id}-submissions.csv`, mime: 'text/csv', content: submissionsCsv(subs) },
      };
    }
    case 'runs':
      return { message: await compareRuns(deps, actor, command.round), visibility: 'ephemeral' };
    case 'try':
      return ephemeral(await requestTry(deps, actor, command.submissionId, command.question));
    case 'calibrate':
      return ephemeral(await calibrate(deps, actor, command.round));
    case 'calibrate-join':
      return ephemeral(await joinCalibration(deps, actor));
    case 'calibrate-label':
      return ephemeral(await labelPair(deps, actor, command.pairId, command.verdict));
    case 'calibration':
      return await calibrationReport(deps, command.round);
    case 'finale-start':
      return ephemeral(await startFinale(deps, actor, command.round, command.finalists));
    case 'finale-next':
      return ephemeral(await nextPrompt(deps, actor, command.prompt));
    case 'finale-end':
      return ephemeral(await endFinale(deps, actor));
    case 'finale-vote':
      return ephemeral(await castVote(deps, actor, command.finalist, command.prompt));
    case 'finale-score':
      return ephemeral(
        await scoreFinalist(deps, actor, command.finalist, command.score, command.prompt, command.criterion),
      );
    case 'finale-system-prompt':
      return ephemeral(await setSystemPrompt(deps, actor, command.prompt));
  }
}
