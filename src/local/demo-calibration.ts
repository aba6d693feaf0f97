import type { PlaygroundChat } from '../adapters/local/playground-chat';
import { renderText } from '../adapters/local/text-render';
import { ACTIONS, parseCommand } from '../core/commands';
import { overlapF1 } from '../core/judging/text-overlap';
import { handleCommand } from '../core/services/command-dispatcher';
import type { LeagueDeps } from '../core/services/context';
import { organizerActor } from './demo-round';

/**
 * Seeds a few blind labels so the demo's calibration view is not empty. The labeller is a stand-in
 * for a person: it prefers the answer that says more of the gold answer's content, as an organizer
 * holding the gold answer might. It labels through the same commands a person's buttons send.
 */
export async function seedDemoLabels(
  deps: LeagueDeps,
  chat: PlaygroundChat,
  roundId: string,
  count: number,
): Promise<string> {
  const organizer = organizerActor();
  const questions = new Map((await deps.store.getQuestions(roundId)).map((q) => [q.id, q]));
  let reply = await handleCommand(deps, organizer, parseCommand(`calibrate ${roundId}`));
  for (let i = 0; i < count && /in your DMs/.test(reply.message.text); i++) {
    const pair = await deps.store.getCalibrationAssignment(latestPairId(chat, organizer.userId));
    if (!pair) break;
    const judgment = (await deps.store.listJudgments(pair.submissionId)).find((j) => j.questionId === pair.questionId);
    const gold = questions.get(pair.questionId)?.gold ?? '';
    const member = overlapF1(judgment?.candidateAnswer ?? '', gold);
    const reference = overlapF1(judgment?.referenceAnswer ?? '', gold);
    const [a, b] = pair.candidateShownAs === 'A' ? [member, reference] : [reference, member];
    const gap = a - b;
    const verdict = Math.abs(gap) < 0.05 ? 'A=B' : gap > 0.3 ? 'A>>B' : gap > 0 ? 'A>B' : gap < -0.3 ? 'B>>A' : 'B>A';
    reply = await handleCommand(deps, organizer, parseCommand(`calibrate label ${pair.id} ${verdict}`));
  }
  return renderText((await handleCommand(deps, organizer, parseCommand(`calibration ${roundId}`))).message);
}

/** The pair id on the newest calibration card in the person's DMs. */
function latestPairId(chat: PlaygroundChat, userId: string): string {
  for (const entry of chat.conversation(`dm:${userId}`).reverse()) {
    for (const block of entry.message.blocks) {
      const button =
        block.type === 'buttons' ? block.buttons.find((b) => b.action === ACTIONS.calibrateLabel) : undefined;
      if (button) return button.value.split(' ')[0]!;
    }
  }
  return '';
}
