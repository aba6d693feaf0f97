import type { AwsModelAdapters } from '../adapters/aws/model-adapters';
import { bedrockModelFamily, jumpstartModelFamily, LLAMA_3_2_3B } from '../adapters/aws/model-family';
import { createOfflineJudge } from '../adapters/local/offline-judge';
import { type Config, loadConfig } from '../core/config';
import { assertJudgeFamilies } from '../core/judging';
import type { BlobStore, DatasetGenerator, Generator, JobQueue, Judge, ModelHost, Trainer } from '../core/ports';
import type { LeagueDeps } from '../core/services/context';
import { datasetGeneratorOver } from '../core/services/drafts/model-generator';
import { buildAwsDeps, type ModelPorts, once } from './aws-deps';

const lazyTrainer = (get: () => Promise<Trainer>): Trainer => ({
  start: async (req) => (await get()).start(req),
  stop: async (name) => (await get()).stop(name),
  billing: async (name) => (await get()).billing?.(name),
});
const lazyHost = (get: () => Promise<ModelHost>, provisioned: boolean): ModelHost => ({
  open: async (id, uri, format) => (await get()).open(id, uri, format),
  close: async (id) => (await get()).close(id),
  provisioned,
});
const lazyGenerator = (modelId: string, get: () => Promise<Generator>): Generator => ({
  modelId,
  generate: async (req) => (await get()).generate(req),
});
const lazyJudge = (modelId: string, family: string, get: () => Promise<Judge>): Judge => ({
  modelId,
  family,
  judge: async (req) => (await get()).judge(req),
});
const isOffline = (modelId: string) => modelId.startsWith('offline-');

/**
 * Model adapters of the AWS deployment: offline stand-ins for ids starting with `offline-` and for
 * TRAINER=offline, SageMaker and Bedrock otherwise. Every one is built on its first call, so an
 * ingress function that never trains or judges loads no model SDK and reads no corpus.
 */
export function awsModels(config: Config, deps: { blobs: BlobStore; queue: JobQueue }): ModelPorts {
  const env = config.training;
  // With real models, a judge of the fine-tuned model's family is refused here, at start.
  if (env.trainer === 'sagemaker')
    assertJudgeFamilies(
      jumpstartModelFamily(env.jumpstartModelId ?? LLAMA_3_2_3B),
      config.judgeModels
        .filter((id) => !isOffline(id))
        .map((modelId) => ({ modelId, family: bedrockModelFamily(modelId) })),
      env.allowSameFamilyJudge,
    );
  const adapters = once(async (): Promise<AwsModelAdapters> => {
    const { createAwsModelAdapters } = await import('../adapters/aws/model-adapters');
    return createAwsModelAdapters(
      {
        region: config.region,
        bucket: config.bucket!,
        roleArn: env.sagemakerRoleArn,
        jumpstart: {
          modelId: env.jumpstartModelId,
          version: env.jumpstartModelVersion,
          trainingInstanceType: env.trainingInstanceType,
          hostingInstanceType: env.endpointInstanceType,
        },
        trainingMaxRuntimeSeconds: env.trainingMaxRuntimeSeconds,
      },
      { blobs: deps.blobs },
    );
  });
  const offline = once(() => import('../adapters/local/offline-models'));
  const sagemaker = env.trainer === 'sagemaker';
  const trainer = sagemaker
    ? lazyTrainer(once(async () => (await adapters()).trainer()))
    : lazyTrainer(once(async () => (await offline()).createOfflineTrainer({ blobs: deps.blobs, queue: deps.queue })));
  const host = sagemaker
    ? lazyHost(
        once(async () => (await adapters()).host()),
        true,
      )
    : lazyHost(
        once(async () => (await offline()).createOfflineModelHost(deps.blobs)),
        false,
      );
  const referenceId = config.referenceModel;
  const reference = isOffline(referenceId)
    ? lazyGenerator(
        'offline-reference',
        once(async () => {
          const { corpusPath } = await import('../local/paths');
          return (await offline()).createOfflineReference(corpusPath());
        }),
      )
    : lazyGenerator(
        referenceId,
        once(async () => (await adapters()).generator(referenceId)),
      );
  const generatorId = config.generatorModel;
  const generator: DatasetGenerator = {
    modelId: isOffline(generatorId) ? 'offline-generator' : generatorId,
    draft: async (req) => (await draftWith()).draft(req),
  };
  const draftWith = once(async (): Promise<DatasetGenerator> => {
    if (!isOffline(generatorId)) return datasetGeneratorOver((await adapters()).generator(generatorId));
    const [{ examplesDir }, { createOfflineDatasetGenerator }] = await Promise.all([
      import('../local/paths'),
      import('../adapters/local/offline-generator'),
    ]);
    return createOfflineDatasetGenerator(examplesDir());
  });
  const judges = config.judgeModels.map((id) =>
    isOffline(id)
      ? createOfflineJudge()
      : lazyJudge(
          id,
          bedrockModelFamily(id),
          once(async () => (await adapters()).judge(id, bedrockModelFamily(id))),
        ),
  );
  return { trainer, host, reference, judges, generator };
}

let cached: LeagueDeps | undefined;
/** The worker functions' dependencies (jobs, training events, the sweeper), once per cold start. */
export const workerDeps = async (): Promise<LeagueDeps> => {
  if (cached) return cached;
  const config = loadConfig(process.env);
  return (cached = buildAwsDeps(config, (core) => awsModels(config, core)));
};
