import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import { DescribeHubContentCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createJumpStartResolver, parseHubModelDocument } from '../../src/adapters/aws/jumpstart';
import { LeagueError, TransientError } from '../../src/core/errors';
import { awsError, DESCRIBE_HUB_CONTENT, HUB, HUB_DOCUMENT } from './fixtures';

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
      trainingInstanceType: 'ml.g5.2xlarge',
      trainingImage: HUB.trainingImage,
      trainingScriptUri: HUB_DOCUMENT.TrainingScriptUri,
      // The g5 family's gated archive, not the document's generic TrainingArtifactUri.
      modelUri: HUB.g5Weights,
      gated: true,
      hyperparameters: {
        int8_quantization: 'False',
        enable_fsdp: 'True',
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
      trainingEnvironment: {},
      supportedTrainingInstanceTypes: HUB_DOCUMENT.SupportedTrainingInstanceTypes,
      trainingVolumeSizeGb: 256,
      disableOutputCompression: true,
      hosting: {
        config: 'tgi',
        instanceType: 'ml.g5.xlarge',
        image: HUB.tgiImage,
        environment: {
          SAGEMAKER_PROGRAM: 'inference.py',
          HF_MODEL_ID: '/opt/ml/model',
          SM_NUM_GPUS: '1',
          MAX_TOTAL_TOKENS: '8192',
          SAGEMAKER_MODEL_SERVER_WORKERS: '1',
        },
        supportedInstanceTypes: HUB_DOCUMENT.SupportedInferenceInstanceTypes,
        eulaUri: HUB_DOCUMENT.HostingEulaUri,
        startupTimeoutSeconds: 1200,
        downloadTimeoutSeconds: 1200,
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

  it('applies the overrides of the instance types in use: weights, hyperparameters, environment', () => {
    const spec = parseHubModelDocument(
      JSON.stringify(HUB_DOCUMENT),
      { modelId: 'm', version: '1' },
      { training: 'ml.g4dn.12xlarge', hosting: 'ml.g5.12xlarge', inferenceConfig: 'lmi' },
    );
    expect(spec.modelUri).toBe(HUB.g4dnWeights);
    expect(spec.hyperparameters).toMatchObject({ int8_quantization: 'True', enable_fsdp: 'False', epoch: '5' });
    expect(spec.hosting).toMatchObject({ config: 'lmi', image: HUB.lmiImage, instanceType: 'ml.g5.12xlarge' });
    expect(spec.hosting.environment.SM_NUM_GPUS).toBe('4');
    // A family without a gated archive trains from the document's own artifact.
    const p4d = parseHubModelDocument(
      JSON.stringify(HUB_DOCUMENT),
      { modelId: 'm', version: '1' },
      { training: 'ml.p4d.24xlarge' },
    );
    expect(p4d.modelUri).toBe(HUB_DOCUMENT.TrainingArtifactUri);
  });

  it('refuses an instance type the model does not support, before any job starts', () => {
    const attempt = (choice: { training?: string; hosting?: string; inferenceConfig?: string }) => () =>
      parseHubModelDocument(JSON.stringify(HUB_DOCUMENT), { modelId: 'm', version: '1' }, choice);
    expect(attempt({ training: 'ml.g5.48xlarge' })).toThrow(
      /does not support ml\.g5\.48xlarge for training; choose one of ml\.g5\.2xlarge/,
    );
    expect(attempt({ hosting: 'ml.inf2.xlarge' })).toThrow(/does not support ml\.inf2\.xlarge for hosting/);
    expect(attempt({ inferenceConfig: 'vllm' })).toThrow(/no inference configuration "vllm"; it has tgi, lmi/);
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

/** The sample document of AWS's own SDK tests, unchanged (test/fixtures/aws/README.md). */
describe("AWS's sample hub document of a gated Llama model", () => {
  const sample = readFileSync(new URL('../fixtures/aws/hub-content-document.sample.json', import.meta.url), 'utf8');
  const ids = { modelId: 'meta-textgeneration-llama-2-13b-f', version: '4.0.0' };

  it('reads its defaults: images from the variants, hosting from the top-ranked inference configuration', () => {
    const spec = parseHubModelDocument(sample, ids);
    expect(spec.trainingInstanceType).toBe('ml.g5.24xlarge');
    expect(spec.trainingImage).toMatch(/huggingface-pytorch-training:2\.0\.0-transformers4\.28\.1/);
    expect(spec.modelUri).toBe(
      's3://jumpstart-private-cache-prod-us-east-1/meta-training/g5/v1.0.0/train-meta-textgeneration-llama-2-13b-f.tar.gz',
    );
    expect(spec.gated).toBe(true);
    expect(spec.hosting.config).toBe('tgi');
    expect(spec.hosting.instanceType).toBe('ml.g5.12xlarge');
    expect(spec.hosting.image).toBe(
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.1.1-tgi2.0.0-gpu-py310-cu121-ubuntu22.04',
    );
    expect(spec.hosting.environment).toMatchObject({ SM_NUM_GPUS: '4', HF_MODEL_ID: '/opt/ml/model' });
  });

  it('honours the per-instance-type overrides it carries', () => {
    const g4dn = parseHubModelDocument(sample, ids, { training: 'ml.g4dn.12xlarge', hosting: 'ml.g5.48xlarge' });
    expect(g4dn.hyperparameters).toMatchObject({ int8_quantization: 'True', enable_fsdp: 'False', epoch: '2' });
    expect(g4dn.modelUri).toMatch(/meta-training\/g4dn\//);
    expect(g4dn.hosting.environment.SM_NUM_GPUS).toBe('8');
    const lmi = parseHubModelDocument(sample, ids, { inferenceConfig: 'lmi', hosting: 'ml.p4d.24xlarge' });
    expect(lmi.hosting.image).toBe('763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.28.0-lmi10.0.0-cu124');
    expect(() => parseHubModelDocument(sample, ids, { training: 'ml.g5.2xlarge' })).toThrow(/does not support/);
  });
});
