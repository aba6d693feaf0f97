import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeagueError, TransientError } from '../../src/core/errors';
import { parseVerdict } from '../../src/core/judging';
import type { Generator, Judge, JudgeRequest, ModelRequest } from '../../src/core/ports';

/** What a scripted model service was asked: the system prompt, the conversation, the output cap. */
export interface ModelCall {
  system?: string;
  messages: { role: string; content: string }[];
  maxTokens?: number;
}

/** A model service the suite can script (Bedrock, an OpenAI-compatible server). */
export interface ScriptedService {
  /** From now on the service answers `text`, reporting these token counts. */
  answer(text: string, usage: { inputTokens: number; outputTokens: number }): void;
  /** From now on the service fails: throttled, unavailable, or refusing the model or the request. */
  fail(kind: 'throttled' | 'unavailable' | 'refused'): void;
  /** Every call the service received. */
  calls(): ModelCall[];
}

/** Models under test: a generator and a judge, and the service behind them when there is one. */
export interface ModelsUnderTest {
  generator: Generator;
  judge: Judge;
  /** Absent for the offline stand-ins, which answer by themselves. */
  service?: ScriptedService;
  close(): Promise<void>;
}

const question: ModelRequest = {
  system: 'Answer in two sentences.',
  messages: [{ role: 'user', content: 'What is an emergency fund, and how big should it be?' }],
  maxTokens: 128,
  temperature: 0,
};
const GOLD = 'An emergency fund is cash kept for unexpected costs; three to six months of expenses.';
const SENTINEL = 'raw-field-sentinel-7f3a';
/** A judge request as the protocol builds it: everything the judge should read is in system + messages. */
const judgeRequest = (raw = false): JudgeRequest => ({
  system: 'You compare two answers to a question against a gold answer. End with a verdict token.',
  messages: [
    {
      role: 'user',
      content: `Question: What is an emergency fund?\nGold answer: ${GOLD}\n[Answer A]\nCash kept for unexpected costs, three to six months of expenses.\n[Answer B]\nA kind of stock.`,
    },
  ],
  maxTokens: 200,
  temperature: 0,
  question: 'What is an emergency fund?',
  gold: raw ? SENTINEL : GOLD,
  answerA: raw ? SENTINEL : 'Cash kept for unexpected costs, three to six months of expenses.',
  answerB: raw ? SENTINEL : 'A kind of stock.',
});

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

/**
 * What every Generator and Judge promises (see the ports): an answer with its token counts, a judge's
 * answer ending on a verdict of the five-level scale, a model family; and, for models behind a
 * service, the request passed as asked, the answer passed back unchanged, and failures sorted into
 * retried (throttle, outage) and not (a refusal).
 */
export function modelContract(
  name: string,
  build: () => Promise<ModelsUnderTest>,
  options: { behindService: boolean },
): void {
  describe(`Generator and Judge contract: ${name}`, () => {
    let m: ModelsUnderTest;
    beforeEach(async () => {
      m = await build();
      m.service?.answer('Weighing both against the gold answer, A matches it.\n[[A>B]]', {
        inputTokens: 120,
        outputTokens: 14,
      });
    });
    afterEach(async () => {
      await m.close();
    });

    it('answers a prompt with text and whole, non-negative token counts', async () => {
      const r = await m.generator.generate(question);
      expect(r.text.trim()).not.toBe('');
      expect([isCount(r.inputTokens), isCount(r.outputTokens)]).toEqual([true, true]);
      expect(m.generator.modelId).not.toBe('');
    });

    it('judges with a verdict on the five-level scale, and names its model family', async () => {
      const r = await m.judge.judge(judgeRequest());
      expect(parseVerdict(r.text)).toMatch(/^(A>>B|A>B|A=B|B>A|B>>A)$/);
      expect([isCount(r.inputTokens), isCount(r.outputTokens)]).toEqual([true, true]);
      expect(m.judge.family).toMatch(/\S/);
    });

    describe.runIf(options.behindService)('behind a model service', () => {
      const service = () => m.service!;

      it('sends the system prompt, the messages in order and the output cap', async () => {
        await m.generator.generate(question);
        expect(service().calls().at(-1)).toEqual({
          system: question.system,
          messages: question.messages,
          maxTokens: 128,
        });
      });

      it("passes the service's answer and token counts back unchanged", async () => {
        service().answer('An emergency fund is cash for surprises: “three to six months” of costs.', {
          inputTokens: 31,
          outputTokens: 17,
        });
        expect(await m.generator.generate(question)).toEqual({
          text: 'An emergency fund is cash for surprises: “three to six months” of costs.',
          inputTokens: 31,
          outputTokens: 17,
        });
      });

      it('lets the judge read the system prompt and the messages only, never the raw answer fields', async () => {
        await m.judge.judge(judgeRequest(true));
        const seen = JSON.stringify(service().calls().at(-1));
        expect(seen).toContain('You compare two answers');
        expect(seen).not.toContain(SENTINEL);
      });

      it('turns a throttle into a THROTTLED TransientError, so the limiter backs off and the job is retried', async () => {
        service().fail('throttled');
        const e = await m.generator.generate(question).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(TransientError);
        expect((e as TransientError).code).toBe('THROTTLED');
        await expect(m.judge.judge(judgeRequest())).rejects.toBeInstanceOf(TransientError);
      });

      it('turns an outage into a TransientError', async () => {
        service().fail('unavailable');
        await expect(m.generator.generate(question)).rejects.toBeInstanceOf(TransientError);
        await expect(m.judge.judge(judgeRequest())).rejects.toBeInstanceOf(TransientError);
      });

      it('reports a refusal as a configuration error that no retry fixes', async () => {
        service().fail('refused');
        const e = await m.generator.generate(question).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(LeagueError);
        expect(e).not.toBeInstanceOf(TransientError);
        expect((e as LeagueError).code).toBe('CONFIG');
      });
    });
  });
}
