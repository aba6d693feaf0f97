import { UserError } from '../../errors';
import { displayName, shortName } from '../../messages/format';
import type { Finale, Finalist, Round, Submission } from '../../model';
import type { LeagueDeps } from '../context';
import { rankedLeaderboard } from '../leaderboard';

const MIN_FINALISTS = 2;
/** An expert's scoring card has one menu per finalist, and Discord shows at most five rows of components. */
const MAX_FINALISTS = 5;

/** `<@slack:T1:U1>` and `@alice` name the same member as `slack:T1:U1` and `alice`. */
const bare = (token: string) => token.replace(/^<@([^>]+)>$/, '$1').replace(/^@/, '');

const names = (who: { userId: string; userName?: string }, token: string) =>
  who.userId === token ||
  [shortName(who.userId), who.userName ?? ''].some((n) => n.toLowerCase() === token.toLowerCase());

/**
 * The finalists named at `finale start`: each a scored submission of the round, by its id, or a
 * member on the round's leaderboard (their best submission), by id or name.
 */
export async function finalistsOf(deps: LeagueDeps, round: Round, tokens: string[]): Promise<Finalist[]> {
  if (!tokens.length) return topOfStandings(deps, round);
  if (tokens.length < MIN_FINALISTS)
    throw new UserError(
      'INVALID_INPUT',
      `A finale needs at least ${MIN_FINALISTS} finalists.`,
      'Name them by member or submission id: `/league finale start <round> alice bob carol`.',
    );
  if (tokens.length > MAX_FINALISTS)
    throw new UserError('INVALID_INPUT', `A finale has at most ${MAX_FINALISTS} finalists.`);
  const [subs, board] = await Promise.all([
    deps.store.listSubmissionsByRound(round.id),
    rankedLeaderboard(deps, round.id),
  ]);
  const finalists: Finalist[] = [];
  for (const raw of tokens) {
    const token = bare(raw);
    let sub: Submission | undefined = subs.find((s) => s.id === token);
    if (!sub) {
      const entries = board.filter((e) => names(e, token));
      if (entries.length > 1)
        throw new UserError(
          'INVALID_INPUT',
          `\`${raw}\` names more than one member: ${entries.map((e) => e.userId).join(', ')}.`,
          'Use the full member id or a submission id.',
        );
      sub = entries[0] && subs.find((s) => s.id === entries[0]!.submissionId);
    }
    if (!sub)
      throw new UserError(
        'NOT_FOUND',
        `\`${raw}\` is neither a submission of ${round.name} nor a member on its leaderboard.`,
        `See \`/league leaderboard ${round.id}\`.`,
      );
    if (sub.stage !== 'SCORED' || !sub.modelUri)
      throw new UserError('CONFLICT', `Submission ${sub.id} is not scored: only scored models can be finalists.`);
    if (finalists.some((f) => f.userId === sub!.userId))
      throw new UserError('INVALID_INPUT', `${displayName(sub)} is named twice: one model per member.`);
    finalists.push(finalistOf(sub, finalists.length + 1));
  }
  return finalists;
}

const finalistOf = (sub: Submission, position: number): Finalist => ({
  position,
  submissionId: sub.id,
  userId: sub.userId,
  ...(sub.userName ? { userName: sub.userName } : {}),
  modelUri: sub.modelUri!,
});

/**
 * `finale start <round>` without names: the top five members of the round's final standings (on the
 * private split where the round has one), one entry per member, on stage in standing order.
 */
async function topOfStandings(deps: LeagueDeps, round: Round): Promise<Finalist[]> {
  if (round.status !== 'closed')
    throw new UserError(
      'CONFLICT',
      `${round.name} is still open, so its standings are not final.`,
      `Close it first with \`/league round close ${round.id}\`, or name the finalists: \`/league finale start ${round.id} <finalist…>\`.`,
    );
  const [subs, board] = await Promise.all([
    deps.store.listSubmissionsByRound(round.id),
    rankedLeaderboard(deps, round.id),
  ]);
  const byId = new Map(subs.map((s) => [s.id, s]));
  const finalists: Finalist[] = [];
  for (const entry of board) {
    if (finalists.length === MAX_FINALISTS) break;
    const sub = byId.get(entry.submissionId);
    // A model that is no longer servable cannot answer live; the next member takes the place.
    if (sub?.stage !== 'SCORED' || !sub.modelUri) continue;
    if (finalists.some((f) => f.userId === sub.userId)) continue;
    finalists.push(finalistOf(sub, finalists.length + 1));
  }
  if (finalists.length < MIN_FINALISTS)
    throw new UserError(
      'CONFLICT',
      `${round.name} has ${finalists.length} member${finalists.length === 1 ? '' : 's'} with a scored model in its final standings: a finale needs at least ${MIN_FINALISTS}.`,
      `See \`/league leaderboard ${round.id}\`.`,
    );
  return finalists;
}

/** A finalist named in a vote or score: by stage position, member or submission id. */
export function findFinalist(finale: Finale, raw: string): Finalist {
  const token = bare(raw);
  const found = /^\d+$/.test(token)
    ? finale.finalists.find((f) => f.position === Number(token))
    : finale.finalists.find((f) => f.submissionId === token || names(f, token));
  if (!found) {
    throw new UserError(
      'NOT_FOUND',
      `No finalist \`${raw}\`.`,
      `The finalists: ${finale.finalists.map((f) => `${f.position} ${displayName(f)}`).join(', ')}.`,
    );
  }
  return found;
}
