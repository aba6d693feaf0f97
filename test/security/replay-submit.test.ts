import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/commands';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import { utcDay } from '../../src/core/services/context';
import { startTestLeague, type TestLeague } from '../support/league';

// A submission records the platform request that made it: the conditional write that creates it is
// the request's record, so its replays (even at once) create nothing and answer as it did.
let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

// The jobs are counted, not run: the receipts and the quota are what the ack leaves.
const idle = async () => ({ batchItemFailures: [] });
const upload = { name: 'data.jsonl', size: 2048, url: 'https://files.example/data.jsonl' };

describe('a submission request sent more than once', () => {
  it('three times at once: one submission, one quota charge, one job, the same answer each time', async () => {
    league = await startTestLeague({ wrapWorker: () => idle });
    const actor = { ...league.member('alice'), request: 'test#request#1' };
    const answers = await Promise.all(
      [0, 1, 2].map(() => handleCommand(league!.deps, actor, parseCommand('submit demo'), upload)),
    );
    expect(answers[0]!.message.text).toMatch(/^Received data\.jsonl as submission/);
    expect(answers.map((a) => a.message)).toEqual(Array(3).fill(answers[0]!.message));
    expect(await league.deps.store.listSubmissionsByUser(actor.userId)).toHaveLength(1);
    expect(await league.deps.store.quotaUsed('demo', actor.userId, utcDay(new Date()))).toBe(1);
    expect(league.sent.filter((j) => j.type === 'ingest')).toHaveLength(1);
  });

  it('answers its replay with the quota it had, after other submissions were charged', async () => {
    league = await startTestLeague({ wrapWorker: () => idle });
    const actor = { ...league.member('bob'), request: 'test#request#2' };
    const first = await handleCommand(league.deps, actor, parseCommand('submit demo'), upload);
    await handleCommand(league.deps, league.member('bob'), parseCommand('submit demo'), upload);
    const replay = await handleCommand(league.deps, actor, parseCommand('submit demo'), upload);
    expect(first.message.blocks).toContainEqual(
      expect.objectContaining({ text: expect.stringMatching(/4 submissions left/) }),
    );
    expect(replay.message).toEqual(first.message);
    expect(await league.deps.store.quotaUsed('demo', actor.userId, utcDay(new Date()))).toBe(2);
  });

  it('another request whose own id is taken gets a submission of its own', async () => {
    league = await startTestLeague({ wrapWorker: () => idle });
    const alice = { ...league.member('alice'), request: 'test#request#3' };
    const carol = { ...league.member('carol'), request: 'test#request#4' };
    // Both requests' own ids are the same (a collision of the short ids): carol's must not be taken for a replay.
    const deps = { ...league.deps, ids: { ...league.deps.ids, forKey: () => 'scollide' } };
    const a = await handleCommand(deps, alice, parseCommand('submit demo'), upload);
    const c = await handleCommand(deps, carol, parseCommand('submit demo'), upload);
    expect(a.message.text).toMatch(/submission scollide/);
    expect(c.message.text).toMatch(/^Received data\.jsonl as submission/);
    expect(c.message.text).not.toMatch(/scollide/);
    expect(await league.deps.store.listSubmissionsByUser(carol.userId)).toHaveLength(1);
    expect(await league.deps.store.quotaUsed('demo', carol.userId, utcDay(new Date()))).toBe(1);
    expect(league.sent.filter((j) => j.type === 'ingest')).toHaveLength(2);
  });
});
