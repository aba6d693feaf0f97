import {
  CreateTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  DescribeTrainingJobCommand,
  type SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import { LeagueError, NotReadyError } from '../../core/errors';
import type { TrainingBilling } from '../../core/model';
import type { BlobStore, Trainer, TrainingRequest } from '../../core/ports';
import { awsErrorName, transientFromAws } from './aws-errors';
import type { JumpStartResolver, JumpStartSpec } from './jumpstart';

export interface SageMakerTrainerConfig {
  /** Execution role the training job runs as (reads the dataset, writes the model). */
  roleArn: string;
  /** Bucket of the blob store: datasets are read from it, models written to `outputPrefix`. */
  bucket: string;
  outputPrefix?: string;
  /** Hard stop of a job (billing stops with it). */
  maxRuntimeSeconds: number;
  volumeSizeGb?: number;
}

export interface SageMakerTrainerDeps {
  client: SageMakerClient;
  jumpstart: JumpStartResolver;
  /** Reads the first line of the dataset to tell an instruction dataset from a chat one. */
  blobs: BlobStore;
}

/** The league's hyperparameter names and the names JumpStart scripts use for them, in order of preference. */
const HYPERPARAMETER_NAMES: Record<string, string[]> = {
  epochs: ['epoch', 'epochs', 'num_train_epochs'],
  learning_rate: ['learning_rate'],
  lora_r: ['lora_r'],
  lora_alpha: ['lora_alpha'],
  lora_dropout: ['lora_dropout'],
};

/** Script-mode settings every JumpStart training container reads; the code comes in the `code` channel. */
const CONTAINER_DEFAULTS = {
  sagemaker_program: 'transfer_learning.py',
  sagemaker_submit_directory: '/opt/ml/input/data/code/sourcedir.tar.gz',
};

const RESOURCE_LIMIT_RETRY_MS = 10 * 60_000;

/** `s3://bucket/datasets/<id>/` for `datasets/<id>/train.jsonl`: the channel is the dataset's folder. */
const channelUri = (bucket: string, key: string) => `s3://${bucket}/${key.slice(0, key.lastIndexOf('/') + 1)}`;

async function firstLine(blobs: BlobStore, key: string): Promise<string> {
  let text = '';
  for await (const chunk of blobs.get(key)) {
    text += Buffer.from(chunk).toString('utf8');
    const nl = text.indexOf('\n');
    if (nl >= 0) return text.slice(0, nl);
    if (text.length > 1_000_000) break;
  }
  return text;
}

async function isChatDataset(blobs: BlobStore, key: string): Promise<boolean> {
  try {
    const row = JSON.parse(await firstLine(blobs, key)) as Record<string, unknown>;
    return Array.isArray(row.dialog) || Array.isArray(row.messages);
  } catch {
    return false;
  }
}

/** Every string CreateTrainingJob gets as HyperParameters: the model's defaults, the format switch, the member's values. */
function trainingHyperparameters(
  spec: JumpStartSpec,
  member: Record<string, number>,
  chat: boolean,
): Record<string, string> {
  const out: Record<string, string> = { ...CONTAINER_DEFAULTS, ...spec.hyperparameters };
  // JumpStart allows at most one of the two to be True.
  if ('instruction_tuned' in spec.hyperparameters) out.instruction_tuned = chat ? 'False' : 'True';
  if ('chat_dataset' in spec.hyperparameters) out.chat_dataset = chat ? 'True' : 'False';
  for (const [name, value] of Object.entries(member)) {
    const target = (HYPERPARAMETER_NAMES[name] ?? [name]).find((n) => n in spec.hyperparameters);
    if (!target) throw new LeagueError('CONFIG', `${spec.modelId} has no hyperparameter for "${name}".`);
    out[target] = String(value);
  }
  return out;
}

/** The CreateTrainingJob request of one submission. */
function trainingJobRequest(
  config: SageMakerTrainerConfig,
  spec: JumpStartSpec,
  req: TrainingRequest,
  chat: boolean,
): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: req.jobName,
    RoleArn: config.roleArn,
    AlgorithmSpecification: { TrainingImage: spec.trainingImage, TrainingInputMode: 'File' },
    HyperParameters: trainingHyperparameters(spec, req.hyperparameters, chat),
    InputDataConfig: [
      {
        ChannelName: 'training',
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix',
            S3Uri: channelUri(config.bucket, req.datasetKey),
            S3DataDistributionType: 'FullyReplicated',
          },
        },
        InputMode: 'File',
      },
      {
        ChannelName: 'model',
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix',
            S3Uri: spec.modelUri,
            S3DataDistributionType: 'FullyReplicated',
            // The base weights are gated: the job accepts Meta's license on the organizer's behalf (see docs/aws.md).
            ...(spec.gated ? { ModelAccessConfig: { AcceptEula: true } } : {}),
          },
        },
        // File mode: no CompressionType (botocore: "used only in Pipe input mode"); the container unpacks the archive.
        ContentType: 'application/x-sagemaker-model',
        InputMode: 'File',
      },
      {
        ChannelName: 'code',
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix',
            S3Uri: spec.trainingScriptUri,
            S3DataDistributionType: 'FullyReplicated',
          },
        },
        InputMode: 'File',
      },
    ],
    OutputDataConfig: {
      S3OutputPath: `s3://${config.bucket}/${config.outputPrefix ?? 'models/'}`,
      CompressionType: spec.disableOutputCompression ? 'NONE' : 'GZIP',
    },
    ResourceConfig: {
      InstanceType: spec.trainingInstanceType as never,
      InstanceCount: 1,
      VolumeSizeInGB: config.volumeSizeGb ?? spec.trainingVolumeSizeGb ?? 100,
    },
    StoppingCondition: { MaxRuntimeInSeconds: config.maxRuntimeSeconds },
    EnableNetworkIsolation: true,
    // The JumpStart Llama scripts also read the acceptance from the environment.
    Environment: { ...spec.trainingEnvironment, accept_eula: 'true' },
    Tags: [{ Key: 'league:submission', Value: req.submissionId }],
  };
}

/**
 * The part of DescribeTrainingJob's response billing reads (botocore's sagemaker model:
 * BillableTimeInSeconds, an integer absent when the job never ran; ResourceConfig's InstanceType and
 * InstanceCount, absent for a heterogeneous cluster, which the league never creates).
 */
const TrainingJobBillingSchema = z.object({
  BillableTimeInSeconds: z.number().int().min(0).optional(),
  ResourceConfig: z
    .object({ InstanceType: z.string().min(1).optional(), InstanceCount: z.number().int().min(1).optional() })
    .optional(),
});

/**
 * Fine-tuning on SageMaker with a JumpStart model. The job is named from the submission, so a
 * duplicate start (ResourceInUse) is the same job and counts as started; completion comes back
 * through EventBridge ("SageMaker Training Job State Change") as a `training-finished` job.
 */
export function createSageMakerTrainer(config: SageMakerTrainerConfig, deps: SageMakerTrainerDeps): Trainer {
  if (!config.roleArn) throw new LeagueError('CONFIG', 'The SageMaker trainer needs the execution role ARN.');
  if (!config.bucket) throw new LeagueError('CONFIG', 'The SageMaker trainer needs the bucket name.');
  return {
    async start(req) {
      const spec = await deps.jumpstart.resolve();
      const chat = await isChatDataset(deps.blobs, req.datasetKey);
      try {
        await deps.client.send(new CreateTrainingJobCommand(trainingJobRequest(config, spec, req, chat)));
      } catch (e) {
        if (awsErrorName(e) === 'ResourceInUse') return; // an earlier delivery started this very job
        if (awsErrorName(e) === 'ResourceLimitExceeded') {
          // The account's instance quota is used up by other jobs: wait for one to finish.
          throw new NotReadyError(
            `The SageMaker quota for ${spec.trainingInstanceType} training is in use`,
            'training-quota',
            RESOURCE_LIMIT_RETRY_MS,
          );
        }
        throw transientFromAws(e, 'SageMaker CreateTrainingJob') ?? e;
      }
    },
    async stop(jobName) {
      try {
        await deps.client.send(new StopTrainingJobCommand({ TrainingJobName: jobName }));
      } catch (e) {
        // Already finished, stopping or never started: nothing left to stop.
        if (['ValidationException', 'ResourceNotFound'].includes(awsErrorName(e))) return;
        throw transientFromAws(e, 'SageMaker StopTrainingJob') ?? e;
      }
    },
    async billing(jobName): Promise<TrainingBilling | undefined> {
      let response: unknown;
      try {
        response = await deps.client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }));
      } catch (e) {
        throw transientFromAws(e, 'SageMaker DescribeTrainingJob') ?? e;
      }
      const parsed = TrainingJobBillingSchema.safeParse(response);
      if (!parsed.success)
        throw new LeagueError('UPSTREAM_UNAVAILABLE', `DescribeTrainingJob ${jobName}: unexpected billing fields`);
      const { BillableTimeInSeconds: seconds, ResourceConfig: resources } = parsed.data;
      if (seconds === undefined || !resources?.InstanceType) return undefined;
      return {
        instanceType: resources.InstanceType,
        instanceCount: resources.InstanceCount ?? 1,
        billableSeconds: seconds,
      };
    },
  };
}
