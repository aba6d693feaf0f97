import { afterEach, describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/messages/message';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const dms = (l: TestLeague, name: string) => l.chat.conversation(`dm:local:demo:${name}`);
const buttons = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).map((b) => `${b.action} ${b.value}`);
const draftIdOf = (text: string) => /draft `(d\w+)`/.exec(text)![1]!;

describe('generate → review → refine → submit, on the core with the offline generator', () => {
  it('drafts the pairs asked for, DMs the .jsonl and a paged preview, and never keeps a hidden question', async () => {
    league = await startTestLeague();
    const alice = league.member('alice');
    const reply = await league.run(alice, 'generate topic="budgeting and saving" count=24');
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.message.text).toMatch(/Drafting 24 instruction–response pairs on _budgeting and saving_/);
    const id = draftIdOf(reply.message.text);
    await league.queue.drain(20_000);

    const draft = (await league.deps.store.getDraft(id))!;
    expect(draft.status).toBe('ready');
    expect(draft.model).toBe('offline-generator');
    expect(draft.tokens).toBeGreaterThan(0);
    const messages = dms(league, 'alice');
    // Progress (edited in place), the file, the preview.
    expect(messages).toHaveLength(3);
    expect(messages[0]!.editedAt).toBeDefined();
    expect(messages[0]!.message.text).toMatch(/ready/);
    const file = messages[1]!.message;
    expect(file.attachments?.[0]?.name).toBe(`draft-${id}.jsonl`);
    const rows = new TextDecoder()
      .decode(file.attachments![0]!.bytes)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { instruction: string; response: string });
    expect(rows).toHaveLength(draft.rows!);
    expect(draft.rows! + (draft.leaked ?? 0)).toBe(24);

    // Leakage: no row asks a hidden question or reproduces a hidden gold answer; the member is told how many went.
    const questions = await league.deps.store.getQuestions('demo');
    const hidden = new Set(questions.map((q) => q.question.toLowerCase()));
    expect(rows.filter((r) => hidden.has(r.instruction.toLowerCase()))).toEqual([]);
    // The example corpus holds rows that reproduce the demo round's gold answers: they are left out, and said so.
    expect(draft.leaked).toBeGreaterThan(0);
    expect(file.blocks.map((b) => ('text' in b ? b.text : '')).join(' ')).toMatch(
      new RegExp(`${draft.leaked} generated rows? left out: .* hidden evaluation questions or answers`),
    );
    expect(
      (await league.deps.store.listAudit()).some((a) => a.action === 'draft.hidden-overlap' && a.target === id),
    ).toBe(true);

    const preview = messages[2]!.message;
    expect(buttons(preview.blocks)).toEqual([
      ...[1, 2, 3, 4, 5].map((r) => `draft-drop ${id}.1 ${r}`),
      `draft-page ${id}.1 2`,
    ]);
  });

  it('keep/drop buttons edit the preview in place; refine regenerates only the dropped rows; submit draft= submits the kept ones', async () => {
    league = await startTestLeague();
    const alice = league.member('alice');
    const id = draftIdOf((await league.run(alice, 'generate topic="credit cards and debt" count=25')).message.text);
    await league.queue.drain(20_000);
    const before = (await league.deps.store.getDraft(id))!;
    const firstRows = new TextDecoder().decode(dms(league, 'alice')[1]!.message.attachments![0]!.bytes).split('\n');

    const drop = await league.run(alice, `draft drop ${id}.1 2`);
    expect(drop.message.text).toBe(`Row 2 dropped: ${before.rows! - 1} kept, 1 dropped.`);
    await league.run(alice, `draft drop ${id}.1 4-5`);
    await league.run(alice, `draft keep ${id}.1 5`);
    const preview = dms(league, 'alice')[2]!;
    expect(preview.editedAt).toBeDefined();
    expect(buttons(preview.message.blocks).slice(0, 5)).toEqual([
      `draft-drop ${id}.1 1`,
      `draft-keep ${id}.1 2`,
      `draft-drop ${id}.1 3`,
      `draft-keep ${id}.1 4`,
      `draft-drop ${id}.1 5`,
    ]);
    await league.run(alice, `draft-page ${id}.1 2`.replace('draft-page', 'draft page'));
    expect(dms(league, 'alice')[2]!.message.blocks[0]).toMatchObject({ text: expect.stringMatching(/page 2\//) });

    const refine = await league.run(alice, `refine ${id} "more about interest rates"`);
    expect(refine.message.text).toMatch(/regenerating the 2 dropped rows with your feedback/);
    // A button of the old version no longer acts.
    const stale = await league.run(alice, `draft drop ${id}.1 1`);
    expect(stale.message.text).toMatch(/still being generated|out of date/);
    await league.queue.drain(20_000);
    const v2 = (await league.deps.store.getDraft(id))!;
    expect(v2).toMatchObject({ version: 2, status: 'ready', dropped: [] });
    const v2File = dms(league, 'alice').find((m) => m.message.attachments?.[0]?.name === `draft-${id}-v2.jsonl`)!;
    const v2Rows = new TextDecoder().decode(v2File.message.attachments![0]!.bytes).split('\n');
    // Kept rows stay in their places; the dropped ones are new.
    expect(v2Rows[0]).toBe(firstRows[0]);
    expect(v2Rows[2]).toBe(firstRows[2]);
    expect(v2Rows[1]).not.toBe(firstRows[1]);
    expect(v2Rows[3]).not.toBe(firstRows[3]);
    expect((await league.run(alice, `draft drop ${id}.1 1`)).message.text).toMatch(/out of date: draft .* is at v2/);

    await league.run(alice, `draft drop ${id} 1`);
    const submitted = await league.run(alice, `submit draft=${id} epochs=3`);
    expect(submitted.message.text).toMatch(new RegExp(`Received draft-${id}-v2.jsonl as submission (s\\w+)`));
    const subId = /submission (s\w+)/.exec(submitted.message.text)![1]!;
    await league.queue.drain(60_000);
    const sub = (await league.deps.store.getSubmission(subId))!;
    expect(sub.hyperparameters.epochs).toBe(3);
    expect(sub.upload).toMatchObject({ draftId: id, omitLines: [1] });
    expect(sub.validation?.rows).toBe(v2.rows! - 1);
    expect(['SCORED', 'REJECTED']).toContain(sub.stage);
    expect((await league.deps.store.getDraft(id))!.submissionId).toBe(subId);
  });

  it('refuses past the daily generation budget with the reset time, and status shows the budget', async () => {
    league = await startTestLeague({ demoRound: false });
    const org = { userId: 'local:demo:organizer', channel: 'local:league', isOrganizer: true };
    await league.run(org, 'round open name="Tiny" domain="personal finance" generate_tokens=300 generate_max=30');
    const alice = league.member('alice');
    expect((await league.run(alice, 'generate topic="saving" count=31')).message.text).toMatch(
      /drafts at most 30 rows per `generate`/,
    );
    const id = draftIdOf((await league.run(alice, 'generate topic="saving" count=30')).message.text);
    await league.queue.drain(20_000);
    const draft = (await league.deps.store.getDraft(id))!;
    expect(draft.status).toBe('ready');
    expect(draft.budgetStopped).toBe(true);
    expect(draft.rows).toBeLessThan(30);
    const refused = await league.run(alice, 'generate topic="saving" count=5');
    expect(refused.message.text).toMatch(/used your 300 generation tokens for today in Tiny/);
    expect(refused.message.text).toMatch(/resets at 00:00 UTC, in about \d+ h/);
    const status = await league.run(alice, 'status');
    const text = status.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(text).toMatch(/Generation budget today: 0 of 300 tokens left/);
    expect(text).toContain(id);
  });

  it("someone else's draft reads as missing", async () => {
    league = await startTestLeague();
    const id = draftIdOf((await league.run(league.member('alice'), 'generate topic="taxes" count=5')).message.text);
    await league.queue.drain(20_000);
    for (const text of [`draft ${id}`, `draft drop ${id} 1`, `refine ${id} "x"`, `submit draft=${id}`])
      expect((await league.run(league.member('bob'), text)).message.text).toMatch(/No draft `d\w+` of yours/);
  });

  it('a generator that keeps failing ends the draft failed, with a DM that says so, and charges nothing', async () => {
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        generator: {
          modelId: 'broken-generator',
          draft: async () => {
            throw new Error('model access refused');
          },
        },
      }),
    });
    const alice = league.member('alice');
    const id = draftIdOf((await league.run(alice, 'generate topic="taxes" count=8')).message.text);
    await league.queue.drain(20_000);
    expect(league.queue.deadLetters).toHaveLength(1);
    const draft = (await league.deps.store.getDraft(id))!;
    expect(draft.status).toBe('failed');
    const progress = dms(league, 'alice')[0]!;
    expect(progress.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')).toMatch(
      /failed repeatedly while generating your draft/,
    );
    expect(
      await league.deps.store.generationTokensUsed('demo', alice.userId, new Date().toISOString().slice(0, 10)),
    ).toBe(0);
    expect((await league.run(alice, `submit draft=${id}`)).message.text).toMatch(/failed/);
  });
});
