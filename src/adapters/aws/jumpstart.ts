import { DescribeHubContentCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { LeagueError } from '../../core/errors';
import { awsCall } from './aws-errors';
import { type HubDocument, HubDocumentSchema, hostingComponent, type Variants } from './hub-document';
import { LLAMA_3_2_3B } from './model-family';

/**
 * What a training job and an endpoint need from a JumpStart model, read from its hub document for
 * the instance types the league runs on.
 */
export interface JumpStartSpec {
  modelId: string;
  version: string;
  trainingInstanceType: string;
  /** Training container for the instance type (its variant wins over the model's default). */
  trainingImage: string;
  /** sourcedir.tar.gz of the fine-tuning script, given to the job as the `code` channel. */
  trainingScriptUri: string;
  /** The base weights for the instance type (a key prefix or one archive), given as the `model` channel. */
  modelUri: string;
  /** True when the weights sit in a gated bucket: the job must accept the model's EULA. */
  gated: boolean;
  /** Every documented hyperparameter with its default for the instance type, as CreateTrainingJob's strings. */
  hyperparameters: Record<string, string>;
  /** Environment of the training container for the instance type. */
  trainingEnvironment: Record<string, string>;
  supportedTrainingInstanceTypes: string[];
  trainingVolumeSizeGb?: number;
  disableOutputCompression: boolean;
  hosting: {
    /** The inference configuration used (`tgi`, `lmi`, …), when the document has several. */
    config?: string;
    instanceType: string;
    image: string;
    environment: Record<string, string>;
    supportedInstanceTypes: string[];
    eulaUri?: string;
    startupTimeoutSeconds?: number;
    downloadTimeoutSeconds?: number;
  };
}

/**
 * The variant of an instance type: the family's (`g5`) overlaid with the exact type's
 * (`ml.g5.12xlarge`), so a per-type environment or hyperparameter overrides the family's.
 */
function variantFor<P extends object>(variants: Variants<P> | undefined, instanceType: string): Partial<P> {
  const all = variants?.Variants ?? {};
  const family = instanceType.split('.')[1] ?? '';
  return { ...(all[family]?.Properties ?? {}), ...(all[instanceType]?.Properties ?? {}) } as Partial<P>;
}

/** An image URI, or `$alias` naming one in the variants' Aliases. */
function imageOf(variants: Variants<object> | undefined, uri: string | undefined): string | undefined {
  if (uri?.startsWith('$')) return variants?.Aliases?.[uri.slice(1)];
  return uri;
}

const str = (v: string | number | boolean) => String(v);

function supported(what: string, type: string, list: string[], ids: { modelId: string }): void {
  if (list.length && !list.includes(type)) {
    throw new LeagueError(
      'CONFIG',
      `${ids.modelId} does not support ${type} for ${what}; choose one of ${list.join(', ')}.`,
    );
  }
}

function parseJson(document: string, ids: { modelId: string; version: string }): HubDocument {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    throw new LeagueError('CONFIG', `The hub document of ${ids.modelId} is not JSON.`);
  }
  const parsed = HubDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ');
    throw new LeagueError('CONFIG', `The hub document of ${ids.modelId} ${ids.version} cannot be used: ${problems}`);
  }
  return parsed.data;
}

/**
 * Reads the HubContentDocument of a JumpStart model (DescribeHubContent's JSON string, PascalCase)
 * into a JumpStartSpec for the instance types the league runs on. Fails with a CONFIG error naming
 * what is missing or unsupported, before any job is started.
 */
export function parseHubModelDocument(
  document: string,
  ids: { modelId: string; version: string },
  choice: { training?: string; hosting?: string; inferenceConfig?: string } = {},
): JumpStartSpec {
  const d = parseJson(document, ids);
  const trainingType = choice.training ?? d.DefaultTrainingInstanceType;
  supported('training', trainingType, d.SupportedTrainingInstanceTypes, ids);
  const tv = variantFor(d.TrainingInstanceTypeVariants, trainingType);
  const trainingImage = imageOf(d.TrainingInstanceTypeVariants, tv.ImageUri) ?? d.TrainingEcrUri;
  if (!trainingImage) throw new LeagueError('CONFIG', `${ids.modelId} names no training image for ${trainingType}.`);
  const hyperparameters = Object.fromEntries(d.Hyperparameters.map((h) => [h.Name, str(h.Default)]));
  for (const h of tv.Hyperparameters ?? []) hyperparameters[h.name] = str(h.default);

  const { name, component } = hostingComponent(d, choice.inferenceConfig, ids.modelId);
  const hostingType = choice.hosting ?? component.DefaultInferenceInstanceType;
  if (!hostingType) throw new LeagueError('CONFIG', `${ids.modelId} names no default inference instance type.`);
  const supportedHosting = component.SupportedInferenceInstanceTypes ?? [];
  supported('hosting', hostingType, supportedHosting, ids);
  const hv = variantFor(component.HostingInstanceTypeVariants, hostingType);
  const hostingImage = imageOf(component.HostingInstanceTypeVariants, hv.ImageUri) ?? component.HostingEcrUri;
  if (!hostingImage) throw new LeagueError('CONFIG', `${ids.modelId} names no hosting image for ${hostingType}.`);
  const environment: Record<string, string> = {};
  for (const v of component.InferenceEnvironmentVariables ?? []) environment[v.Name] = str(v.Default);
  Object.assign(environment, hv.EnvironmentVariables ?? {});

  return {
    modelId: ids.modelId,
    version: ids.version,
    trainingInstanceType: trainingType,
    trainingImage,
    trainingScriptUri: d.TrainingScriptUri,
    modelUri: tv.GatedModelEnvVarUri ?? tv.TrainingArtifactUri ?? d.TrainingArtifactUri,
    gated: d.GatedBucket ?? false,
    hyperparameters,
    trainingEnvironment: { ...(tv.EnvironmentVariables ?? {}) },
    supportedTrainingInstanceTypes: d.SupportedTrainingInstanceTypes,
    trainingVolumeSizeGb: d.TrainingVolumeSize,
    disableOutputCompression: d.DisableOutputCompression ?? false,
    hosting: {
      ...(name ? { config: name } : {}),
      instanceType: hostingType,
      image: hostingImage,
      environment,
      supportedInstanceTypes: supportedHosting,
      eulaUri: component.HostingEulaUri,
      startupTimeoutSeconds: component.ContainerStartupHealthCheckTimeout,
      downloadTimeoutSeconds: component.ModelDataDownloadTimeout,
    },
  };
}

const PUBLIC_HUB = 'SageMakerPublicHub';

export interface JumpStartConfig {
  /** JumpStart model id; `meta-textgeneration-llama-3-2-3b` by default. */
  modelId?: string;
  /** Pins a hub content version (e.g. `1.2.0`); the latest when absent. */
  version?: string;
  hubName?: string;
  trainingInstanceType?: string;
  hostingInstanceType?: string;
  /** An inference configuration of the document (`tgi`, `lmi`); its top-ranked one when absent. */
  inferenceConfig?: string;
}

export interface JumpStartResolver {
  /** The model's spec, described once per process (a failed lookup is retried on the next call). */
  resolve(): Promise<JumpStartSpec>;
}

/** Resolves a JumpStart model through DescribeHubContent on the public hub. */
export function createJumpStartResolver(config: JumpStartConfig, deps: { client: SageMakerClient }): JumpStartResolver {
  const modelId = config.modelId ?? LLAMA_3_2_3B;
  let pending: Promise<JumpStartSpec> | undefined;
  const describe = async (): Promise<JumpStartSpec> => {
    const r = await awsCall('SageMaker DescribeHubContent', () =>
      deps.client.send(
        new DescribeHubContentCommand({
          HubName: config.hubName ?? PUBLIC_HUB,
          HubContentType: 'Model',
          HubContentName: modelId,
          ...(config.version ? { HubContentVersion: config.version } : {}),
        }),
      ),
    );
    if (!r.HubContentDocument) throw new LeagueError('CONFIG', `The hub returned no document for ${modelId}.`);
    if (r.HubContentStatus && r.HubContentStatus !== 'Available') {
      throw new LeagueError('CONFIG', `${modelId} is ${r.HubContentStatus} on the hub, not Available.`);
    }
    return parseHubModelDocument(
      r.HubContentDocument,
      { modelId, version: r.HubContentVersion ?? config.version ?? 'latest' },
      {
        training: config.trainingInstanceType,
        hosting: config.hostingInstanceType,
        inferenceConfig: config.inferenceConfig,
      },
    );
  };
  return {
    resolve() {
      pending ??= describe().catch((e: unknown) => {
        pending = undefined;
        throw e;
      });
      return pending;
    },
  };
}
