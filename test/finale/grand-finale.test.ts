import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFromAction } from '../../src/core/commands';
import type { Block, Message, Reply } from '../../src/core/messages/message';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import type { Actor } from '../../src/core/services/context';
import { standingOf } from '../../src/core/services/finale/scoreboard';
import { runJob } from '../../src/core/services/run-job';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';
import { EXPERTS, type FinalistName, scriptedModels, seedScored, withModels } from './support';

/*
 * Hand computation of the whole finale (3 finalists, 2 experts, 10 audience members, 2 prompts).
 * Judge = mean candidate score over both orders × 100, averaged over the prompts; experts = per prompt, each
 * expert's scores min–max normalised across the finalists they scored (0–100), averaged over experts, then
 * prompts; audience = share of all votes, both prompts pooled; total = 0.4 judge + 0.4 experts + 0.2 audience.
 *
 * Prompt 1
 *   judge    alice [[A>>B]] as A -> 1, [[B>A]] as B -> 1   => 1.00 -> 100
 *            bob   [[A=B]] as A -> 0.5, [[A>B]] as B -> 0  => 0.25 -> 25
 *            carol [[B>A]] as A -> 0, [[A>>B]] as B -> 0   => 0.00 -> 0
 *   experts  expert 1 (rubric menus): alice 10, 8, 9 -> 9, bob 6, carol 3 then changed to 10
 *            -> (9-6)/4 = 75, 0, 100
 *            expert 2: alice 7, bob 4, carol 10 -> 50, 0, 100
 *            => alice 62.5 · bob 0 · carol 100
 *   audience 10 votes: alice 5, bob 3, carol 2 (a duplicate by a01 refused)
 * Prompt 2
 *   judge    alice [[B>A]] as A -> 0, [[A>B]] as B -> 0   => 0 -> 0
 *            bob   [[A>B]] as A -> 1, [[B>>A]] as B -> 1  => 1 -> 100
 *            carol [[A>B]] as A -> 1, [[A=B]] as B -> 0.5 => 0.75 -> 75
 *   experts  expert 1: alice 2, bob 10, carol 7 -> 0, 100, 62.5
 *            expert 2: alice 4, bob 8 (no score for carol) -> 0, 100
 *            => alice 0 · bob 100 · carol 62.5
 *   audience 10 votes: alice 1, bob 6, carol 3 (a late vote on prompt 1 refused)
 * Standing
 *   judge    alice 50 · bob 62.5 · carol 37.5
 *   experts  alice 31.25 · bob 50 · carol 81.25
 *   audience 20 votes: alice 6 -> 30 · bob 9 -> 45 · carol 5 -> 25
 *   total    bob 25 + 20 + 9 = 54 · carol 15 + 32.5 + 5 = 52.5 · alice 20 + 12.5 + 6 = 38.5
 */
const EXPECTED = [
  { name: 'bob', total: 54, judge: 62.5, experts: 50, audience: 45 },
  { name: 'carol', total: 52.5, judge: 37.5, experts: 81.25, audience: 25 },
  { name: 'alice', total: 38.5, judge: 50, experts: 31.25, audience: 30 },
];

const models = scriptedModels({
  1: { alice: ['A>>B', 'B>A'], bob: ['A=B', 'A>B'], carol: ['B>A', 'A>>B'] },
  2: { alice: ['B>A', 'A>B'], bob: ['A>B', 'B>>A'], carol: ['A>B', 'A=B'] },
});

let league: TestLeague;
const CHANNEL = 'local:league';
const person = (name: string): Actor => ({ userId: `local:demo:${name}`, channel: CHANNEL, isOrganizer: false });
const audience = Array.from({ length: 10 }, (_, i) => person(`a${String(i + 1).padStart(2, '0')}`));
const [expert1, expert2] = EXPERTS.map((id) => ({ userId: id, channel: CHANNEL, isOrganizer: false }));
const text = (r: Reply) => r.message.text;

const channel = () => league.chat.conversation(CHANNEL);
const promptPost = (n: number) => channel().find((e) => e.message.text.startsWith(`Grand Finale prompt ${n}:`))!;
const blocksOf = <T extends Block['type']>(m: Message, type: T) =>
  m.blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);
/** The vote button for a finalist on a prompt's message, as first seen: a stale copy keeps working after the message changes. */
const seenButtons = new Map<string, { action: string; value: string }>();
const voteButton = (n: number, name: FinalistName) => {
  const key = `${n}#${name}`;
  if (!seenButtons.has(key))
    seenButtons.set(key, blocksOf(promptPost(n).message, 'buttons')[0]!.buttons.find((b) => b.label.endsWith(name))!);
  return seenButtons.get(key)!;
};
/** The option of an expert's scoring card for a finalist that gives `score` on one rubric criterion. */
const scoreOption = (expert: string, n: number, position: number, score: number, criterion: number) => {
  const card = league.chat
    .conversation(`dm:${expert}`)
    .find((e) => e.message.text === `Score finalist ${position}'s answer to Grand Finale prompt ${n}`)!;
  const select = blocksOf(card.message, 'select')[criterion]!;
  return { action: select.action, value: select.options.find((o) => o.label === String(score))!.value };
};
const click = (actor: Actor, action: string, value: string) =>
  handleCommand(league.deps, actor, commandFromAction(action, value));
const vote = (actor: Actor, n: number, name: FinalistName) => {
  const b = voteButton(n, name);
  return click(actor, b.action, b.value);
};

beforeAll(async () => {
  league = await startTestLeague({ env: { LEAGUE_FINALE_EXPERTS: EXPERTS.join(',') }, override: withModels(models) });
  await seedScored(league, 'alice', 0.7);
  await seedScored(league, 'bob', 0.6);
  await seedScored(league, 'carol', 0.55);
});
afterAll(() => league.close());

describe('a whole Grand Finale: three finalists, two experts, ten audience members', () => {
  let scoreboardId: string;

  it("starts with the finalists and posts the scoreboard in the round's channel", async () => {
    expect(text(await league.run(organizerActor(), 'finale start demo a b c d e f'))).toMatch(/at most 5 finalists/);
    expect(text(await league.run(organizerActor(), 'finale start demo alice dave'))).toMatch(
      /`dave` is neither a submission of Personal Finance Sprint nor a member on its leaderboard/,
    );
    const reply = await league.run(organizerActor(), 'finale start demo alice bob salice');
    expect(text(reply)).toMatch(/alice is named twice/);
    const started = await league.run(organizerActor(), 'finale start demo alice bob carol');
    expect(text(started)).toMatch(
      /Grand Finale of Personal Finance Sprint is live with 3 finalists: 1 alice \(salice\), 2 bob \(sbob\), 3 carol \(scarol\)/,
    );
    const board = channel().at(-1)!;
    expect(board.message.blocks[0]).toEqual({
      type: 'heading',
      text: 'Grand Finale · Personal Finance Sprint — live scoreboard',
    });
    scoreboardId = board.id;
    expect(text(await league.run(organizerActor(), 'finale start demo alice bob'))).toMatch(/finale of demo is live/);
    expect(text(await league.run(audience[0]!, 'finale vote alice'))).toMatch(/No prompt is open yet/);
  });

  it('puts prompt 1 to every finalist and the reference; the judge sees each candidate in both orders', async () => {
    const reply = await league.run(organizerActor(), 'finale next "Prompt 1: how many r\'s are in strawberry?"');
    expect(text(reply)).toMatch(/Prompt 1 is out/);
    await league.queue.drain(20_000);
    expect(models.calls).toMatchObject({ reference: 1, finalists: 3, judge: 6, candidateFirst: 3, candidateSecond: 3 });
    const post = promptPost(1);
    expect(post.editedAt).toBeDefined();
    const shown = post.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    for (const answer of [
      'alice answers prompt 1',
      'bob answers prompt 1',
      'carol answers prompt 1',
      'reference answer 1',
    ])
      expect(shown).toContain(answer);
    expect(shown).toContain("how many r's are in strawberry?");
    expect(blocksOf(post.message, 'buttons')[0]!.buttons.map((b) => b.label)).toEqual([
      'Vote 1 · alice',
      'Vote 2 · bob',
      'Vote 3 · carol',
    ]);
    for (const expert of EXPERTS) {
      const cards = league.chat.conversation(`dm:${expert}`).filter((e) => e.message.text.startsWith('Score finalist'));
      expect(cards.map((c) => c.message.text)).toEqual(
        [1, 2, 3].map((p) => `Score finalist ${p}'s answer to Grand Finale prompt 1`),
      );
      for (const card of cards)
        expect(blocksOf(card.message, 'select').map((b) => b.placeholder)).toEqual([
          'Accuracy: 1–10',
          'Coherence: 1–10',
          'Domain adaptation: 1–10',
        ]);
    }
  });

  it('does not call a model again when the prompt job is delivered twice', async () => {
    const finale = (await league.deps.store.liveFinale())!;
    await runJob(league.deps, { type: 'finale-prompt', finaleId: finale.id, prompt: 1 });
    expect(models.calls).toMatchObject({ reference: 1, finalists: 3, judge: 6 });
  });

  it('takes expert scores (menu or command, changeable while open) and one vote per person', async () => {
    /** Expert 1 on the card's menus: one score per criterion (accuracy, coherence, domain adaptation). */
    const e1 = async (position: number, ...scores: [number, number, number]) => {
      const replies = [];
      for (const [criterion, score] of scores.entries()) {
        const o = scoreOption(EXPERTS[0]!, 1, position, score, criterion);
        replies.push(text(await click(expert1!, o.action, o.value)));
      }
      return replies;
    };
    expect(await e1(1, 10, 8, 9)).toEqual([
      'Your accuracy score 10/10 for finalist 1 (alice) on prompt 1 is recorded. It counts once you score coherence and domain adaptation too.',
      'Your coherence score 8/10 for finalist 1 (alice) on prompt 1 is recorded. It counts once you score domain adaptation too.',
      'Your domain adaptation score 9/10 for finalist 1 (alice) on prompt 1 is recorded. Your score for this answer is 9.0/10, the mean of the three criteria; you can change it until the prompt closes.',
    ]);
    await e1(2, 6, 6, 6);
    await e1(3, 3, 3, 3);
    expect((await e1(3, 10, 10, 10)).at(-1)).toMatch(/Your score for this answer is 10\.0\/10/);
    for (const [finalist, score] of [
      ['alice', 7],
      ['2', 4],
      ['scarol', 10],
    ] as const) {
      expect(text(await league.run(expert2!, `finale score ${finalist} ${score}`))).toMatch(/is recorded/);
    }
    expect(text(await league.run(person('mallory'), 'finale score alice 10'))).toMatch(
      /Only the finale's experts can score/,
    );
    expect(text(await league.run(expert2!, 'finale score dave 5'))).toMatch(
      /No finalist `dave`.*1 alice, 2 bob, 3 carol/,
    );

    const choices: FinalistName[] = [
      'alice',
      'alice',
      'alice',
      'alice',
      'alice',
      'bob',
      'bob',
      'bob',
      'carol',
      'carol',
    ];
    for (const [i, name] of choices.entries())
      expect(text(await vote(audience[i]!, 1, name))).toMatch(
        new RegExp(`Your vote for finalist \\d \\(${name}\\) on prompt 1 is counted`),
      );
    const duplicate = await vote(audience[0]!, 1, 'carol');
    expect(text(duplicate)).toMatch(
      /already voted on prompt 1: one vote per person per prompt, and the first one counts/,
    );
    expect(duplicate.visibility).toBe('ephemeral');
    const finale = (await league.deps.store.liveFinale())!;
    expect((await league.deps.store.getFinalePrompt(finale.id, 1))!.votes).toEqual({ salice: 5, sbob: 3, scarol: 2 });
  });

  it('closes prompt 1 when prompt 2 opens: a late vote is refused with the reason', async () => {
    expect(text(await league.run(organizerActor(), 'finale next Prompt 2: name one tax-advantaged account.'))).toMatch(
      /Prompt 2 is out.*voting on prompt 1 is closed/,
    );
    const late = await vote(person('a11'), 1, 'alice');
    expect(text(late)).toMatch(
      /Voting on prompt 1 is closed: votes and scores count only while their prompt is open\. Prompt 2 is open now\./,
    );
    expect(text(await vote(audience[1]!, 1, 'bob'))).toMatch(/Voting on prompt 1 is closed/);
    const o = scoreOption(EXPERTS[1]!, 1, 1, 1, 0);
    expect(text(await click(expert2!, o.action, o.value))).toMatch(/Voting on prompt 1 is closed/);
    expect(blocksOf(promptPost(1).message, 'buttons')).toHaveLength(0);
    const finale = (await league.deps.store.liveFinale())!;
    expect((await league.deps.store.getFinalePrompt(finale.id, 1))!.votes).toEqual({ salice: 5, sbob: 3, scarol: 2 });
    await league.queue.drain(20_000);
    expect(models.calls).toMatchObject({
      reference: 2,
      finalists: 6,
      judge: 12,
      candidateFirst: 6,
      candidateSecond: 6,
    });
  });

  it('scores prompt 2 and ends with the hand-computed standing, on the scoreboard edited in place', async () => {
    for (const [name, score] of [
      ['alice', 2],
      ['bob', 10],
      ['carol', 7],
    ] as const)
      await league.run(expert1!, `finale score ${name} ${score}`);
    for (const [name, score] of [
      ['alice', 4],
      ['bob', 8],
    ] as const)
      await league.run(expert2!, `finale score ${name} ${score}`);
    const choices: FinalistName[] = ['alice', 'bob', 'bob', 'bob', 'bob', 'bob', 'bob', 'carol', 'carol', 'carol'];
    for (const [i, name] of choices.entries()) expect(text(await vote(audience[i]!, 2, name))).toMatch(/is counted/);
    const finale = (await league.deps.store.liveFinale())!;

    const reply = await league.run(organizerActor(), 'finale end');
    expect(text(reply)).toBe(
      'The Grand Finale is over: bob wins with 54.0 points. The final standing is in the channel.',
    );

    const { rows } = await standingOf(league.deps, finale);
    expect(rows.map((r) => r.submissionId)).toEqual(EXPECTED.map((e) => `s${e.name}`));
    rows.forEach((r, i) => {
      expect(r.rank).toBe(i + 1);
      for (const key of ['total', 'judge', 'experts', 'audience'] as const)
        expect(r[key]).toBeCloseTo(EXPECTED[i]![key], 9);
    });

    const board = channel().find((e) => e.id === scoreboardId)!;
    expect(board.editedAt).toBeDefined();
    expect(board.message.blocks[0]).toEqual({
      type: 'heading',
      text: 'Grand Finale · Personal Finance Sprint — final standing',
    });
    expect(blocksOf(board.message, 'table')[0]!.rows).toEqual([
      ['1', 'finalist 2 · <@local:demo:bob>', '54.0', '62.5', '50.0', '45.0'],
      ['2', 'finalist 3 · <@local:demo:carol>', '52.5', '37.5', '81.3', '25.0'],
      ['3', 'finalist 1 · <@local:demo:alice>', '38.5', '50.0', '31.3', '30.0'],
    ]);
    const announcement = channel().at(-1)!;
    expect(announcement.message.text).toBe(
      'Grand Finale of Personal Finance Sprint: the winner is <@local:demo:bob> with 54.0 points.',
    );
    expect(
      blocksOf(announcement.message, 'text')
        .map((b) => b.text)
        .join('\n'),
    ).toMatch(/🥇 <@local:demo:bob> — \*54\.0\* points.*\n🥈 <@local:demo:carol>.*\n🥉 <@local:demo:alice>/);
  });

  it('refuses votes once the finale is over, and audits it', async () => {
    expect(text(await vote(audience[9]!, 2, 'alice'))).toMatch(/That finale is over: its voting is closed/);
    expect(text(await league.run(audience[9]!, 'finale vote alice'))).toMatch(/No finale is running/);
    expect(text(await league.run(organizerActor(), 'finale end'))).toMatch(/No finale is running/);
    const actions = (await league.deps.store.listAudit()).map((a) => a.action);
    expect(actions.filter((a) => a === 'finale.prompt')).toHaveLength(2);
    // Expert 1's 12 menu choices on prompt 1, expert 2's 3 commands there, then 5 commands on prompt 2.
    expect(actions.filter((a) => a === 'finale.score')).toHaveLength(20);
    expect(actions).toEqual(expect.arrayContaining(['finale.start', 'finale.end']));
  });
});
