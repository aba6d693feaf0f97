import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_KINDS, parseCommand } from '../../src/core/commands';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague;
let aliceSub: string;
beforeAll(async () => {
  league = await startTestLeague({ env: { LEAGUE_FINALE_EXPERTS: 'local:demo:expert' } });
  const reply = await league.submit('alice', 'strong.jsonl');
  aliceSub = /submission (s\w+)/.exec(reply.message.text)![1]!;
  await league.queue.drain(60_000);
});
afterAll(async () => {
  // The drafts the walk started finish before the store closes.
  await league.queue.drain(60_000);
  await league.close();
});

const organizer = () => ({ userId: 'local:demo:organizer', channel: 'local:league', isOrganizer: true });

/** Each command as a member, then as an organizer, with the expected outcome. */
const CASES: { command: () => string; member: RegExp; organizer: RegExp }[] = [
  { command: () => 'help', member: /LLM League commands/, organizer: /LLM League commands/ },
  { command: () => 'rounds', member: /Open rounds/, organizer: /Open rounds/ },
  { command: () => 'submit demo', member: /Attach your dataset/, organizer: /Attach your dataset/ },
  { command: () => 'status', member: /no submissions yet/, organizer: /no submissions yet/ },
  {
    command: () => `status ${aliceSub}`,
    member: /No submission `s\w+` of yours/,
    organizer: new RegExp(`${'s'}\\w+: Scored`),
  },
  { command: () => 'leaderboard demo', member: /leaderboard: #1/, organizer: /leaderboard: #1/ },
  { command: () => `cancel ${aliceSub}`, member: /No submission `s\w+` of yours/, organizer: /already finished/ },
  {
    command: () => `appeal ${aliceSub} q01 wrong`,
    member: /No submission `s\w+` of yours/,
    organizer: /Only the member who submitted s\w+ can appeal/,
  },
  {
    command: () => 'round open name="Second round" domain=tax',
    member: /Only organizers/,
    organizer: /Round \*Second round\*/,
  },
  { command: () => 'round questions second-round', member: /Only organizers/, organizer: /Attach the question file/ },
  { command: () => 'round announce second-round', member: /Only organizers/, organizer: /Load the questions/ },
  { command: () => 'round close second-round', member: /Only organizers/, organizer: /Closed Second round/ },
  { command: () => 'round results demo', member: /Only organizers/, organizer: /Posted the results/ },
  { command: () => 'override s1 q1 A>B', member: /Only organizers/, organizer: /No submission `s1`/ },
  {
    command: () => 'export demo',
    member: /Only organizers/,
    organizer: /1 submission with stages, scores and costs, attached as CSV/,
  },
  { command: () => 'audit 20', member: /Only organizers/, organizer: /Audit log: the last \d+ entries, newest first/ },
  {
    command: () => 'undelivered 5',
    member: /Only organizers/,
    organizer: /Every message the league owed has been delivered/,
  },
  { command: () => `finale start demo ${aliceSub}`, member: /Only organizers/, organizer: /at least 2 finalists/ },
  { command: () => 'finale next "What is a budget?"', member: /Only organizers/, organizer: /No finale is running/ },
  { command: () => 'finale end', member: /Only organizers/, organizer: /No finale is running/ },
  // Experts, not organizers, score; everyone may vote.
  { command: () => 'finale score 1 7', member: /Only the finale's experts/, organizer: /Only the finale's experts/ },
  { command: () => 'finale vote 1', member: /No finale is running/, organizer: /No finale is running/ },
  {
    command: () => 'finale prompt "Be brief."',
    member: /No finale is running/,
    organizer: /No finale is running/,
  },
  { command: () => 'runs demo', member: /no submissions in .* yet/, organizer: /no submissions in .* yet/ },
  // A try is the member's own tool: organizers cannot ask someone else's model either.
  {
    command: () => `try ${aliceSub} "How do I split rent with roommates?"`,
    member: /No submission `s\w+` of yours/,
    organizer: /No submission `s\w+` of yours/,
  },
  // Members label once they join, pairs of closed rounds only; organizers any round.
  {
    command: () => 'calibrate demo',
    member: /open to members who join/,
    organizer: /blind pair from .* is in your DMs/,
  },
  { command: () => 'calibrate join', member: /You have joined/, organizer: /You have joined/ },
  {
    command: () => 'calibrate label cal1 A>B',
    member: /No pair `cal1` of yours/,
    organizer: /No pair `cal1` of yours/,
  },
  { command: () => 'calibration demo', member: /Only organizers/, organizer: /Judge vs people|nobody has labelled/ },
  // Drafts are their member's own: an organizer sees no one else's either.
  {
    command: () => 'generate topic="budgets" count=3',
    member: /Drafting 3 instruction–response pairs/,
    organizer: /Drafting 3 instruction–response pairs/,
  },
  {
    command: () => 'draft dnope123',
    member: /No draft `dnope123` of yours/,
    organizer: /No draft `dnope123` of yours/,
  },
  {
    command: () => 'refine dnope123 "shorter"',
    member: /No draft `dnope123` of yours/,
    organizer: /No draft `dnope123` of yours/,
  },
  {
    command: () => 'draft keep dnope123.1 2',
    member: /No draft `dnope123` of yours/,
    organizer: /No draft `dnope123` of yours/,
  },
  {
    command: () => 'draft drop dnope123 2',
    member: /No draft `dnope123` of yours/,
    organizer: /No draft `dnope123` of yours/,
  },
  {
    command: () => 'draft page dnope123.1 2',
    member: /No draft `dnope123` of yours/,
    organizer: /No draft `dnope123` of yours/,
  },
];

describe('authorization: every command as a member and as an organizer', () => {
  it('walks every command of the grammar', () => {
    expect(new Set(CASES.map((c) => parseCommand(c.command()).kind))).toEqual(new Set(COMMAND_KINDS));
  });

  it.each(CASES.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    const asMember = await league.run(league.member('mallory'), c.command());
    expect(asMember.message.text).toMatch(c.member);
    if (c.member.source === 'Only organizers') expect(asMember.visibility).toBe('ephemeral');
    const asOrganizer = await league.run(organizer(), c.command());
    expect(asOrganizer.message.text).toMatch(c.organizer);
    expect(asOrganizer.message.text).not.toMatch(/Only organizers/);
  });

  it('exports the append-only audit log as CSV: organizer actions and every stage change', async () => {
    const reply = await league.run(organizer(), 'audit 5000');
    const csv = reply.file!.content;
    expect(reply.file!.mime).toBe('text/csv');
    expect(csv.split('\r\n')[0]).toBe('at,actor,action,target,detail');
    for (const action of [
      'round.open',
      'round.questions',
      'submission.VALIDATING',
      'submission.TRAINING',
      'submission.SCORED',
    ])
      expect(csv).toContain(action);
    expect(csv).toContain(`,submission.SCORED,${aliceSub},`);
  });

  it('refuses submissions after a round closes and question changes to a closed round', async () => {
    const r = await league.submit('mallory', 'poor.jsonl', { text: 'submit second-round' });
    expect(r.message.text).toMatch(/Second round is already closed/);
    const q = await league.run(organizer(), 'round questions second-round');
    expect(q.message.text).toMatch(/Attach the question file|closed/);
  });
});
