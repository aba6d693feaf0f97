import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelRequest } from '../../src/core/ports';
import type { Actor } from '../../src/core/services/context';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';
import { EXPERTS, scriptedModels, seedScored, withModels } from './support';

const script = { alice: ['A>B', 'B>A'], bob: ['A=B', 'A=B'], carol: ['B>A', 'A>B'] } as const;
const models = scriptedModels({ 1: script, 2: script } as never);
/** Every request a finalist's model got, by finalist name (the scripted host answers it). */
const requests = new Map<string, ModelRequest[]>();
const recordingHost: typeof models.host = {
  async open(submissionId, uri, format) {
    const model = await models.host.open(submissionId, uri, format);
    return {
      ...model,
      generate(req) {
        const name = submissionId.slice(1);
        requests.set(name, [...(requests.get(name) ?? []), req]);
        return model.generate(req);
      },
    };
  },
  close: models.host.close,
};

let league: TestLeague;
const CHANNEL = 'local:league';
const person = (name: string): Actor => ({ userId: `local:demo:${name}`, channel: CHANNEL, isOrganizer: false });
const text = (r: { message: { text: string } }) => r.message.text;

beforeAll(async () => {
  league = await startTestLeague({
    env: { LEAGUE_FINALE_EXPERTS: EXPERTS.join(',') },
    override: (deps) => ({ ...withModels(models)(deps), host: recordingHost }),
  });
  // Six members on the leaderboard; the public split says dave leads, the private split (the final standings) differs.
  const publicRates = { dave: 0.9, alice: 0.8, bob: 0.7, carol: 0.6, erin: 0.55, frank: 0.5 };
  const privateRates = { alice: 0.85, bob: 0.8, carol: 0.75, erin: 0.7, frank: 0.65, dave: 0.4 };
  for (const [name, rate] of Object.entries(publicRates)) {
    const sub = await seedScored(league, name, rate);
    const entry = (await league.deps.store.leaderboard('demo')).find((e) => e.submissionId === sub.id)!;
    const p = privateRates[name as keyof typeof privateRates];
    await league.deps.store.putLeaderboardEntry({
      ...entry,
      private: { winRate: p, ciLow: p - 0.1, ciHigh: p + 0.1, errors: 0 },
    });
  }
});
afterAll(() => league.close());

describe('finale start without names, and finalists tuning their models', () => {
  it('asks the organizer to close an open round or name the finalists', async () => {
    const reply = await league.run(organizerActor(), 'finale start demo');
    expect(text(reply)).toBe(
      'Personal Finance Sprint is still open, so its standings are not final. Close it first with `/league round close demo`, or name the finalists: `/league finale start demo <finalist…>`.',
    );
    expect(await league.deps.store.liveFinale()).toBeUndefined();
  });

  it('takes the top five members of the final (private) standings, in standing order', async () => {
    await league.run(organizerActor(), 'round close demo');
    const reply = await league.run(organizerActor(), 'finale start demo');
    expect(text(reply)).toMatch(
      /^The Grand Finale of Personal Finance Sprint is live with 5 finalists, the top of its final standings: 1 alice \(salice\), 2 bob \(sbob\), 3 carol \(scarol\), 4 erin \(serin\), 5 frank \(sfrank\)\./,
    );
    const finale = (await league.deps.store.liveFinale())!;
    expect(finale.finalists.map((f) => f.userId)).toEqual(
      ['alice', 'bob', 'carol', 'erin', 'frank'].map((n) => `local:demo:${n}`),
    );
  });

  it("lets a finalist set their model's system prompt before the next prompt; organizers see every change", async () => {
    expect(text(await league.run(person('dave'), 'finale prompt "Be brief."'))).toMatch(
      /Only the finale's finalists set a system prompt/,
    );
    const set = await league.run(person('alice'), 'finale prompt "Answer in two sentences; name the rule."');
    expect(text(set)).toMatch(/^Your system prompt is set: your model gets it from prompt 1 on/);
    expect(set.visibility).toBe('ephemeral');
    const organizerDms = () => league.chat.conversation('dm:local:demo:organizer').map((e) => e.message.text);
    expect(organizerDms()).toContainEqual(
      "Finalist 1 (alice) set their model's system prompt, from prompt 1 on:\n> Answer in two sentences; name the rule.",
    );
    // Nobody else sees it: not in the finale's channel.
    expect(
      league.chat
        .conversation(CHANNEL)
        .map((e) => e.message.text)
        .join('\n'),
    ).not.toContain('name the rule');

    await league.run(organizerActor(), 'finale next "Prompt 1: what is an index fund?"');
    // Changed while the models answer prompt 1: it waits for prompt 2.
    expect(text(await league.run(person('bob'), 'finale prompt "Use an example."'))).toMatch(/from prompt 2 on/);
    await league.queue.drain(20_000);
    expect(requests.get('alice')!.map((r) => r.system)).toEqual(['Answer in two sentences; name the rule.']);
    expect(requests.get('bob')!.map((r) => r.system)).toEqual([undefined]);

    expect(text(await league.run(person('alice'), 'finale prompt clear'))).toBe(
      'Your system prompt is removed from prompt 2 on.',
    );
    expect(organizerDms()).toContainEqual("Finalist 1 (alice) removed their model's system prompt, from prompt 2 on.");
    await league.run(organizerActor(), 'finale next "Prompt 2: what is an ETF?"');
    await league.queue.drain(20_000);
    expect(requests.get('alice')!.map((r) => r.system)).toEqual(['Answer in two sentences; name the rule.', undefined]);
    expect(requests.get('bob')!.map((r) => r.system)).toEqual([undefined, 'Use an example.']);
    const audit = (await league.deps.store.listAudit()).filter((a) => a.action === 'finale.system-prompt');
    expect(audit).toHaveLength(3);
    expect(audit.map((a) => [a.actor, a.detail])).toEqual(
      expect.arrayContaining([
        [
          'local:demo:alice',
          { submissionId: 'salice', fromPrompt: 1, text: 'Answer in two sentences; name the rule.' },
        ],
        ['local:demo:bob', { submissionId: 'sbob', fromPrompt: 2, text: 'Use an example.' }],
        ['local:demo:alice', { submissionId: 'salice', fromPrompt: 2, text: '' }],
      ]),
    );
  });

  it('refuses system prompts once the finale is over', async () => {
    await league.run(organizerActor(), 'finale end');
    expect(text(await league.run(person('alice'), 'finale prompt "Too late."'))).toMatch(/No finale is running/);
  });
});
