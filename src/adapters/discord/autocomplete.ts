import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { truncate } from '../../core/messages/truncate';
import type { Round, Submission } from '../../core/model';
import type { Actor, LeagueDeps } from '../../core/services/context';
import { isFinal, STAGE_LABEL } from '../../core/submission-stage';
import { AUTOCOMPLETE } from './commands-names';

/** Discord shows at most 25 choices, each name and value at most 100 characters. */
const MAX_CHOICES = 25;
const CHOICE_CHARS = 100;
/** A choice: its name cut to fit, its value whole (a choice whose value would not fit is left out). */
const choice = (name: string, value: string): APIApplicationCommandOptionChoice<string> => ({
  name: truncate(name, CHOICE_CHARS),
  value,
});
const fits = (id: string) => id.length <= CHOICE_CHARS;
const matches = (query: string, ...texts: string[]) => !query || texts.some((t) => t.toLowerCase().includes(query));

/** Subcommands whose round may be closed: the others only take open rounds. */
const ANY_ROUND = new Set(['leaderboard', 'round results', 'export', 'finale start']);

function roundChoices(rounds: Round[], path: string, query: string): APIApplicationCommandOptionChoice<string>[] {
  const usable = ANY_ROUND.has(path) ? rounds : rounds.filter((r) => r.status === 'open');
  return usable
    .filter((r) => fits(r.id) && matches(query, r.id, r.name))
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'))
    .slice(0, MAX_CHOICES)
    .map((r) => choice(`${r.name} (${r.id})${r.status === 'open' ? '' : ' · closed'}`, r.id));
}

/** Which of a member's submissions a subcommand can act on. */
const SUBMISSION_FILTER: Record<string, (s: Submission) => boolean> = {
  cancel: (s) => !isFinal(s.stage),
  appeal: (s) => s.stage === 'SCORED',
  override: (s) => s.stage === 'SCORED',
};

async function submissionChoices(
  deps: LeagueDeps,
  actor: Actor,
  path: string,
  query: string,
): Promise<APIApplicationCommandOptionChoice<string>[]> {
  let subs = await deps.store.listSubmissionsByUser(actor.userId);
  if (actor.isOrganizer && path === 'override') {
    const [latest] = await deps.store.listRounds();
    if (latest) subs = [...subs, ...(await deps.store.listSubmissionsByRound(latest.id))];
  }
  const keep = SUBMISSION_FILTER[path] ?? (() => true);
  const seen = new Set<string>();
  return subs
    .filter((s) => fits(s.id) && keep(s) && matches(query, s.id, s.roundId) && !seen.has(s.id) && seen.add(s.id))
    .slice(0, MAX_CHOICES)
    .map((s) => choice(`${s.id} · ${s.roundId} · ${STAGE_LABEL[s.stage]}`, s.id));
}

/** Choices for the option being typed: rounds from the store, or the member's own submissions. */
export async function autocompleteChoices(
  deps: LeagueDeps,
  actor: Actor,
  focused: { path: string[]; name: string; value: string },
): Promise<APIApplicationCommandOptionChoice<string>[]> {
  const path = focused.path.join(' ');
  const query = focused.value.trim().toLowerCase();
  if (focused.name === AUTOCOMPLETE.round) return roundChoices(await deps.store.listRounds(), path, query);
  if (focused.name === AUTOCOMPLETE.submission) return submissionChoices(deps, actor, path, query);
  return [];
}
