import { z } from 'zod';
import { LeagueError } from '../../core/errors';

/**
 * The fields of a JumpStart HubContentDocument (DescribeHubContent, PascalCase) that the league
 * reads; the rest is ignored. Field names follow the SageMaker Python SDK's model of the document.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const Hyperparameter = z.object({ Name: z.string().min(1), Type: z.string().optional(), Default: scalar });
/** Per-instance-type hyperparameters are written in lower case in the document. */
const VariantHyperparameter = z.object({ name: z.string().min(1), default: scalar });
const EnvVar = z.object({ Name: z.string().min(1), Default: scalar });
const stringRecord = z.record(z.string(), z.string());

export interface Variants<P> {
  Aliases?: Record<string, string>;
  Variants?: Record<string, { Properties?: P }>;
}
const variants = <P extends z.ZodTypeAny>(properties: P) =>
  z.object({
    Aliases: stringRecord.optional(),
    Variants: z.record(z.string(), z.object({ Properties: properties.optional() })).optional(),
  });

const TrainingVariantProperties = z.object({
  ImageUri: z.string().optional(),
  GatedModelEnvVarUri: z.string().startsWith('s3://').optional(),
  TrainingArtifactUri: z.string().startsWith('s3://').optional(),
  EnvironmentVariables: stringRecord.optional(),
  Hyperparameters: z.array(VariantHyperparameter).optional(),
});
const HostingVariantProperties = z.object({
  ImageUri: z.string().optional(),
  EnvironmentVariables: stringRecord.optional(),
});

const HostingComponent = z.object({
  HostingEcrUri: z.string().optional(),
  HostingInstanceTypeVariants: variants(HostingVariantProperties).optional(),
  InferenceEnvironmentVariables: z.array(EnvVar).optional(),
  DefaultInferenceInstanceType: z.string().startsWith('ml.').optional(),
  SupportedInferenceInstanceTypes: z.array(z.string()).optional(),
  HostingEulaUri: z.string().optional(),
  ContainerStartupHealthCheckTimeout: z.number().int().positive().optional(),
  ModelDataDownloadTimeout: z.number().int().positive().optional(),
});
export type HostingComponent = z.infer<typeof HostingComponent>;

export const HubDocumentSchema = HostingComponent.extend({
  TrainingSupported: z.literal(true, { message: 'the model does not support training' }),
  TrainingEcrUri: z.string().optional(),
  TrainingInstanceTypeVariants: variants(TrainingVariantProperties).optional(),
  TrainingScriptUri: z.string().startsWith('s3://'),
  TrainingArtifactUri: z.string().startsWith('s3://'),
  GatedBucket: z.boolean().optional(),
  Hyperparameters: z.array(Hyperparameter).default([]),
  DefaultTrainingInstanceType: z.string().startsWith('ml.'),
  SupportedTrainingInstanceTypes: z.array(z.string()).default([]),
  TrainingVolumeSize: z.number().int().positive().optional(),
  DisableOutputCompression: z.boolean().optional(),
  InferenceConfigs: z.record(z.string(), z.object({ ComponentNames: z.array(z.string()).min(1) })).optional(),
  InferenceConfigComponents: z.record(z.string(), HostingComponent).optional(),
  InferenceConfigRankings: z.record(z.string(), z.object({ Rankings: z.array(z.string()).optional() })).optional(),
});
export type HubDocument = z.infer<typeof HubDocumentSchema>;

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The hosting fields of the inference configuration in use: the document's top level overlaid with
 * the components of the named configuration (or the top-ranked one). A gated model may name its
 * hosting images only there.
 */
export function hostingComponent(
  d: HubDocument,
  wanted: string | undefined,
  modelId: string,
): { name?: string; component: HostingComponent } {
  const configs = d.InferenceConfigs ?? {};
  const components = d.InferenceConfigComponents ?? {};
  const names = Object.keys(configs).length ? Object.keys(configs) : Object.keys(components);
  const name = wanted ?? d.InferenceConfigRankings?.overall?.Rankings?.find((n) => names.includes(n)) ?? names[0];
  const top: HostingComponent = HostingComponent.parse(d);
  if (!name) return { component: top };
  if (!names.includes(name)) {
    throw new LeagueError(
      'CONFIG',
      `${modelId} has no inference configuration "${name}"; it has ${names.join(', ') || 'none'}.`,
    );
  }
  const merged: HostingComponent = { ...top };
  for (const c of configs[name]?.ComponentNames ?? [name]) Object.assign(merged, defined(components[c] ?? {}));
  return { name, component: merged };
}
