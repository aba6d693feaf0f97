import { afterEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../src/core/errors';
import type { Chat } from '../../src/core/ports';
import { runJob } from '../../src/core/services/run-job';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';
import { EXPERTS, scriptedModels, seedScored } from './support';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

/** A league whose host records endpoints opened and closed, and whose channel posts fail while `down` is set. */
async function finaleLeague() {
  const models = scriptedModels({ 1: { alice: ['A>B', 'B>A'], bob: ['B>A', 'A>B'], carol: ['A=B', 'A=B'] } });
  const opened: string[] = [];
  const closed: string[] = [];
  const chat = { down: false, promptEditsDown: 0 };
  league = await startTestLeague({
    env: { LEAGUE_FINALE_EXPERTS: EXPERTS.join(',') },
    override: (deps) => {
      const failing: Chat = {
        post: (channel, m, o) =>
          chat.down ? Promise.reject(new TransientError('chat outage')) : deps.chat.post(channel, m, o),
        dm: deps.chat.dm,
        // The prompt's own message fails to update `promptEditsDown` times (the scoreboard's edits go through).
        update: (ref, m) =>
          m.text.startsWith('Grand Finale prompt') && chat.promptEditsDown-- > 0
            ? Promise.reject(new TransientError('chat outage'))
            : deps.chat.update(ref, m),
      };
      return {
        ...deps,
        chat: failing,
        reference: models.reference,
        judges: [models.judge],
        host: {
          open: async (id, uri) => {
            opened.push(id);
            return models.host.open(id, uri);
          },
          close: async (id) => {
            closed.push(id);
          },
        },
      };
    },
  });
  await seedScored(league, 'alice', 0.7);
  await seedScored(league, 'bob', 0.6);
  return { league, opened, closed, chat };
}

describe('the finale when a chat platform or a delivery misbehaves', () => {
  it('judges a prompt whose channel post failed, so the finale can still end', async () => {
    const { league: l, chat } = await finaleLeague();
    await l.run(organizerActor(), 'finale start demo alice bob');
    chat.down = true;
    await l.run(organizerActor(), 'finale next "Prompt 1: what is an index fund?"').catch(() => undefined);
    chat.down = false;
    await l.queue.drain(20_000);
    const finale = (await l.deps.store.liveFinale())!;
    expect((await l.deps.store.getFinalePrompt(finale.id, 1))!.judged).toBe(true);
    expect((await l.run(organizerActor(), 'finale end')).message.text).toMatch(/Grand Finale is over/);
  });

  it('tears the endpoints down even when the closing announcement fails, and a late open after the end brings none back', async () => {
    const { league: l, opened, closed, chat } = await finaleLeague();
    await l.run(organizerActor(), 'finale start demo alice bob');
    await l.queue.drain(20_000);
    const finale = (await l.deps.store.liveFinale())!;
    chat.down = true;
    await l.run(organizerActor(), 'finale end').catch(() => undefined);
    chat.down = false;
    await l.queue.drain(20_000);
    expect(closed.sort()).toEqual(['salice', 'sbob']);
    const before = opened.length;
    await runJob(l.deps, { type: 'finale-hosts', finaleId: finale.id, action: 'open' });
    expect(opened).toHaveLength(before);
  });

  it("shows the vote buttons and sends the experts' cards even when the first edit of the prompt message fails", async () => {
    const { league: l, chat } = await finaleLeague();
    await l.run(organizerActor(), 'finale start demo alice bob');
    await l.queue.drain(20_000);
    chat.promptEditsDown = 1;
    await l.run(organizerActor(), 'finale next "Prompt 1: what is an index fund?"');
    await l.queue.drain(20_000);
    const post = l.chat.conversation('local:league').find((e) => e.message.text.startsWith('Grand Finale prompt 1:'))!;
    expect(post.message.blocks.some((b) => b.type === 'buttons')).toBe(true);
    for (const expert of EXPERTS)
      expect(
        l.chat
          .conversation(`dm:${expert}`)
          .filter((e) => /^Score finalist \d's answer to Grand Finale prompt 1$/.test(e.message.text)),
      ).toHaveLength(2); // one card per finalist, sent once
  });
});
