import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/services/context';
import { standingOf } from '../../src/core/services/finale/scoreboard';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';
import { EXPERTS, scriptedModels, seedScored, withModels } from './support';

// carol's judge replies carry no verdict the parser can read, in both orders and on the retry.
const models = scriptedModels({
  1: { alice: ['A>B', 'B>A'], bob: ['A>B', 'B>A'], carol: ['maybe', 'maybe'] },
});

let league: TestLeague;
const CHANNEL = 'local:league';
const person = (name: string): Actor => ({ userId: `local:demo:${name}`, channel: CHANNEL, isOrganizer: false });
const expert: Actor = { userId: EXPERTS[0]!, channel: CHANNEL, isOrganizer: false };
const text = (r: { message: { text: string } }) => r.message.text;
const channel = () => league.chat.conversation(CHANNEL);

beforeAll(async () => {
  league = await startTestLeague({ env: { LEAGUE_FINALE_EXPERTS: EXPERTS.join(',') }, override: withModels(models) });
  await seedScored(league, 'alice', 0.7);
  await seedScored(league, 'bob', 0.6);
  await seedScored(league, 'carol', 0.55);
});
afterAll(() => league.close());

describe('finale integrity: unreadable verdicts, votes for oneself, ties', () => {
  it('retries an unreadable verdict, then leaves it out of the judge part and shows it', async () => {
    await league.run(organizerActor(), 'finale start demo alice bob carol');
    await league.run(organizerActor(), 'finale next "Prompt 1: what is an index fund?"');
    await league.queue.drain(20_000);
    // alice and bob: one call per order; carol: both orders asked twice.
    expect(models.calls.judge).toBe(2 + 2 + 4);
    const post = channel().find((e) => e.message.text.startsWith('Grand Finale prompt 1:'))!;
    const shown = post.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(shown).toContain(
      "The judge's reply could not be read for finalist 3: 2 of 2 verdicts unreadable after a retry — judge part not scored on this prompt.",
    );
  });

  it("refuses a finalist's vote for their own model without spending it", async () => {
    const own = await league.run(person('alice'), 'finale vote alice');
    expect(text(own)).toMatch(/Your vote for your own model does not count\. Vote for the best answer among the other/);
    expect(own.visibility).toBe('ephemeral');
    expect(text(await league.run(person('alice'), 'finale vote bob'))).toMatch(/is counted/);
    expect(text(await league.run(person('bob'), 'finale vote 2'))).toMatch(/own model does not count/);
    expect(text(await league.run(person('bob'), 'finale vote 1'))).toMatch(/is counted/);
    const finale = (await league.deps.store.liveFinale())!;
    expect((await league.deps.store.getFinalePrompt(finale.id, 1))!.votes).toEqual({ salice: 1, sbob: 1 });
  });

  it('shows an exact tie as a shared rank and a finalist without a judge part as not scored', async () => {
    await league.run(expert, 'finale score alice 8');
    await league.run(expert, 'finale score bob 8');
    const finale = (await league.deps.store.liveFinale())!;
    const reply = await league.run(organizerActor(), 'finale end');
    // alice and bob: judge 100, experts 80 (both scored alike: 8/10), audience 50 -> 40 + 32 + 10 = 82.
    expect(text(reply)).toBe(
      'The Grand Finale is over: alice and bob tie for first place with 82.0 points. The final standing is in the channel.',
    );
    const { rows } = await standingOf(league.deps, finale);
    expect(rows.map((r) => [r.submissionId, r.rank, r.tied, r.judge, r.partial])).toEqual([
      ['salice', 1, true, 100, false],
      ['sbob', 1, true, 100, false],
      ['scarol', 3, false, null, true],
    ]);
    const board = channel().find((e) => e.message.text.startsWith('Grand Finale ·'))!;
    expect(board.message.text).toMatch(
      /^Grand Finale · Personal Finance Sprint: #=1 alice 82\.0, #=1 bob 82\.0, #3 carol 0\.0\*/,
    );
    const table = board.message.blocks.find((b) => b.type === 'table')!;
    expect(table.type === 'table' && table.rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['=1', '82.0', '100.0'],
      ['=1', '82.0', '100.0'],
      ['3', '0.0*', '—'],
    ]);
    expect(channel().at(-1)!.message.text).toBe(
      'Grand Finale of Personal Finance Sprint: it is a tie: <@local:demo:alice> and <@local:demo:bob> share first place with 82.0 points.',
    );
  });
});
