import { DescribeHubContentCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import { LeagueError } from '../../core/errors';
import { awsCall } from './aws-errors';

/** What a training job and an endpoint need from a JumpStart model, read from its hub document. */
export interface JumpStartSpec {
  modelId: string;
  version: string;
  /** Training container for `instanceType` (a per-instance-family variant wins over the default). */
  trainingImage: string;
  /** sourcedir.tar.gz of the fine-tuning script, given to the job as the `code` channel. */
  trainingScriptUri: string;
  /** The base weights (a key prefix or one archive), given to the job as the `model` channel. */
  modelUri: string;
  modelCompression: 'None' | 'Gzip';
  /** True when the weights sit in a gated bucket: the job must accept the model's EULA. */
  gated: boolean;
  /** Every documented hyperparameter with its default, as the strings CreateTrainingJob takes. */
  hyperparameters: Record<string, string>;
  defaultTrainingInstanceType: string;
  supportedTrainingInstanceTypes: string[];
  trainingVolumeSizeGb?: number;
  disableOutputCompression: boolean;
  hosting: {
    image: string;
    environment: Record<string, string>;
    defaultInstanceType: string;
    supportedInstanceTypes: string[];
    eulaUri?: string;
  };
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const Hyperparameter = z.object({
  Name: z.string().min(1),
  Type: z.string().optional(),
  Default: scalar,
  Scope: z.string().optional(),
});
const EnvVar = z.object({ Name: z.string().min(1), Default: scalar, Scope: z.string().optional() });
const Variants = z.object({
  Aliases: z.record(z.string(), z.string()).optional(),
  Variants: z
    .record(
      z.string(),
      z.object({
        properties: z
          .object({
            image_uri: z.string().optional(),
            environment_variables: z.record(z.string(), scalar).optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});

/** The fields of a model's HubContentDocument this league reads (the rest is ignored). */
const HubModelDocumentSchema = z.object({
  TrainingSupported: z.literal(true, { message: 'the model does not support training' }),
  TrainingEcrUri: z.string().optional(),
  TrainingInstanceTypeVariants: Variants.optional(),
  TrainingScriptUri: z.string().startsWith('s3://'),
  TrainingArtifactUri: z.string().startsWith('s3://'),
  TrainingArtifactCompressionType: z.enum(['None', 'Gzip']).optional(),
  GatedBucket: z.boolean().optional(),
  Hyperparameters: z.array(Hyperparameter).default([]),
  DefaultTrainingInstanceType: z.string().startsWith('ml.'),
  SupportedTrainingInstanceTypes: z.array(z.string()).default([]),
  TrainingVolumeSize: z.number().int().positive().optional(),
  DisableOutputCompression: z.boolean().optional(),
  HostingEcrUri: z.string().optional(),
  HostingInstanceTypeVariants: Variants.optional(),
  InferenceEnvironmentVariables: z.array(EnvVar).default([]),
  DefaultInferenceInstanceType: z.string().startsWith('ml.'),
  SupportedInferenceInstanceTypes: z.array(z.string()).default([]),
  HostingEulaUri: z.string().optional(),
});

type VariantsDoc = z.infer<typeof Variants>;

/** The variant of an instance type: exact (`ml.g5.2xlarge`), then its family (`ml.g5`, `g5`). */
function variantFor(variants: VariantsDoc | undefined, instanceType: string) {
  const family = instanceType.split('.').slice(0, 2).join('.');
  const all = variants?.Variants ?? {};
  return all[instanceType] ?? all[family] ?? all[family.replace(/^ml\./, '')];
}

function imageFor(
  variants: VariantsDoc | undefined,
  instanceType: string,
  fallback: string | undefined,
): string | undefined {
  const uri = variantFor(variants, instanceType)?.properties?.image_uri;
  if (uri?.startsWith('$')) return variants?.Aliases?.[uri.slice(1)] ?? fallback;
  return uri ?? fallback;
}

const str = (v: string | number | boolean) => String(v);

/**
 * Reads the HubContentDocument of a JumpStart model (a JSON string) into a JumpStartSpec for the
 * instance types the league runs on. Fails with a CONFIG error naming what is missing.
 */
export function parseHubModelDocument(
  document: string,
  ids: { modelId: string; version: string },
  instanceTypes: { training?: string; hosting?: string } = {},
): JumpStartSpec {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    throw new LeagueError('CONFIG', `The hub document of ${ids.modelId} is not JSON.`);
  }
  const parsed = HubModelDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ');
    throw new LeagueError('CONFIG', `The hub document of ${ids.modelId} ${ids.version} cannot be used: ${problems}`);
  }
  const d = parsed.data;
  const trainingType = instanceTypes.training ?? d.DefaultTrainingInstanceType;
  const hostingType = instanceTypes.hosting ?? d.DefaultInferenceInstanceType;
  const trainingImage = imageFor(d.TrainingInstanceTypeVariants, trainingType, d.TrainingEcrUri);
  const hostingImage = imageFor(d.HostingInstanceTypeVariants, hostingType, d.HostingEcrUri);
  if (!trainingImage) throw new LeagueError('CONFIG', `${ids.modelId} names no training image for ${trainingType}.`);
  if (!hostingImage) throw new LeagueError('CONFIG', `${ids.modelId} names no hosting image for ${hostingType}.`);
  const hostingEnv: Record<string, string> = {};
  for (const v of d.InferenceEnvironmentVariables) hostingEnv[v.Name] = str(v.Default);
  for (const [k, v] of Object.entries(
    variantFor(d.HostingInstanceTypeVariants, hostingType)?.properties?.environment_variables ?? {},
  )) {
    hostingEnv[k] = str(v);
  }
  return {
    modelId: ids.modelId,
    version: ids.version,
    trainingImage,
    trainingScriptUri: d.TrainingScriptUri,
    modelUri: d.TrainingArtifactUri,
    modelCompression:
      d.TrainingArtifactCompressionType ?? (d.TrainingArtifactUri.endsWith('.tar.gz') ? 'Gzip' : 'None'),
    gated: d.GatedBucket ?? false,
    hyperparameters: Object.fromEntries(d.Hyperparameters.map((h) => [h.Name, str(h.Default)])),
    defaultTrainingInstanceType: d.DefaultTrainingInstanceType,
    supportedTrainingInstanceTypes: d.SupportedTrainingInstanceTypes,
    trainingVolumeSizeGb: d.TrainingVolumeSize,
    disableOutputCompression: d.DisableOutputCompression ?? false,
    hosting: {
      image: hostingImage,
      environment: hostingEnv,
      defaultInstanceType: d.DefaultInferenceInstanceType,
      supportedInstanceTypes: d.SupportedInferenceInstanceTypes,
      eulaUri: d.HostingEulaUri,
    },
  };
}

const PUBLIC_HUB = 'SageMakerPublicHub';
const LLAMA_3_2_3B = 'meta-textgeneration-llama-3-2-3b';

export interface JumpStartConfig {
  /** JumpStart model id; `meta-textgeneration-llama-3-2-3b` by default. */
  modelId?: string;
  /** Pins a hub content version (e.g. `1.2.0`); the latest when absent. */
  version?: string;
  hubName?: string;
  trainingInstanceType?: string;
  hostingInstanceType?: string;
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
      { training: config.trainingInstanceType, hosting: config.hostingInstanceType },
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
