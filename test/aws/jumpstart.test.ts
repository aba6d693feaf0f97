import 'aws-sdk-client-mock-vitest/extend';
import { DescribeHubContentCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createJumpStartResolver, parseHubModelDocument } from '../../src/adapters/aws/jumpstart';
import { LeagueError, TransientError } from '../../src/core/errors';
import { awsError, DESCRIBE_HUB_CONTENT, HUB_DOCUMENT } from './fixtures';

const client = new SageMakerClient({ region: 'us-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const sm = mockClient(client);
beforeEach(() => sm.reset());

describe('JumpStart resolution through DescribeHubContent', () => {
  it('asks the public hub for the Llama 3.2 3B model and reads what training and hosting need', async () => {
    sm.on(DescribeHubContentCommand).resolves(DESCRIBE_HUB_CONTENT);
    const spec = await createJumpStartResolver({}, { client }).resolve();

    expect(sm).toHaveReceivedCommandTimes(DescribeHubContentCommand, 1);
    expect(sm.commandCalls(DescribeHubContentCommand)[0]!.args[0].input).toEqual({
      HubName: 'SageMakerPublicHub',
      HubContentType: 'Model',
      HubContentName: 'meta-textgeneration-llama-3-2-3b',
    });
    expect(spec).toEqual({
      modelId: 'meta-textgeneration-llama-3-2-3b',
      version: '1.2.0',
      trainingImage: HUB_DOCUMENT.TrainingEcrUri,
      trainingScriptUri: HUB_DOCUMENT.TrainingScriptUri,
      modelUri: HUB_DOCUMENT.TrainingArtifactUri,
      modelCompression: 'None',
      gated: true,
      hyperparameters: {
        epoch: '5',
        learning_rate: '0.0001',
        lora_r: '8',
        lora_alpha: '32',
        lora_dropout: '0.05',
        instruction_tuned: 'False',
        chat_dataset: 'True',
        max_input_length: '-1',
        sagemaker_submit_directory: '/opt/ml/input/data/code/sourcedir.tar.gz',
        sagemaker_program: 'transfer_learning.py',
        sagemaker_container_log_level: '20',
      },
      defaultTrainingInstanceType: 'ml.g5.2xlarge',
      supportedTrainingInstanceTypes: ['ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.p4d.24xlarge'],
      trainingVolumeSizeGb: 256,
      disableOutputCompression: true,
      hosting: {
        image: HUB_DOCUMENT.HostingInstanceTypeVariants.Aliases.gpu_ecr_uri_1,
        environment: {
          SAGEMAKER_PROGRAM: 'inference.py',
          HF_MODEL_ID: '/opt/ml/model',
          OPTION_ENABLE_CHUNKED_PREFILL: 'true',
          SAGEMAKER_MODEL_SERVER_WORKERS: '1',
          OPTION_TENSOR_PARALLEL_DEGREE: '1',
        },
        defaultInstanceType: 'ml.g5.xlarge',
        supportedInstanceTypes: ['ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g5.12xlarge'],
        eulaUri: HUB_DOCUMENT.HostingEulaUri,
      },
    });
  });

  it('pins a version when configured and describes the model once per process', async () => {
    sm.on(DescribeHubContentCommand).resolves(DESCRIBE_HUB_CONTENT);
    const resolver = createJumpStartResolver(
      { modelId: 'meta-textgeneration-llama-3-2-3b-instruct', version: '1.2.0' },
      { client },
    );
    await Promise.all([resolver.resolve(), resolver.resolve()]);
    await resolver.resolve();
    expect(sm).toHaveReceivedCommandTimes(DescribeHubContentCommand, 1);
    expect(sm).toHaveReceivedCommandWith(DescribeHubContentCommand, {
      HubName: 'SageMakerPublicHub',
      HubContentType: 'Model',
      HubContentName: 'meta-textgeneration-llama-3-2-3b-instruct',
      HubContentVersion: '1.2.0',
    });
  });

  it('picks the image and environment of the instance type in use', () => {
    const spec = parseHubModelDocument(
      JSON.stringify(HUB_DOCUMENT),
      { modelId: 'm', version: '1' },
      { training: 'ml.p4d.24xlarge', hosting: 'ml.g5.12xlarge' },
    );
    expect(spec.trainingImage).toBe(HUB_DOCUMENT.TrainingInstanceTypeVariants.Aliases.gpu_ecr_uri_2);
    expect(spec.hosting.environment.OPTION_TENSOR_PARALLEL_DEGREE).toBe('4');
    expect(spec.hosting.image).toBe(HUB_DOCUMENT.HostingEcrUri);
  });

  it('refuses a document without what training needs, naming the missing fields', () => {
    const { TrainingScriptUri: _s, DefaultTrainingInstanceType: _d, ...rest } = HUB_DOCUMENT;
    const attempt = () => parseHubModelDocument(JSON.stringify(rest), { modelId: 'm', version: '1' });
    expect(attempt).toThrow(LeagueError);
    expect(attempt).toThrow(
      /TrainingScriptUri.*DefaultTrainingInstanceType|DefaultTrainingInstanceType.*TrainingScriptUri/,
    );
    expect(() =>
      parseHubModelDocument(JSON.stringify({ ...HUB_DOCUMENT, TrainingSupported: false }), {
        modelId: 'm',
        version: '1',
      }),
    ).toThrow(/does not support training/);
    expect(() => parseHubModelDocument('{not json', { modelId: 'm', version: '1' })).toThrow(/not JSON/);
  });

  it('turns a throttled lookup into a TransientError and retries it on the next call', async () => {
    sm.on(DescribeHubContentCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves(DESCRIBE_HUB_CONTENT);
    const resolver = createJumpStartResolver({}, { client });
    const first = await resolver.resolve().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TransientError);
    expect((first as TransientError).code).toBe('THROTTLED');
    await expect(resolver.resolve()).resolves.toMatchObject({ version: '1.2.0' });
  });

  it('refuses content the hub does not list as Available', async () => {
    sm.on(DescribeHubContentCommand).resolves({ ...DESCRIBE_HUB_CONTENT, HubContentStatus: 'Importing' });
    await expect(createJumpStartResolver({}, { client }).resolve()).rejects.toThrow(/Importing on the hub/);
  });
});
