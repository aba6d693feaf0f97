import 'aws-sdk-client-mock-vitest/extend';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeHubContentCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createJumpStartResolver } from '../../src/adapters/aws/jumpstart';
import { createSageMakerHost, endpointName } from '../../src/adapters/aws/sagemaker-host';
import { LeagueError, NotReadyError, TransientError } from '../../src/core/errors';
import { awsError, DESCRIBE_HUB_CONTENT, HUB } from './fixtures';
import { CREDENTIALS } from './support';

const client = new SageMakerClient({ region: 'us-west-2', credentials: CREDENTIALS });
const runtime = new SageMakerRuntimeClient({ region: 'us-west-2', credentials: CREDENTIALS });
const sm = mockClient(client);
const rt = mockClient(runtime);
const ROLE = 'arn:aws:iam::123456789012:role/league-sagemaker';
const MODEL_URI = 's3://league-blobs/models/league-s7hk2m9q/output/model/';
const NAME = 'league-s7hk2m9q';
const TAGS = [{ Key: 'league:submission', Value: 's7hk2m9q' }];
const notFound = () => awsError('ValidationException', `Could not find endpoint "${NAME}".`);

const host = (instanceType?: string) =>
  createSageMakerHost(
    { roleArn: ROLE, retryAfterMs: 45_000 },
    { client, runtime, jumpstart: createJumpStartResolver({ hostingInstanceType: instanceType }, { client }) },
  );
const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

beforeEach(() => {
  sm.reset();
  rt.reset();
  sm.on(DescribeHubContentCommand).resolves(DESCRIBE_HUB_CONTENT);
});

describe('SageMaker model host: open', () => {
  it('creates the model, the endpoint config and the endpoint, then asks the queue to come back', async () => {
    sm.on(DescribeEndpointCommand).rejects(notFound());
    sm.on(CreateModelCommand).resolves({ ModelArn: 'arn:model' });
    sm.on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: 'arn:config' });
    sm.on(CreateEndpointCommand).resolves({ EndpointArn: 'arn:endpoint' });

    const e = await host()
      .open('s7hk2m9q', MODEL_URI)
      .catch((x: unknown) => x);
    // Not a failure: the job comes back later without spending the queue's receives.
    expect(e).toBeInstanceOf(NotReadyError);
    expect(e).toMatchObject({ waitingFor: 'endpoint', retryAfterMs: 45_000 });

    expect(sm.commandCalls(DescribeEndpointCommand)[0]!.args[0].input).toEqual({ EndpointName: NAME });
    expect(sm.commandCalls(CreateModelCommand)[0]!.args[0].input).toEqual({
      ModelName: NAME,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: HUB.tgiImage,
        ModelDataSource: { S3DataSource: { S3Uri: MODEL_URI, S3DataType: 'S3Prefix', CompressionType: 'None' } },
        Environment: {
          SAGEMAKER_PROGRAM: 'inference.py',
          HF_MODEL_ID: '/opt/ml/model',
          SM_NUM_GPUS: '1',
          MAX_TOTAL_TOKENS: '8192',
          SAGEMAKER_MODEL_SERVER_WORKERS: '1',
        },
      },
      EnableNetworkIsolation: true,
      Tags: TAGS,
    });
    expect(sm.commandCalls(CreateEndpointConfigCommand)[0]!.args[0].input).toEqual({
      EndpointConfigName: NAME,
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          ModelName: NAME,
          InitialInstanceCount: 1,
          InstanceType: 'ml.g5.xlarge',
          ContainerStartupHealthCheckTimeoutInSeconds: 1200,
          ModelDataDownloadTimeoutInSeconds: 1200,
        },
      ],
      Tags: TAGS,
    });
    expect(sm.commandCalls(CreateEndpointCommand)[0]!.args[0].input).toEqual({
      EndpointName: NAME,
      EndpointConfigName: NAME,
      Tags: TAGS,
    });
  });

  it('serves a compressed model archive through ModelDataUrl, on a configured instance type', async () => {
    sm.on(DescribeEndpointCommand).rejects(notFound());
    await host('ml.g5.2xlarge')
      .open('s7hk2m9q', 's3://league-blobs/models/league-s7hk2m9q/output/model.tar.gz')
      .catch(() => undefined);
    const container = sm.commandCalls(CreateModelCommand)[0]!.args[0].input.PrimaryContainer!;
    expect(container.ModelDataUrl).toBe('s3://league-blobs/models/league-s7hk2m9q/output/model.tar.gz');
    expect(container.ModelDataSource).toBeUndefined();
    expect(sm.commandCalls(CreateEndpointConfigCommand)[0]!.args[0].input.ProductionVariants![0]!.InstanceType).toBe(
      'ml.g5.2xlarge',
    );
  });

  it('on ml.g5.12xlarge, takes the per-type environment of the hub document (four GPUs)', async () => {
    sm.on(DescribeEndpointCommand).rejects(notFound());
    await host('ml.g5.12xlarge')
      .open('s7hk2m9q', MODEL_URI)
      .catch(() => undefined);
    const container = sm.commandCalls(CreateModelCommand)[0]!.args[0].input.PrimaryContainer!;
    expect(container.Image).toBe(HUB.tgiImage);
    expect(container.Environment).toMatchObject({ SM_NUM_GPUS: '4', MAX_TOTAL_TOKENS: '8192' });
  });

  it('resumes after a crash: what already exists is kept, the rest created', async () => {
    sm.on(DescribeEndpointCommand).rejects(notFound());
    sm.on(CreateModelCommand).rejects(
      awsError(
        'ValidationException',
        `Cannot create already existing model "arn:aws:sagemaker:us-west-2:123456789012:model/${NAME}".`,
      ),
    );
    sm.on(CreateEndpointConfigCommand).rejects(
      awsError('ValidationException', `Cannot create already existing endpoint configuration "${NAME}".`),
    );
    sm.on(CreateEndpointCommand).resolves({ EndpointArn: 'arn:endpoint' });
    await expect(host().open('s7hk2m9q', MODEL_URI)).rejects.toBeInstanceOf(NotReadyError);
    expect(sm).toHaveReceivedCommandTimes(CreateEndpointCommand, 1);
  });

  it('while the endpoint is Creating, creates nothing and asks to retry later', async () => {
    sm.on(DescribeEndpointCommand).resolves({ EndpointName: NAME, EndpointStatus: 'Creating' } as never);
    const e = await host()
      .open('s7hk2m9q', MODEL_URI)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotReadyError);
    expect((e as Error).message).toMatch(/Creating/);
    expect(sm).toHaveReceivedCommandTimes(CreateModelCommand, 0);
    expect(sm).toHaveReceivedCommandTimes(CreateEndpointCommand, 0);
  });

  it('deletes a Failed endpoint so the next delivery recreates it, keeping the reason', async () => {
    sm.on(DescribeEndpointCommand).resolves({
      EndpointStatus: 'Failed',
      FailureReason: 'Insufficient capacity for ml.g5.xlarge',
    } as never);
    sm.on(DeleteEndpointCommand).resolves({});
    await expect(host().open('s7hk2m9q', MODEL_URI)).rejects.toThrow(/Insufficient capacity/);
    expect(sm.commandCalls(DeleteEndpointCommand)[0]!.args[0].input).toEqual({ EndpointName: NAME });
  });

  it('refuses a model it cannot serve and a name SageMaker would refuse', async () => {
    await expect(host().open('s7hk2m9q', 'blob://models/x/model.json')).rejects.toBeInstanceOf(LeagueError);
    expect(() => endpointName('bad_id!')).toThrow(LeagueError);
  });
});

describe('SageMaker model host: InvokeEndpoint', () => {
  beforeEach(() => sm.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'InService' } as never));

  it('sends the prompt in the instruction layout, greedy at temperature 0, and reads the answer and its token count', async () => {
    rt.on(InvokeEndpointCommand).resolves({
      Body: encode([
        {
          generated_text: ' A time-limited claim on a key.\n### Instruction:\nWhat else?',
          details: { generated_tokens: 17 },
        },
      ]) as never,
    });
    const g = await host().open('s7hk2m9q', MODEL_URI);
    const r = await g.generate({
      messages: [{ role: 'user', content: 'What is a lease?' }],
      maxTokens: 256,
      temperature: 0,
    });

    expect(g.modelId).toBe(`sagemaker:${NAME}`);
    const input = rt.commandCalls(InvokeEndpointCommand)[0]!.args[0].input;
    expect({ ...input, Body: undefined }).toEqual({
      EndpointName: NAME,
      ContentType: 'application/json',
      Accept: 'application/json',
      Body: undefined,
    });
    // The league's template.json (written beside every instruction dataset), filled for the question.
    const prompt =
      'Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n### Instruction:\nWhat is a lease?\n\n### Input:\n\n\n### Response:\n';
    expect(JSON.parse(new TextDecoder().decode(input.Body as Uint8Array))).toEqual({
      inputs: prompt,
      parameters: { max_new_tokens: 256, do_sample: false, details: true },
    });
    expect(r).toEqual({
      text: 'A time-limited claim on a key.',
      inputTokens: Math.ceil(prompt.length / 4),
      outputTokens: 17,
    });
  });

  it('asks a chat-tuned model in the chat template, and stops at the end of its turn', async () => {
    rt.on(InvokeEndpointCommand).resolves({
      Body: encode([{ generated_text: 'A time-limited claim.<|eot_id|><|start_header_id|>user' }]) as never,
    });
    const g = await host().open('s7hk2m9q', MODEL_URI, 'chat');
    const r = await g.generate({
      messages: [{ role: 'user', content: 'What is a lease?' }],
      maxTokens: 64,
      temperature: 0,
    });
    const body = JSON.parse(
      new TextDecoder().decode(rt.commandCalls(InvokeEndpointCommand)[0]!.args[0].input.Body as Uint8Array),
    );
    expect(body.inputs).toBe(
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is a lease?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    );
    expect(r.text).toBe('A time-limited claim.');
  });

  it('samples at a positive temperature and reads a single-object answer', async () => {
    rt.on(InvokeEndpointCommand).resolves({ Body: encode({ generated_text: 'Yes.' }) as never });
    const r = await (await host().open('s7hk2m9q', MODEL_URI)).generate({
      messages: [{ role: 'user', content: 'Ok?' }],
      maxTokens: 8,
      temperature: 0.7,
    });
    const body = JSON.parse(
      new TextDecoder().decode(rt.commandCalls(InvokeEndpointCommand)[0]!.args[0].input.Body as Uint8Array),
    );
    expect(body.parameters).toEqual({ max_new_tokens: 8, temperature: 0.7, do_sample: true, details: true });
    expect(r.text).toBe('Yes.');
    expect(r.outputTokens).toBe(1);
  });

  it('retries a container 5xx and throttling, not a 4xx', async () => {
    const g = await host().open('s7hk2m9q', MODEL_URI);
    const ask = () => g.generate({ messages: [{ role: 'user', content: 'q' }], maxTokens: 8, temperature: 0 });
    rt.on(InvokeEndpointCommand)
      .rejectsOnce(awsError('ModelError', 'Received server error (503) from primary', 424, { OriginalStatusCode: 503 }))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('ModelError', 'Received client error (400) from primary', 424, { OriginalStatusCode: 400 }))
      .resolves({ Body: new TextEncoder().encode('<html>oops</html>') as never });
    await expect(ask()).rejects.toBeInstanceOf(TransientError);
    await expect(ask()).rejects.toBeInstanceOf(TransientError);
    const clientError = await ask().catch((x: unknown) => x);
    expect(clientError).not.toBeInstanceOf(TransientError);
    await expect(ask()).rejects.toThrow(/unreadable/);
  });
});

describe('SageMaker model host: close', () => {
  it('deletes the endpoint, its config and the model', async () => {
    sm.on(DeleteEndpointCommand).resolves({});
    sm.on(DeleteEndpointConfigCommand).resolves({});
    sm.on(DeleteModelCommand).resolves({});
    await host().close('s7hk2m9q');
    expect(sm.commandCalls(DeleteEndpointCommand)[0]!.args[0].input).toEqual({ EndpointName: NAME });
    expect(sm.commandCalls(DeleteEndpointConfigCommand)[0]!.args[0].input).toEqual({ EndpointConfigName: NAME });
    expect(sm.commandCalls(DeleteModelCommand)[0]!.args[0].input).toEqual({ ModelName: NAME });
  });

  it('is harmless twice (nothing left to delete), and retries on throttling', async () => {
    sm.on(DeleteEndpointCommand).rejects(awsError('ValidationException', `Could not find endpoint "${NAME}".`));
    sm.on(DeleteEndpointConfigCommand).rejects(
      awsError('ValidationException', `Could not find endpoint configuration "${NAME}".`),
    );
    sm.on(DeleteModelCommand)
      .rejectsOnce(awsError('ValidationException', `Could not find model "${NAME}".`))
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(host().close('s7hk2m9q')).resolves.toBeUndefined();
    await expect(host().close('s7hk2m9q')).rejects.toBeInstanceOf(TransientError);
  });
});
