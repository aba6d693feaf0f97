import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '../../src/core/model';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { scriptedModels, withModels } from '../finale/support';
import { type SlackLeague, startSlackLeague } from './harness';
import { FORM, fixture, interactivityBody, MEMBER, ORGANIZER, signed, slashBody, TEAM } from './support';

type Json = Record<string, any>;
const EXPERT = 'U0EXPERT01';
const OTHER = 'U0OTHER001';
const models = scriptedModels({ 1: { alice: ['A>B', 'B>A'], bob: ['B>A', 'A>B'], carol: ['A=B', 'A=B'] } });

describe('the Grand Finale on Slack: top five, system prompts, rubric cards', () => {
  let h: SlackLeague;
  beforeAll(async () => {
    h = await startSlackLeague({
      env: { LEAGUE_FINALE_EXPERTS: `slack:${TEAM}:${EXPERT}` },
      override: withModels(models),
    });
    await h.openRound('r1');
    const at = '2026-01-10T10:00:00.000Z';
    for (const [name, user, winRate] of [
      ['alice', MEMBER, 0.7],
      ['bob', OTHER, 0.6],
    ] as const) {
      const userId = `slack:${TEAM}:${user}`;
      const sub: Submission = {
        id: `s${name}`,
        roundId: 'r1',
        userId,
        stage: 'SCORED',
        createdAt: at,
        updatedAt: at,
        quotaDay: at.slice(0, 10),
        upload: { name: `${name}.jsonl` },
        hyperparameters: DEFAULT_HYPERPARAMETERS,
        modelUri: `test://${name}`,
      };
      await h.league.deps.store.createSubmission(sub);
      await h.league.deps.store.putLeaderboardEntry({
        roundId: 'r1',
        userId,
        submissionId: sub.id,
        winRate,
        ciLow: winRate - 0.1,
        ciHigh: winRate + 0.1,
        submittedAt: at,
      });
    }
  });
  afterAll(async () => {
    await h.close();
  });

  let triggers = 0;
  /** The reply to a slash command: in the response body, or posted ephemerally once deferred work is done. */
  const slash = async (text: string, user = MEMBER) => {
    const before = h.slack.of('chat.postEphemeral').length;
    // Each command its own trigger, as Slack sends it (the same trigger again is a retry).
    const form = new URLSearchParams(slashBody(text, user));
    form.set('trigger_id', `${Date.now()}.${++triggers}.finale`);
    const res = await h.post(signed(form.toString(), FORM));
    expect(res.status).toBe(200);
    const body = res.text ? res.json() : {};
    // A deferred reply arrives once the command has run: wait for it rather than for a fixed time.
    for (let i = 0; i < 200 && !body.text && h.slack.of('chat.postEphemeral').length === before; i++)
      await new Promise((r) => setTimeout(r, 50));
    await h.league.queue.drain(20_000);
    const later = h.slack.of('chat.postEphemeral').slice(before);
    return [body.text ?? '', ...later.map((c) => String(c.text))].join('\n');
  };

  it('refuses a nameless start on an open round, then takes the top of the closed round', async () => {
    expect(await slash('finale start r1', ORGANIZER)).toMatch(/Round r1 is still open.*\/league round close r1/);
    expect(await slash('round close r1', ORGANIZER)).toMatch(/Closed Round r1/);
    expect(await slash('finale start r1', ORGANIZER)).toMatch(
      /live with 2 finalists, the top of its final standings: 1 .*\(salice\), 2 .*\(sbob\)/,
    );
  });

  it("takes a finalist's system prompt from /league and tells the organizers", async () => {
    expect(await slash('finale prompt "Answer like a tax adviser."')).toMatch(/Your system prompt is set/);
    const finale = (await h.league.deps.store.liveFinale())!;
    expect(finale.systemPrompts).toEqual({ salice: 'Answer like a tax adviser.' });
    expect(h.slack.of('chat.postMessage').map((c) => String(c.text))).toContainEqual(
      expect.stringContaining("set their model's system prompt, from prompt 1 on"),
    );
  });

  it('sends one rubric card per finalist as Block Kit menus; a menu choice scores that criterion', async () => {
    await slash('finale next "Prompt 1: what is a Roth IRA?"', ORGANIZER);
    await h.league.queue.drain(20_000);
    const cards = h.slack.of('chat.postMessage').filter((c) => /^Score finalist \d/.test(String(c.text)));
    expect(cards).toHaveLength(2);
    const blocks = cards[0]!.blocks as Json[];
    const menus = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []));
    expect(menus.map((m: Json) => [m.type, m.placeholder.text])).toEqual([
      ['static_select', 'Accuracy: 1–10'],
      ['static_select', 'Coherence: 1–10'],
      ['static_select', 'Domain adaptation: 1–10'],
    ]);
    const pick = fixture<Json>('block-action-cancel');
    pick.user.id = EXPERT;
    const option = menus[1].options.find((o: Json) => o.text.text === '9');
    pick.actions[0] = {
      action_id: menus[1].action_id,
      block_id: 'b1',
      type: 'static_select',
      selected_option: option,
      action_ts: '1',
    };
    await h.post(signed(interactivityBody(pick), FORM));
    await h.league.queue.drain(20_000);
    expect(String(h.slack.of('chat.postEphemeral').at(-1)!.text)).toMatch(
      /Your coherence score 9\/10 for finalist 1 .* on prompt 1 is recorded\. It counts once you score accuracy and domain adaptation too\./,
    );
    const finale = (await h.league.deps.store.liveFinale())!;
    expect((await h.league.deps.store.getFinalePrompt(finale.id, 1))!.expertScores).toEqual({
      [`slack:${TEAM}:${EXPERT}|salice|coherence`]: 9,
    });
    expect(await slash('finale score 2 6', EXPERT)).toMatch(/Your score 6\/10 for finalist 2 .* on all three criteria/);
    await slash('finale end', ORGANIZER);
  });
});
