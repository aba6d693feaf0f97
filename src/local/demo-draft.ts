import { renderText } from '../adapters/local/text-render';
import { commandFromAction, parseCommand } from '../core/commands';
import type { Button } from '../core/messages/message';
import { handleCommand } from '../core/services/command-dispatcher';
import { DEMO_CHANNEL } from './demo-round';
import type { LocalLeague } from './league';

/** The member of the demo who builds a dataset in chat instead of bringing one. */
export const DRAFT_MEMBER = 'local:demo:dave';

const say = (text: string) => console.log(`> dave: ${text}`);

/**
 * One member's journey from nothing to a submission: generate a draft, review its preview (drop two
 * rows with their buttons), and submit the rows kept. Returns the submission's id.
 */
export async function demoDraft(league: LocalLeague, roundId: string): Promise<string> {
  const { deps } = league;
  const dave = { userId: DRAFT_MEMBER, channel: DEMO_CHANNEL, isOrganizer: false };
  const run = async (text: string) => {
    say(`/league ${text}`);
    const reply = await handleCommand(deps, dave, parseCommand(text));
    console.log(`${renderText(reply.message)}\n`);
    return reply.message.text;
  };
  const generated = await run(`generate ${roundId} topic="budgeting, saving and credit" count=30`);
  const draftId = /draft `(d\w+)`/.exec(generated)?.[1];
  if (!draftId) throw new Error(`generate did not start a draft: ${generated}`);
  await league.queue.drain(60_000);
  console.log(`#### DMs of dave (the draft)`);
  for (const e of league.chat.conversation(`dm:${DRAFT_MEMBER}`)) console.log(`${renderText(e.message)}\n`);

  // Review: the preview's Drop buttons, clicked as a platform sends them back.
  const preview = league.chat
    .conversation(`dm:${DRAFT_MEMBER}`)
    .find((e) => /^Draft d\w+, page 1/.test(e.message.text));
  const drops = (preview?.message.blocks ?? [])
    .flatMap((b): Button[] => (b.type === 'buttons' ? b.buttons : []))
    .filter((b) => b.action === 'draft-drop')
    .slice(1, 3);
  for (const button of drops) {
    say(`[${button.label}]`);
    const reply = await handleCommand(deps, dave, commandFromAction(button.action, button.value));
    console.log(`${renderText(reply.message)}\n`);
  }
  const submitted = await run(`submit draft=${draftId} epochs=3`);
  const submissionId = /submission (s\w+)/.exec(submitted)?.[1];
  if (!submissionId) throw new Error(`submit draft= did not submit: ${submitted}`);
  return submissionId;
}
