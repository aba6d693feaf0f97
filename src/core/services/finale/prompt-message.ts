import { promptMessage } from '../../messages/finale';
import type { Finale, FinalePrompt } from '../../model';
import type { LeagueDeps } from '../context';

/** Re-renders a prompt's channel message from the store (answers in, voting closed); a failure throws. */
export async function renderPromptMessage(deps: LeagueDeps, finale: Finale, number: number): Promise<void> {
  const prompt: FinalePrompt | undefined = await deps.store.getFinalePrompt(finale.id, number);
  if (!prompt?.message) return;
  await deps.chat.update(
    prompt.message,
    promptMessage(finale, prompt, await deps.store.listFinaleAnswers(finale.id, number)),
  );
}

/** The same, where it is cosmetic (a vote's refresh): failures are logged. */
export async function updatePromptMessage(deps: LeagueDeps, finale: Finale, number: number): Promise<void> {
  try {
    await renderPromptMessage(deps, finale, number);
  } catch (e) {
    deps.log.warn('finale prompt message not updated', {
      finaleId: finale.id,
      prompt: number,
      error: e instanceof Error ? e.message : String(e),
    });
  }
}
