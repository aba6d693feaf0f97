import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientError } from '../../src/core/errors';
import { standingOf } from '../../src/core/services/finale/scoreboard';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';
import { EXPERTS, scriptedModels, seedScored } from './support';

let league: TestLeague;
const models = scriptedModels({});

beforeAll(async () => {
  league = await startTestLeague({
    env: { LEAGUE_FINALE_EXPERTS: EXPERTS.join(',') },
    // The judge is down for good: every finale-prompt delivery fails until the job is dead-lettered.
    override: (deps) => ({
      ...deps,
      host: models.host,
      reference: models.reference,
      judges: [
        { modelId: 'down', family: 'test', judge: () => Promise.reject(new TransientError('judge unavailable')) },
      ],
    }),
  });
  await seedScored(league, 'alice', 0.7);
  await seedScored(league, 'bob', 0.6);
});
afterAll(() => league.close());

describe('a finale prompt the judge cannot score', () => {
  it('waits for the judge before ending, then counts the prompt with no judge share once the job has failed for good', async () => {
    await league.run(organizerActor(), 'finale start demo alice bob');
    await league.run(organizerActor(), 'finale next "Prompt 1: what is an index fund?"');
    const early = await league.run(organizerActor(), 'finale end');
    expect(early.message.text).toMatch(
      /The judge is still scoring prompt 1\. Try `\/league finale end` again in a moment\./,
    );

    await league.run({ userId: 'local:demo:v1', channel: 'local:league', isOrganizer: false }, 'finale vote bob');
    await league.run({ userId: EXPERTS[0]!, channel: 'local:league', isOrganizer: false }, 'finale score alice 10');
    await league.queue.drain(30_000);
    expect(league.queue.deadLetters).toHaveLength(1);
    expect(league.chat.conversation('local:league').map((e) => e.message.text)).toContainEqual(
      expect.stringMatching(
        /could not finish prompt 1: its judge part is left out for every finalist \(not scored, not 0\)/,
      ),
    );

    const finale = (await league.deps.store.liveFinale())!;
    const reply = await league.run(organizerActor(), 'finale end');
    // No part is 0 for want of a score: bob has only the audience (his one vote, 100), alice the expert's 10/10
    // (100) and no votes (0); each total is reweighted over the parts present and marked partial.
    expect(reply.message.text).toMatch(/bob wins with 100\.0 points/);
    const { rows } = await standingOf(league.deps, finale);
    expect(rows.map((r) => [r.submissionId, r.judge, r.experts, r.audience, r.partial])).toEqual([
      ['sbob', null, null, 100, true],
      ['salice', null, 100, 0, true],
    ]);
    expect(rows.map((r) => r.total)).toEqual([100, expect.closeTo((0.4 * 100) / 0.6, 9)]);
    const board = league.chat.conversation('local:league').find((e) => e.message.text.startsWith('Grand Finale ·'))!;
    expect(board.message.text).toMatch(/#1 bob 100\.0\*, #2 alice 66\.7\*/);
  });
});
