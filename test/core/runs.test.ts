import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/messages/message';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague;

beforeAll(async () => {
  league = await startTestLeague();
  await league.submit('alice', 'medium.jsonl', { text: 'submit demo epochs=2 learning_rate=0.0002' });
  await league.submit('alice', 'strong.jsonl', { text: 'submit demo lora_r=16' });
  await league.submit('bob', 'poor.jsonl');
  await league.queue.drain(90_000);
}, 120_000);
afterAll(() => league.close());

const table = (blocks: Block[]) => blocks.find((b) => b.type === 'table') as Extract<Block, { type: 'table' }>;

describe('runs', () => {
  it("lists the member's own runs in submission order with hyperparameters, rows, win rate, interval and cost", async () => {
    const subs = (await league.deps.store.listSubmissionsByUser('local:demo:alice', 'demo')).reverse();
    const reply = await league.run(league.member('alice'), 'runs demo');
    expect(reply.visibility).toBe('ephemeral');
    const t = table(reply.message.blocks);
    expect(t.columns).toEqual(['Run', 'Submission', 'Stage', 'Hyperparameters', 'Rows', 'Win rate', '95% CI', 'Cost']);
    expect(t.rows.map((r) => r[1])).toEqual(subs.map((s) => s.id));
    expect(t.rows.map((r) => r[2])).toEqual(['Scored', 'Scored']);
    expect(t.rows.map((r) => r[3])).toEqual(['e2 lr 2e-4 r8 α32 d0.05', 'e2 lr 1e-4 r16 α32 d0.05']);
    for (const [i, s] of subs.entries()) {
      expect(t.rows[i]![4]).toBe(String(s.validation!.rows));
      expect(t.rows[i]![5]).toBe(`${(s.score!.winRate * 100).toFixed(1)}%`);
    }
    // The strong dataset wins more: run #2 is marked best.
    expect(subs[1]!.score!.winRate).toBeGreaterThan(subs[0]!.score!.winRate);
    expect(t.rows.map((r) => r[0])).toEqual(['#1', '#2 ★']);
    expect(JSON.stringify(reply.message)).not.toMatch(/local:demo:bob/);
  });

  it('sends the chart of the scored runs by DM, drawn by the leaderboard renderer', async () => {
    const dm = league.chat
      .conversation('dm:local:demo:alice')
      .findLast((e) => e.message.text.startsWith('Your 2 runs'));
    expect(dm!.message.attachments).toHaveLength(1);
    const png = dm!.message.attachments![0]!;
    expect(png.mime).toBe('image/png');
    expect(Buffer.from(png.bytes).subarray(1, 4).toString()).toBe('PNG');
  });

  it('says so when the member has no runs in the round', async () => {
    const reply = await league.run(league.member('carol'), 'runs demo');
    expect(reply.message.text).toMatch(/no submissions in Personal Finance Sprint yet/);
  });
});
