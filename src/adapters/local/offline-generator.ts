import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentWords } from '../../core/judging/text-overlap';
import type { DatasetGenerator, DraftRequest, ModelResponse } from '../../core/ports';

interface CorpusPair {
  instruction: string;
  response: string;
  words: Set<string>;
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);
const key = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** FNV-1a: a fixed order among equally relevant pairs that still changes with the feedback. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Every instruction–response pair of the shipped examples: the example datasets and the general corpus. */
function loadCorpus(examplesDir: string): CorpusPair[] {
  const files = [
    ...readdirSync(join(examplesDir, 'datasets'))
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => join(examplesDir, 'datasets', f)),
    join(examplesDir, 'corpus', 'general-qa.jsonl'),
  ];
  const seen = new Set<string>();
  const pairs: CorpusPair[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as Record<string, unknown>;
      const instruction = row.instruction ?? row.question;
      const response = row.response ?? row.answer;
      if (typeof instruction !== 'string' || typeof response !== 'string') continue;
      if (seen.has(key(instruction))) continue;
      seen.add(key(instruction));
      pairs.push({ instruction, response, words: new Set(contentWords(`${instruction} ${response}`)) });
    }
  }
  return pairs;
}

/**
 * Offline stand-in for the generator model (local mode and tests): it writes no text of its own but
 * composes a draft from the pairs shipped in examples/, the most relevant to the topic, domain and
 * feedback first, skipping the instructions the draft already has. Its reply is JSON Lines, as a
 * real model's is asked to be, and it counts tokens the way the offline models do (4 characters).
 */
export function createOfflineDatasetGenerator(examplesDir: string): DatasetGenerator {
  let corpus: CorpusPair[] | undefined;
  return {
    modelId: 'offline-generator',
    async draft(req: DraftRequest): Promise<ModelResponse> {
      corpus ??= loadCorpus(examplesDir);
      const topic = new Set(contentWords(req.topic));
      const around = new Set(contentWords(`${req.domain} ${req.style ?? ''} ${req.feedback ?? ''}`));
      const avoid = new Set(req.avoid.map(key));
      const salt = `${req.topic}|${req.feedback ?? ''}`;
      const ranked = corpus
        .filter((p) => !avoid.has(key(p.instruction)))
        .map((p) => {
          let score = 0;
          for (const w of p.words) score += topic.has(w) ? 3 : around.has(w) ? 1 : 0;
          return { p, score, tie: hash(salt + p.instruction) };
        })
        .sort((a, b) => b.score - a.score || a.tie - b.tie)
        .slice(0, req.count);
      const text = ranked
        .map(({ p }) => JSON.stringify({ instruction: p.instruction, response: p.response }))
        .join('\n');
      const prompt = `${req.system ?? ''}${req.messages.map((m) => m.content).join('\n')}`;
      return { text, inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(text) };
    },
  };
}
