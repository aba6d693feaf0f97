import type { Score, Submission } from '../../src/core/model';
import type { Generator, Judge, ModelHost } from '../../src/core/ports';
import type { LeagueDeps } from '../../src/core/services/context';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import type { TestLeague } from '../support/league';

export const EXPERTS = ['local:demo:expert1', 'local:demo:expert2'];
export const FINALISTS = ['alice', 'bob', 'carol'] as const;
export type FinalistName = (typeof FINALISTS)[number];

const score = (winRate: number): Score => ({
  winRate,
  ciLow: winRate - 0.1,
  ciHigh: winRate + 0.1,
  total: 10,
  split: 'all',
  ranked: true,
  strictWins: 10,
  questions: 40,
  errors: 0,
  consistency: 1,
  lcWinRate: winRate,
  lengthGapFlag: false,
  tokens: 1000,
  costUsd: 0.01,
});

/** A scored submission of the demo round, on the leaderboard, whose model the scripted host serves. */
export async function seedScored(league: TestLeague, name: string, winRate: number): Promise<Submission> {
  const at = '2026-01-10T10:00:00.000Z';
  const sub: Submission = {
    id: `s${name}`,
    roundId: 'demo',
    userId: `local:demo:${name}`,
    stage: 'SCORED',
    createdAt: at,
    updatedAt: at,
    quotaDay: at.slice(0, 10),
    upload: { name: `${name}.jsonl` },
    hyperparameters: DEFAULT_HYPERPARAMETERS,
    modelUri: `test://${name}`,
    score: score(winRate),
  };
  await league.deps.store.createSubmission(sub);
  await league.deps.store.putLeaderboardEntry({
    roundId: 'demo',
    userId: sub.userId,
    submissionId: sub.id,
    winRate,
    ciLow: winRate - 0.1,
    ciHigh: winRate + 0.1,
    submittedAt: at,
  });
  return sub;
}

/** Which prompt a text is: the test's prompts start with "Prompt <n>". */
const promptNumber = (text: string) => Number(/Prompt (\d+)/.exec(text)?.[1] ?? 0);

/**
 * The judge's verdicts per finalist and prompt, as written in each order: [candidate as A, candidate as B].
 * A position-biased entry (alice on prompt 1 says "A" wins, then "B" wins) still reads the same for the
 * candidate once the order is accounted for.
 */
export type VerdictScript = Record<number, Record<FinalistName, [string, string]>>;

export interface ScriptedModels {
  host: ModelHost;
  reference: Generator;
  judge: Judge;
  calls: { reference: number; finalists: number; judge: number; candidateFirst: number; candidateSecond: number };
}

/** Finalists' models answer "<name> answers prompt <n>", the reference "reference answer n"; the judge follows the script. */
export function scriptedModels(script: VerdictScript): ScriptedModels {
  const calls = { reference: 0, finalists: 0, judge: 0, candidateFirst: 0, candidateSecond: 0 };
  const host: ModelHost = {
    async open(submissionId) {
      const name = submissionId.slice(1);
      return {
        modelId: `test:${name}`,
        async generate(req) {
          calls.finalists++;
          return {
            text: `${name} answers prompt ${promptNumber(req.messages[0]!.content)}`,
            inputTokens: 5,
            outputTokens: 5,
          };
        },
      };
    },
    async close() {},
  };
  const reference: Generator = {
    modelId: 'test-reference',
    async generate(req) {
      calls.reference++;
      return { text: `reference answer ${promptNumber(req.messages[0]!.content)}`, inputTokens: 5, outputTokens: 5 };
    },
  };
  const judge: Judge = {
    modelId: 'test-judge',
    family: 'test',
    async judge(req) {
      calls.judge++;
      const candidateIsA = !req.answerA.startsWith('reference');
      if (candidateIsA) calls.candidateFirst++;
      else calls.candidateSecond++;
      const m = /^(\w+) answers prompt (\d+)/.exec(candidateIsA ? req.answerA : req.answerB)!;
      const verdict = script[Number(m[2])]![m[1] as FinalistName][candidateIsA ? 0 : 1];
      return { text: `Scripted verdict.\n[[${verdict}]]`, inputTokens: 10, outputTokens: 5 };
    },
  };
  return { host, reference, judge, calls };
}

export const withModels =
  (models: ScriptedModels) =>
  (deps: LeagueDeps): LeagueDeps => ({
    ...deps,
    host: models.host,
    reference: models.reference,
    judges: [models.judge],
  });
