import type { BlobStore, Judge } from '../../core/ports';

// Latency for the offline stand-ins, which otherwise answer at once (LEAGUE_OFFLINE_DELAY_MS): it
// lets the playground show every stage, and a restart be rehearsed in the middle of one.

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The file blob store, each streamed read (an upload validated, a dataset trained on) starting `ms` later. */
export function withReadLatency(blobs: BlobStore, ms: number): BlobStore {
  if (ms <= 0) return blobs;
  return {
    ...blobs,
    get: (key) =>
      (async function* () {
        await pause(ms);
        yield* blobs.get(key);
      })(),
  };
}

/** An offline judge taking `ms` over each judgment. */
export function withJudgeLatency(judge: Judge, ms: number): Judge {
  if (ms <= 0) return judge;
  return {
    modelId: judge.modelId,
    family: judge.family,
    judge: async (req) => {
      await pause(ms);
      return judge.judge(req);
    },
  };
}
