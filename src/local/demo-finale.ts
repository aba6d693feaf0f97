import type { PlaygroundChat } from '../adapters/local/playground-chat';
import { renderText } from '../adapters/local/text-render';
import { parseCommand } from '../core/commands';
import type { Reply } from '../core/messages/message';
import { handleCommand } from '../core/services/command-dispatcher';
import type { Actor, LeagueDeps } from '../core/services/context';
import { DEMO_CHANNEL, organizerActor } from './demo-round';

/** The demo's finale expert (the same stand-in identity the playground offers). */
export const DEMO_EXPERT = 'local:demo:expert';

const person = (userId: string): Actor => ({ userId, channel: DEMO_CHANNEL, isOrganizer: false });
const short = (userId: string) => userId.split(':').pop();

/**
 * The Grand Finale after the round: the organizer closes the round and starts the finale without
 * names (the top of the final standings), a finalist sets a system prompt, one prompt is put, the
 * expert scores on the rubric, the audience votes, and the finale ends. Returns what was said and seen.
 */
export async function runDemoFinale(
  deps: LeagueDeps,
  chat: PlaygroundChat,
  drain: () => Promise<void>,
  roundId: string,
): Promise<string> {
  const out: string[] = [];
  const say = async (actor: Actor, text: string): Promise<Reply> => {
    const reply = await handleCommand(deps, actor, parseCommand(text));
    out.push(`> ${short(actor.userId)}: /league ${text}\n${renderText(reply.message)}\n`);
    return reply;
  };
  const organizer = organizerActor();
  await say(organizer, `round close ${roundId}`);
  await say(organizer, `finale start ${roundId}`);
  const finale = await deps.store.liveFinale();
  if (!finale) return out.join('\n');
  const [first, ...others] = finale.finalists;
  await say(person(first!.userId), 'finale prompt "Answer in two sentences and name the rule you apply."');
  await say(organizer, 'finale next "Should I pay off a 7% car loan early or invest the money?"');
  await drain();
  const expert = person(DEMO_EXPERT);
  for (const [i, f] of finale.finalists.entries()) {
    await say(expert, `finale score ${f.position} ${9 - i} accuracy`);
    await say(expert, `finale score ${f.position} ${8 - i} coherence`);
    await say(expert, `finale score ${f.position} ${8 - i} domain`);
  }
  // The first finalist votes for another; the room votes too.
  await say(person(first!.userId), `finale vote ${others[0]?.position ?? 1}`);
  for (const [i, voter] of ['local:demo:dave', 'local:demo:erin', 'local:demo:frank'].entries())
    await say(person(voter), `finale vote ${finale.finalists[i % finale.finalists.length]!.position}`);
  await say(organizer, 'finale end');
  out.push('#### Channel #league after the finale');
  const start = chat.conversation(DEMO_CHANNEL).findIndex((e) => e.message.text.startsWith('Grand Finale ·'));
  for (const e of chat.conversation(DEMO_CHANNEL).slice(Math.max(0, start))) out.push(`${renderText(e.message)}\n`);
  return out.join('\n');
}
