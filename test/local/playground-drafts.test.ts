import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLeague, type TestLeague } from '../support/league';
import { servePlayground } from '../support/playground-server';

const TOKEN = 'playground-drafts-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('generate → review → submit in the playground', () => {
  let league: TestLeague;
  let playground: Awaited<ReturnType<typeof servePlayground>>;
  let base: string;
  beforeAll(async () => {
    league = await startTestLeague();
    playground = await servePlayground(league, TOKEN);
    base = playground.base;
  });
  afterAll(async () => {
    await playground.close();
    await league.close();
  });

  const send = async (text: string): Promise<any> =>
    (
      await fetch(`${base}/api/command?user=local:demo:alice&text=${encodeURIComponent(text)}`, {
        method: 'POST',
        headers: auth,
      })
    ).json();
  const dms = async (): Promise<any[]> => {
    const state: any = await (
      await fetch(`${base}/api/state?user=local:demo:alice&since=-1`, { headers: auth })
    ).json();
    return state.dms;
  };
  // What the page sends for a click (playground.js): the action's words, then the button's value.
  const clickOf = (button: { action: string; value: string }) => `${button.action.replace(/-/g, ' ')} ${button.value}`;

  it('drafts into the DMs with a downloadable .jsonl and clickable cards, and submits the kept rows', async () => {
    const reply = await send('generate topic="saving for emergencies" count=10');
    const id = /draft `(d\w+)`/.exec(reply.message.text)![1]!;
    await league.queue.drain(20_000);
    const messages = await dms();
    const file = messages.find((m) => m.message.attachments?.length)!;
    expect(file.message.attachments[0]).toMatchObject({
      name: `draft-${id}.jsonl`,
      url: expect.stringMatching(/^data:application\/jsonl;base64,/),
    });
    const preview = messages.find((m) => /^Draft d\w+, page 1/.test(m.message.text))!;
    const buttons = preview.message.blocks.flatMap((b: any) => (b.type === 'buttons' ? b.buttons : []));
    const dropTwo = buttons.find((b: any) => b.value === `${id}.1 2`);
    expect(dropTwo.action).toBe('draft-drop');

    const clicked = await send(clickOf(dropTwo));
    expect(clicked.message.text).toMatch(/Row 2 dropped/);
    const edited = (await dms()).find((m) => m.id === preview.id);
    expect(edited.editedAt).toBeDefined();
    const next = edited.message.blocks
      .flatMap((b: any) => (b.type === 'buttons' ? b.buttons : []))
      .find((b: any) => b.action === 'draft-page');
    expect((await send(clickOf(next))).message.text).toMatch(/page 2 of 2/);

    const submitted = await send(`submit draft=${id}`);
    expect(submitted.message.text).toMatch(new RegExp(`Received draft-${id}.jsonl as submission`));
    await league.queue.drain(60_000);
  });
});
