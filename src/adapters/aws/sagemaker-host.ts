import {
  type ContainerDefinition,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { z } from 'zod';
import { LeagueError, NotReadyError, TransientError } from '../../core/errors';
import type { Generator, ModelHost, ModelRequest, ModelResponse } from '../../core/ports';
import { ANSWER_END, chatPrompt, instructionPrompt, type PromptFormat } from '../../core/prompt-format';
import { awsErrorName, transientFromAws } from './aws-errors';
import type { JumpStartResolver } from './jumpstart';

export interface SageMakerHostConfig {
  /** Role the endpoint's container runs as (reads the fine-tuned model from the bucket). */
  roleArn: string;
  /** How long to wait before asking again while an endpoint is being created. */
  retryAfterMs?: number;
}

export interface SageMakerHostDeps {
  client: SageMakerClient;
  runtime: SageMakerRuntimeClient;
  jumpstart: JumpStartResolver;
}

const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Model, endpoint config and endpoint share one name per submission, so every step is idempotent. */
export function endpointName(submissionId: string): string {
  const name = `league-${submissionId}`;
  if (!NAME.test(name))
    throw new LeagueError('CONFIG', `Submission id ${submissionId} cannot name a SageMaker endpoint.`);
  return name;
}

/**
 * The prompt of a request in the layout the model was fine-tuned on: the league's template.json
 * for an instruction dataset, the chat template for a chat dataset.
 */
export function promptFor(req: ModelRequest, format: PromptFormat): string {
  if (format === 'chat') {
    return chatPrompt([...(req.system ? [{ role: 'system' as const, content: req.system }] : []), ...req.messages]);
  }
  const question = req.messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n\n');
  return instructionPrompt(req.system ? `${req.system}\n\n${question}` : question);
}

const Generated = z.object({
  generated_text: z.string(),
  details: z.object({ generated_tokens: z.number().int().nonnegative().optional() }).nullish(),
});
const InvokeResponse = z.union([z.array(Generated).min(1), Generated]);

const alreadyExists = (e: unknown) =>
  awsErrorName(e) === 'ValidationException' && /already exist/i.test((e as Error).message ?? '');
const notFound = (e: unknown) =>
  awsErrorName(e) === 'ValidationException' && /could not find|does not exist/i.test((e as Error).message ?? '');
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * A short-lived SageMaker endpoint per submission, serving its fine-tuned model for the evaluation.
 * `open` creates what is missing and, until the endpoint is InService, says it is not ready
 * (NotReadyError: the job comes back later); `close` deletes the endpoint, its config and the model.
 */
export function createSageMakerHost(config: SageMakerHostConfig, deps: SageMakerHostDeps): ModelHost {
  if (!config.roleArn) throw new LeagueError('CONFIG', 'The SageMaker model host needs the execution role ARN.');
  const retryAfterMs = config.retryAfterMs ?? 60_000;
  const wait = (name: string, state: string) =>
    new NotReadyError(`Endpoint ${name} is ${state}`, 'endpoint', retryAfterMs);

  async function sm<T>(
    what: string,
    fn: () => Promise<T>,
    tolerate: (e: unknown) => boolean = () => false,
  ): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (tolerate(e)) return undefined;
      throw transientFromAws(e, `SageMaker ${what}`) ?? e;
    }
  }

  async function create(submissionId: string, name: string, modelUri: string): Promise<void> {
    const spec = await deps.jumpstart.resolve();
    const container: ContainerDefinition = modelUri.endsWith('.tar.gz')
      ? { Image: spec.hosting.image, ModelDataUrl: modelUri, Environment: spec.hosting.environment }
      : {
          Image: spec.hosting.image,
          ModelDataSource: {
            S3DataSource: {
              S3Uri: modelUri.endsWith('/') ? modelUri : `${modelUri}/`,
              S3DataType: 'S3Prefix',
              CompressionType: 'None',
            },
          },
          Environment: spec.hosting.environment,
        };
    const Tags = [{ Key: 'league:submission', Value: submissionId }];
    await sm(
      'CreateModel',
      () =>
        deps.client.send(
          new CreateModelCommand({
            ModelName: name,
            ExecutionRoleArn: config.roleArn,
            PrimaryContainer: container,
            EnableNetworkIsolation: true,
            Tags,
          }),
        ),
      alreadyExists,
    );
    await sm(
      'CreateEndpointConfig',
      () =>
        deps.client.send(
          new CreateEndpointConfigCommand({
            EndpointConfigName: name,
            ProductionVariants: [
              {
                VariantName: 'AllTraffic',
                ModelName: name,
                InitialInstanceCount: 1,
                InstanceType: spec.hosting.instanceType as never,
                ContainerStartupHealthCheckTimeoutInSeconds: spec.hosting.startupTimeoutSeconds ?? 600,
                ModelDataDownloadTimeoutInSeconds: spec.hosting.downloadTimeoutSeconds ?? 1200,
              },
            ],
            Tags,
          }),
        ),
      alreadyExists,
    );
    await sm(
      'CreateEndpoint',
      () => deps.client.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name, Tags })),
      alreadyExists,
    );
  }

  function generator(submissionId: string, name: string, format: PromptFormat): Generator {
    return {
      modelId: `sagemaker:${name}`,
      async generate(req): Promise<ModelResponse> {
        const prompt = promptFor(req, format);
        const sampling = req.temperature > 0 ? { temperature: req.temperature, do_sample: true } : { do_sample: false };
        const payload = { inputs: prompt, parameters: { max_new_tokens: req.maxTokens, ...sampling, details: true } };
        let body: Uint8Array | undefined;
        try {
          const r = await deps.runtime.send(
            new InvokeEndpointCommand({
              EndpointName: name,
              ContentType: 'application/json',
              Accept: 'application/json',
              Body: new TextEncoder().encode(JSON.stringify(payload)),
            }),
          );
          body = r.Body;
        } catch (e) {
          const original = (e as { OriginalStatusCode?: number }).OriginalStatusCode ?? 0;
          if (awsErrorName(e) === 'ModelError' && (original >= 500 || original === 429)) {
            throw new TransientError(`The model of ${submissionId} failed (${original})`, { cause: e });
          }
          throw transientFromAws(e, `SageMaker endpoint ${name}`) ?? e;
        }
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder().decode(body));
        } catch {
          json = undefined;
        }
        const parsed = InvokeResponse.safeParse(json);
        if (!parsed.success) throw new TransientError(`Endpoint ${name} sent an unreadable answer`);
        const first = Array.isArray(parsed.data) ? parsed.data[0]! : parsed.data;
        // A base model tends to carry on with a made-up next turn or instruction: keep the answer only.
        const text = first.generated_text.split(ANSWER_END)[0]!.trim();
        return {
          text,
          // Endpoints bill by instance time; tokens are reported for the record (estimated when the container gives no count).
          inputTokens: estimateTokens(prompt),
          outputTokens: first.details?.generated_tokens ?? estimateTokens(first.generated_text),
        };
      },
    };
  }

  return {
    provisioned: true,
    async open(submissionId, modelUri, format = 'instruction') {
      if (!modelUri.startsWith('s3://'))
        throw new LeagueError('INVALID_INPUT', `The SageMaker host cannot serve ${modelUri}.`);
      const name = endpointName(submissionId);
      const described = await sm(
        'DescribeEndpoint',
        () => deps.client.send(new DescribeEndpointCommand({ EndpointName: name })),
        notFound,
      );
      const status = described?.EndpointStatus;
      if (status === 'InService') return generator(submissionId, name, format);
      if (!described) {
        await create(submissionId, name, modelUri);
        throw wait(name, 'being created');
      }
      if (status === 'Failed') {
        // Often capacity: delete the endpoint so the next delivery creates it afresh.
        await sm('DeleteEndpoint', () => deps.client.send(new DeleteEndpointCommand({ EndpointName: name })), notFound);
        throw new TransientError(`Endpoint ${name} failed: ${described.FailureReason ?? 'no reason given'}`, {
          retryAfterMs,
        });
      }
      throw wait(name, status ?? 'not ready');
    },
    async close(submissionId) {
      const name = endpointName(submissionId);
      await sm('DeleteEndpoint', () => deps.client.send(new DeleteEndpointCommand({ EndpointName: name })), notFound);
      await sm(
        'DeleteEndpointConfig',
        () => deps.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name })),
        notFound,
      );
      await sm('DeleteModel', () => deps.client.send(new DeleteModelCommand({ ModelName: name })), notFound);
    },
  };
}
