import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { retryThrottledGenerator, retryThrottledJudge } from '../../core/limits/model-limiter';
import type { BlobStore, Generator, Judge, ModelHost, Trainer } from '../../core/ports';
import { createBedrockClient, createBedrockGenerator, createBedrockJudge } from './bedrock-converse';
import { createJumpStartResolver, type JumpStartConfig } from './jumpstart';
import { createSageMakerHost } from './sagemaker-host';
import { createSageMakerTrainer } from './sagemaker-trainer';

export interface AwsModelSettings {
  region: string;
  bucket: string;
  /** SageMaker execution role of training jobs and endpoints; needed only for SageMaker. */
  roleArn?: string;
  jumpstart: JumpStartConfig;
  trainingMaxRuntimeSeconds: number;
}

export interface AwsModelAdapters {
  trainer(): Trainer;
  host(): ModelHost;
  generator(modelId: string): Generator;
  judge(modelId: string, family: string): Judge;
}

/**
 * The SageMaker and Bedrock adapters with their SDK clients, one of each per process. This module
 * is loaded on first use only, so ingress functions never pay for these SDKs.
 */
export function createAwsModelAdapters(settings: AwsModelSettings, deps: { blobs: BlobStore }): AwsModelAdapters {
  let sagemaker: SageMakerClient | undefined;
  let bedrock: ReturnType<typeof createBedrockClient> | undefined;
  const sm = () => (sagemaker ??= new SageMakerClient({ region: settings.region }));
  const br = () => (bedrock ??= createBedrockClient(settings.region));
  let jumpstart: ReturnType<typeof createJumpStartResolver> | undefined;
  const resolver = () => (jumpstart ??= createJumpStartResolver(settings.jumpstart, { client: sm() }));
  return {
    trainer: () =>
      createSageMakerTrainer(
        {
          roleArn: settings.roleArn ?? '',
          bucket: settings.bucket,
          maxRuntimeSeconds: settings.trainingMaxRuntimeSeconds,
        },
        { client: sm(), jumpstart: resolver(), blobs: deps.blobs },
      ),
    host: () =>
      createSageMakerHost(
        { roleArn: settings.roleArn ?? '' },
        { client: sm(), runtime: new SageMakerRuntimeClient({ region: settings.region }), jumpstart: resolver() },
      ),
    // A throttle past the SDK's own retries is waited out for the one call, not by failing the judge job.
    generator: (modelId) => retryThrottledGenerator(createBedrockGenerator({ modelId }, { client: br() })),
    judge: (modelId, family) => retryThrottledJudge(createBedrockJudge({ modelId, family }, { client: br() })),
  };
}
