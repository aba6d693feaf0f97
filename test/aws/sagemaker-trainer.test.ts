import 'aws-sdk-client-mock-vitest/extend';
import {
  CreateTrainingJobCommand,
  DescribeHubContentCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobCommandOutput,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createJumpStartResolver } from '../../src/adapters/aws/jumpstart';
import { createSageMakerTrainer } from '../../src/adapters/aws/sagemaker-trainer';
import { LeagueError, NotReadyError, TransientError } from '../../src/core/errors';
import type { TrainingRequest } from '../../src/core/ports';
import { awsError, DESCRIBE_HUB_CONTENT, HUB, HUB_DOCUMENT } from './fixtures';
import { CREDENTIALS, memoryBlobs } from './support';

const client = new SageMakerClient({ region: 'us-west-2', credentials: CREDENTIALS });
const sm = mockClient(client);
const ROLE = 'arn:aws:iam::123456789012:role/league-sagemaker';
const INSTRUCTION_ROW = '{"instruction":"What is a lease?","context":"","response":"A time-limited claim."}\n';
const CHAT_ROW = '{"dialog":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}\n';

const request: TrainingRequest = {
  jobName: 'league-s7hk2m9q',
  submissionId: 's7hk2m9q',
  datasetKey: 'datasets/s7hk2m9q/train.jsonl',
  hyperparameters: { epochs: 3, learning_rate: 0.0002, lora_r: 16, lora_alpha: 32, lora_dropout: 0.1 },
};

function trainer(firstRow = INSTRUCTION_ROW, options: { instanceType?: string } = {}) {
  const blobs = memoryBlobs({ [request.datasetKey]: firstRow + firstRow });
  return createSageMakerTrainer(
    { roleArn: ROLE, bucket: 'league-blobs', maxRuntimeSeconds: 10800 },
    {
      client,
      jumpstart: createJumpStartResolver({ trainingInstanceType: options.instanceType }, { client }),
      blobs,
    },
  );
}

beforeEach(() => {
  sm.reset();
  sm.on(DescribeHubContentCommand).resolves(DESCRIBE_HUB_CONTENT);
});

describe('SageMaker trainer: CreateTrainingJob', () => {
  it('starts the job named from the submission with the dataset, the gated model, the script, and network isolation', async () => {
    sm.on(CreateTrainingJobCommand).resolves({
      TrainingJobArn: 'arn:aws:sagemaker:us-west-2:123456789012:training-job/league-s7hk2m9q',
    });
    await trainer().start(request);

    expect(sm).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 1);
    expect(sm.commandCalls(CreateTrainingJobCommand)[0]!.args[0].input).toEqual({
      TrainingJobName: 'league-s7hk2m9q',
      RoleArn: ROLE,
      AlgorithmSpecification: { TrainingImage: HUB.trainingImage, TrainingInputMode: 'File' },
      HyperParameters: {
        sagemaker_program: 'transfer_learning.py',
        sagemaker_submit_directory: '/opt/ml/input/data/code/sourcedir.tar.gz',
        sagemaker_container_log_level: '20',
        int8_quantization: 'False',
        enable_fsdp: 'True',
        epoch: '3',
        learning_rate: '0.0002',
        lora_r: '16',
        lora_alpha: '32',
        lora_dropout: '0.1',
        instruction_tuned: 'True',
        chat_dataset: 'False',
        max_input_length: '-1',
      },
      InputDataConfig: [
        {
          ChannelName: 'training',
          DataSource: {
            S3DataSource: {
              S3DataType: 'S3Prefix',
              S3Uri: 's3://league-blobs/datasets/s7hk2m9q/',
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
              S3Uri: HUB.g5Weights,
              S3DataDistributionType: 'FullyReplicated',
              ModelAccessConfig: { AcceptEula: true },
            },
          },
          ContentType: 'application/x-sagemaker-model',
          InputMode: 'File',
        },
        {
          ChannelName: 'code',
          DataSource: {
            S3DataSource: {
              S3DataType: 'S3Prefix',
              S3Uri: HUB_DOCUMENT.TrainingScriptUri,
              S3DataDistributionType: 'FullyReplicated',
            },
          },
          InputMode: 'File',
        },
      ],
      OutputDataConfig: { S3OutputPath: 's3://league-blobs/models/', CompressionType: 'NONE' },
      ResourceConfig: { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 256 },
      StoppingCondition: { MaxRuntimeInSeconds: 10800 },
      EnableNetworkIsolation: true,
      Environment: { accept_eula: 'true' },
      Tags: [{ Key: 'league:submission', Value: 's7hk2m9q' }],
    });
  });

  it('trains a chat dataset as one, and uses a configured instance type', async () => {
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn' });
    await trainer(CHAT_ROW, { instanceType: 'ml.g5.4xlarge' }).start(request);
    const input = sm.commandCalls(CreateTrainingJobCommand)[0]!.args[0].input;
    expect(input.HyperParameters).toMatchObject({ chat_dataset: 'True', instruction_tuned: 'False' });
    expect(input.ResourceConfig).toEqual({ InstanceType: 'ml.g5.4xlarge', InstanceCount: 1, VolumeSizeInGB: 256 });
  });

  it('builds the request for another instance type from its variant: weights and hyperparameters', async () => {
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn' });
    await trainer(INSTRUCTION_ROW, { instanceType: 'ml.g4dn.12xlarge' }).start(request);
    const input = sm.commandCalls(CreateTrainingJobCommand)[0]!.args[0].input;
    expect(input.ResourceConfig?.InstanceType).toBe('ml.g4dn.12xlarge');
    expect(input.HyperParameters).toMatchObject({ int8_quantization: 'True', enable_fsdp: 'False', epoch: '3' });
    expect(input.InputDataConfig?.find((c) => c.ChannelName === 'model')?.DataSource?.S3DataSource?.S3Uri).toBe(
      HUB.g4dnWeights,
    );
  });

  it('starts no job on an instance type the model does not list (SupportedTrainingInstanceTypes)', async () => {
    await expect(trainer(INSTRUCTION_ROW, { instanceType: 'ml.g5.48xlarge' }).start(request)).rejects.toThrow(
      /does not support ml\.g5\.48xlarge for training/,
    );
    expect(sm).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 0);
  });

  it('sets no compression type on any File-mode channel (botocore: Pipe mode only)', async () => {
    sm.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn' });
    for (const type of HUB_DOCUMENT.SupportedTrainingInstanceTypes) {
      await trainer(INSTRUCTION_ROW, { instanceType: type }).start(request);
    }
    const channels = sm.commandCalls(CreateTrainingJobCommand).flatMap((c) => c.args[0].input.InputDataConfig ?? []);
    expect(channels.length).toBe(3 * HUB_DOCUMENT.SupportedTrainingInstanceTypes.length);
    for (const c of channels) {
      expect(c.InputMode).toBe('File');
      expect(c.CompressionType).toBeUndefined();
    }
  });

  it('treats ResourceInUse (the same job name again: a redelivered train job) as started', async () => {
    sm.on(CreateTrainingJobCommand).rejects(
      awsError(
        'ResourceInUse',
        'Training job names must be unique within an AWS account and region, and a training job with this name already exists (arn:aws:sagemaker:us-west-2:123456789012:training-job/league-s7hk2m9q)',
      ),
    );
    await expect(trainer().start(request)).resolves.toBeUndefined();
    expect(sm).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 1);
  });

  it('turns throttling into a TransientError the queue retries', async () => {
    sm.on(CreateTrainingJobCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const e = await trainer()
      .start(request)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as TransientError).code).toBe('THROTTLED');
  });

  it('waits for capacity when the instance quota is used up (ResourceLimitExceeded)', async () => {
    sm.on(CreateTrainingJobCommand).rejects(
      awsError(
        'ResourceLimitExceeded',
        'The account-level service limit ml.g5.2xlarge for training job usage is 1 Instances',
      ),
    );
    const e = await trainer()
      .start(request)
      .catch((x: unknown) => x);
    // A wait, not a failure: the train job comes back later without spending the queue's receives.
    expect(e).toBeInstanceOf(NotReadyError);
    expect(e).toMatchObject({ waitingFor: 'training-quota' });
    expect((e as NotReadyError).retryAfterMs).toBeGreaterThanOrEqual(60_000);
  });

  it('lets a refused request through as a bug to see, not a retry', async () => {
    sm.on(CreateTrainingJobCommand).rejects(awsError('ValidationException', 'Could not access model data'));
    const e = await trainer()
      .start(request)
      .catch((x: unknown) => x);
    expect(e).not.toBeInstanceOf(TransientError);
    expect((e as Error).name).toBe('ValidationException');
  });

  it('refuses a hyperparameter the model does not have instead of dropping it', async () => {
    await expect(
      trainer().start({ ...request, hyperparameters: { ...request.hyperparameters, warmup_steps: 10 } }),
    ).rejects.toThrow(LeagueError);
    expect(sm).toHaveReceivedCommandTimes(CreateTrainingJobCommand, 0);
  });
});

describe('SageMaker trainer: StopTrainingJob', () => {
  it('stops the job by name', async () => {
    sm.on(StopTrainingJobCommand).resolves({});
    await trainer().stop('league-s7hk2m9q');
    expect(sm.commandCalls(StopTrainingJobCommand)[0]!.args[0].input).toEqual({ TrainingJobName: 'league-s7hk2m9q' });
  });

  it('is done when the job already ended, and retries on throttling', async () => {
    sm.on(StopTrainingJobCommand)
      .rejectsOnce(awsError('ValidationException', 'The job status is Completed'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(trainer().stop('league-s7hk2m9q')).resolves.toBeUndefined();
    await expect(trainer().stop('league-s7hk2m9q')).rejects.toBeInstanceOf(TransientError);
  });
});

describe('SageMaker trainer: DescribeTrainingJob billing', () => {
  // A finished job as DescribeTrainingJob returns it (fields and types from the SDK's model of
  // DescribeTrainingJobResponse: BillableTimeInSeconds and TrainingTimeInSeconds are integers,
  // ResourceConfig holds InstanceType and InstanceCount; the timestamps arrive as Dates).
  const completed: DescribeTrainingJobCommandOutput = {
    $metadata: { httpStatusCode: 200 },
    TrainingJobName: 'league-s7hk2m9q',
    TrainingJobArn: 'arn:aws:sagemaker:us-west-2:123456789012:training-job/league-s7hk2m9q',
    TrainingJobStatus: 'Completed',
    SecondaryStatus: 'Completed',
    ModelArtifacts: { S3ModelArtifacts: 's3://league-blobs/models/league-s7hk2m9q/output/model/' },
    AlgorithmSpecification: { TrainingImage: HUB.trainingImage, TrainingInputMode: 'File' },
    ResourceConfig: { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 256 },
    StoppingCondition: { MaxRuntimeInSeconds: 10800 },
    CreationTime: new Date('2025-03-01T12:00:00Z'),
    TrainingStartTime: new Date('2025-03-01T12:01:40Z'),
    TrainingEndTime: new Date('2025-03-01T12:33:20Z'),
    TrainingTimeInSeconds: 1900,
    BillableTimeInSeconds: 1900,
  };

  it('reports the billed seconds and the instance type and count', async () => {
    sm.on(DescribeTrainingJobCommand).resolves(completed);
    await expect(trainer().billing!('league-s7hk2m9q')).resolves.toEqual({
      instanceType: 'ml.g5.2xlarge',
      instanceCount: 1,
      billableSeconds: 1900,
    });
    expect(sm.commandCalls(DescribeTrainingJobCommand)[0]!.args[0].input).toEqual({
      TrainingJobName: 'league-s7hk2m9q',
    });
  });

  it('reports nothing for a job SageMaker billed no time for', async () => {
    const { BillableTimeInSeconds: _, ...unbilled } = completed;
    sm.on(DescribeTrainingJobCommand).resolves(unbilled);
    await expect(trainer().billing!('league-s7hk2m9q')).resolves.toBeUndefined();
  });

  it('retries on throttling and refuses a malformed answer', async () => {
    sm.on(DescribeTrainingJobCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolvesOnce({ ...completed, BillableTimeInSeconds: -5 });
    await expect(trainer().billing!('league-s7hk2m9q')).rejects.toBeInstanceOf(TransientError);
    await expect(trainer().billing!('league-s7hk2m9q')).rejects.toThrow(/unexpected billing fields/);
  });
});
