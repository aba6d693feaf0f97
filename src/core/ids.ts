import type { Command } from './commands';
import { UserError } from './errors';

/** No id the league hands out or accepts (rounds, submissions, questions, members) is longer. */
const MAX_ID_CHARS = 64;

/** An id worth looking up: short, printable, no separators of the store's keys' own making. */
export function isWellFormedId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_CHARS && !/[\p{Cc}\p{Cf}\s]/u.test(id);
}

const shown = (id: string) => (id.length > 24 ? `${id.slice(0, 24)}…` : id);

/** The ids a command names, by what they name (for the message). */
function idsOf(command: Command): [string, string | undefined][] {
  switch (command.kind) {
    case 'submit':
      return [
        ['round', command.round],
        ['draft', command.draftId],
      ];
    case 'generate':
      return [['round', command.round]];
    case 'refine':
    case 'draft':
    case 'draft-keep':
    case 'draft-drop':
    case 'draft-page':
      return [['draft', command.draftId]];
    case 'leaderboard':
    case 'round-questions':
    case 'round-announce':
    case 'round-close':
    case 'round-results':
    case 'export':
    case 'calibrate':
    case 'calibration':
    case 'runs':
      return [['round', command.round]];
    case 'calibrate-label':
      return [['pair', command.pairId]];
    case 'status':
      return [['submission', command.submissionId]];
    case 'cancel':
    case 'try':
      return [['submission', command.submissionId]];
    case 'appeal':
    case 'override':
      return [
        ['submission', command.submissionId],
        ['question', command.questionId],
      ];
    case 'finale-start':
      return [['round', command.round], ...command.finalists.map((f): [string, string] => ['finalist', f])];
    case 'finale-vote':
    case 'finale-score':
      return [
        ['finalist', command.finalist],
        ['finale', command.prompt?.finaleId],
      ];
    default:
      return [];
  }
}

/**
 * A malformed or over-long id cannot name anything: it reads as not found before any lookup, so
 * no store ever sees a key it would refuse.
 */
export function checkCommandIds(command: Command): void {
  for (const [what, id] of idsOf(command))
    if (id !== undefined && !isWellFormedId(id))
      throw new UserError(
        'NOT_FOUND',
        `No ${what} \`${shown(id)}\`${id.length > MAX_ID_CHARS ? ` (ids are at most ${MAX_ID_CHARS} characters)` : ''}.`,
        what === 'round'
          ? 'See `/league rounds` for the open ones.'
          : `See \`/league status\` for your ${what === 'draft' ? 'drafts' : 'submissions'}.`,
      );
}
