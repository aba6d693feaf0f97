import { readFileSync } from 'node:fs';
import { LeagueError } from '../../core/errors';
import type { BlobStore, Generator, JobQueue, ModelHost, Trainer } from '../../core/ports';
import { type Pair, RetrievalModel } from './retrieval-model';
import { trainingPairs } from './training-pairs';

const MODEL_PREFIX = 'blob://';

/**
 * Offline stand-in for SageMaker fine-tuning: "training" builds a retrieval model from the member's
 * train.jsonl and stores it as a blob; completion comes back on the queue as the same
 * `training-finished` event the AWS rule delivers. Starting the same job name twice is harmless.
 */
export function createOfflineTrainer(deps: { blobs: BlobStore; queue: JobQueue; delayMs?: number }): Trainer {
  const stopped = new Set<string>();
  const run = async (jobName: string, datasetKey: string) => {
    const modelKey = `models/${jobName}/model.json`;
    try {
      if (!(await deps.blobs.exists(modelKey))) {
        const pairs: Pair[] = [];
        for await (const p of trainingPairs(deps.blobs.get(datasetKey))) pairs.push(p);
        if (!pairs.length) throw new Error('the training file has no prompt/response pairs');
        await deps.blobs.put(modelKey, JSON.stringify({ kind: 'retrieval', pairs }));
      }
      if (stopped.has(jobName)) return deps.queue.send([{ type: 'training-finished', jobName, status: 'Stopped' }]);
      await deps.queue.send([
        { type: 'training-finished', jobName, status: 'Completed', modelUri: MODEL_PREFIX + modelKey },
      ]);
    } catch (e) {
      await deps.queue.send([
        { type: 'training-finished', jobName, status: 'Failed', failureReason: (e as Error).message },
      ]);
    }
  };
  return {
    async start(req) {
      // Completion still arrives as a queued event, as from SageMaker; building the model inline keeps
      // the work visible to the queue (nothing runs outside a delivery).
      if (deps.delayMs) await new Promise((r) => setTimeout(r, deps.delayMs));
      await run(req.jobName, req.datasetKey);
    },
    async stop(jobName) {
      stopped.add(jobName);
    },
  };
}

/** Offline stand-in for a SageMaker endpoint: loads the retrieval model blob and answers in-process. */
export function createOfflineModelHost(blobs: BlobStore): ModelHost {
  const open = new Map<string, Promise<Generator>>();
  return {
    open(submissionId, modelUri) {
      let g = open.get(submissionId);
      if (!g) {
        if (!modelUri.startsWith(MODEL_PREFIX))
          throw new LeagueError('INVALID_INPUT', `Offline host cannot load ${modelUri}`);
        g = blobs.getText(modelUri.slice(MODEL_PREFIX.length)).then((text) => {
          const { pairs } = JSON.parse(text) as { pairs: Pair[] };
          return new RetrievalModel(`offline-finetuned:${submissionId}`, pairs);
        });
        g.catch(() => open.delete(submissionId));
        open.set(submissionId, g);
      }
      return g;
    },
    async close(submissionId) {
      open.delete(submissionId);
    },
  };
}

/** Offline stand-in for the 90B reference: the same retrieval model over a general-purpose corpus. */
export function createOfflineReference(corpusPath: string): Generator {
  const pairs = readFileSync(corpusPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { question: string; answer: string })
    .map((r) => ({ prompt: r.question, response: r.answer }));
  return new RetrievalModel('offline-reference', pairs);
}
