import { isUserError } from '../../errors';
import { judgeQuestion } from '../../judging';
import { expertCardMessage } from '../../messages/finale';
import { message } from '../../messages/message';
import type { Finale, FinaleAnswer, FinalePrompt, Finalist } from '../../model';
import type { ModelRequest } from '../../ports';
import { promptFormatOf } from '../../prompt-format';
import { seededRandom } from '../../scoring';
import type { LeagueDeps } from '../context';
import { withLease } from '../lease';
import { hash } from '../pipeline/evaluate';
import { renderPromptMessage, updatePromptMessage } from './prompt-message';
import { refreshScoreboard } from './scoreboard';

const REFERENCE = 'reference';

/** The prompt as a model gets it; a finalist's model also gets the system prompt its finalist set beforehand. */
const request = (deps: LeagueDeps, prompt: FinalePrompt, submissionId?: string): ModelRequest => {
  const system = submissionId ? prompt.systemPrompts?.[submissionId] : undefined;
  return {
    ...(system ? { system } : {}),
    messages: [{ role: 'user', content: prompt.text }],
    maxTokens: deps.settings.maxAnswerTokens,
    temperature: 0,
  };
};

/** A finalist's answer, judged against the reference by the judging protocol (docs/judging.md) (both orders, every judge). */
async function judgedAnswer(
  deps: LeagueDeps,
  finale: Finale,
  prompt: FinalePrompt,
  finalist: Finalist,
  reference: string,
): Promise<FinaleAnswer> {
  const sub = await deps.store.getSubmission(finalist.submissionId);
  const model = await deps.host.open(finalist.submissionId, finalist.modelUri, sub && promptFormatOf(sub));
  const answer = await model.generate(request(deps, prompt, finalist.submissionId));
  const question = { id: `finale-${prompt.number}`, category: 'finale', question: prompt.text };
  const verdicts: FinaleAnswer['verdicts'] = [];
  let inputTokens = answer.inputTokens;
  let outputTokens = answer.outputTokens;
  for (const judge of deps.judges) {
    const orders = await judgeQuestion({
      judge,
      question,
      candidateAnswer: answer.text,
      referenceAnswer: reference,
      maxChars: deps.settings.answerMaxChars,
      maxTokens: deps.settings.judgeMaxTokens,
      random: seededRandom(hash(`${finale.id}#${prompt.number}#${finalist.submissionId}#${judge.modelId}`)),
    });
    for (const o of orders) {
      verdicts.push({
        judge: judge.modelId,
        order: o.order,
        verdict: o.verdict,
        score: o.score,
        rationale: o.rationale,
      });
      inputTokens += o.inputTokens;
      outputTokens += o.outputTokens;
    }
  }
  const parsed = verdicts.filter((v) => v.score !== null).map((v): number => v.score!);
  return {
    finaleId: finale.id,
    prompt: prompt.number,
    submissionId: finalist.submissionId,
    text: answer.text,
    judgeScore: parsed.length ? parsed.reduce((a, b) => a + b, 0) / parsed.length : null,
    verdicts,
    inputTokens,
    outputTokens,
  };
}

/**
 * finale-prompt: the reference and every finalist answer, the judge scores each finalist; answers are
 * stored once each, so a redelivery calls no model for what is done. Then the prompt's message shows
 * the answers and vote buttons, each expert gets a scoring card, and the scoreboard is updated.
 */
export async function handleFinalePrompt(deps: LeagueDeps, finaleId: string, number: number): Promise<void> {
  const [finale, prompt] = await Promise.all([
    deps.store.getFinale(finaleId),
    deps.store.getFinalePrompt(finaleId, number),
  ]);
  if (!finale || !prompt || prompt.judgeFailed) return;
  if (!prompt.judged) {
    // The lease is held (and renewed) while the models answer; another delivery meanwhile does nothing.
    const run = await withLease(deps, `finale#${finaleId}#${number}`, async () => {
      const have = new Map((await deps.store.listFinaleAnswers(finaleId, number)).map((a) => [a.submissionId, a]));
      let reference = have.get(REFERENCE);
      if (!reference) {
        const r = await deps.reference.generate(request(deps, prompt));
        reference = await deps.store.putFinaleAnswer({
          finaleId,
          prompt: number,
          submissionId: REFERENCE,
          text: r.text,
          judgeScore: null,
          verdicts: [],
          inputTokens: r.inputTokens,
          outputTokens: r.outputTokens,
        });
      }
      const refText = reference.text;
      await Promise.all(
        finale.finalists
          .filter((f) => !have.has(f.submissionId))
          .map(async (f) => deps.store.putFinaleAnswer(await judgedAnswer(deps, finale, prompt, f, refText))),
      );
      await deps.store.patchFinalePrompt(finaleId, number, { judged: true });
    });
    if (!run.held) return;
  }
  // What the room sees, retried by the queue until it is shown (an edit, keyed DMs, an edit: all
  // safe to repeat): without it the prompt would have no vote buttons and the experts no cards.
  await renderPromptMessage(deps, finale, number);
  await sendScoringCards(deps, finale, number);
  await refreshScoreboard(deps, finale);
}

/**
 * One card per expert, prompt and finalist (the key makes a redelivery send none again; an expert gets
 * no card for their own model); none once the prompt has closed.
 */
async function sendScoringCards(deps: LeagueDeps, finale: Finale, number: number): Promise<void> {
  const prompt = await deps.store.getFinalePrompt(finale.id, number);
  if (!prompt || prompt.closedAt) return;
  const answers = await deps.store.listFinaleAnswers(finale.id, number);
  let retry: unknown;
  for (const expert of deps.settings.finaleExperts) {
    for (const finalist of finale.finalists.filter((f) => f.userId !== expert)) {
      try {
        await deps.chat.dm(expert, expertCardMessage(finale, prompt, answers, finalist), {
          idempotencyKey: `finale-card#${finale.id}#${number}#${expert}#${finalist.submissionId}`,
        });
      } catch (e) {
        deps.log.warn('finale scoring card not sent', { expert, error: e instanceof Error ? e.message : String(e) });
        // An outage is worth another delivery (the keys skip the cards already sent); a refusal is not.
        if (!isUserError(e)) retry ??= e;
      }
    }
  }
  if (retry) throw retry;
}

/** A finale-prompt job that kept failing: the prompt's judge part is not scored for anyone (not 0), and the room is told. */
export async function judgingFailed(deps: LeagueDeps, finaleId: string, number: number): Promise<void> {
  const finale = await deps.store.getFinale(finaleId);
  const prompt = await deps.store.getFinalePrompt(finaleId, number);
  if (!finale || !prompt || prompt.judged || prompt.judgeFailed) return;
  await deps.store.patchFinalePrompt(finaleId, number, { judgeFailed: true });
  await deps.chat.post(
    finale.channel,
    message(
      `The models or the judge could not finish prompt ${number}: its judge part is left out for every finalist (not scored, not 0). Votes and expert scores still count.`,
    ),
    { idempotencyKey: `finale-judge-failed#${finaleId}#${number}` },
  );
  await updatePromptMessage(deps, finale, number);
  await refreshScoreboard(deps, finale);
}

const openFinalist = async (deps: LeagueDeps, f: Finalist) => {
  const sub = await deps.store.getSubmission(f.submissionId);
  return deps.host.open(f.submissionId, f.modelUri, sub && promptFormatOf(sub));
};

/** finale-hosts: bring every finalist's model up (the queue retries while an endpoint starts), or take them down. */
export async function handleFinaleHosts(deps: LeagueDeps, finaleId: string, action: 'open' | 'close'): Promise<void> {
  const finale = await deps.store.getFinale(finaleId);
  if (!finale) return;
  // A late `open` delivery after the finale ended would bring back endpoints nobody tears down.
  if (action === 'open' && finale.status !== 'live') return;
  // Every finalist at once: one endpoint still starting must not hold the others back a whole retry.
  const results = await Promise.allSettled(
    finale.finalists.map((f) => (action === 'open' ? openFinalist(deps, f) : deps.host.close(f.submissionId))),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
