import { type BedrockClient, GetFoundationModelAvailabilityCommand } from '@aws-sdk/client-bedrock';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ListServiceQuotasCommand, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { sameFamilyJudges } from '../../core/judging';
import { createJumpStartResolver, type JumpStartConfig } from './jumpstart';
import { bedrockModelFamily, jumpstartModelFamily, LLAMA_3_2_3B } from './model-family';

/** One thing the deployment needs: found, or missing with how to fix it. */
export interface PreflightCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface PreflightOptions {
  region: string;
  jumpstart: JumpStartConfig;
  referenceModel: string;
  judgeModels: string[];
  /** The deployment accepts a judge of the fine-tuned model's family (allowSameFamilyJudge=1). */
  allowSameFamilyJudge?: boolean;
  /** The model `/league generate` drafts with (none checked when absent). */
  generatorModel?: string;
  /** How many training jobs and endpoints the league runs at once: each needs a quota of that many. */
  trainingConcurrency: number;
  endpointConcurrency: number;
  /** SSM parameters the stack resolves at deploy time. */
  parameters: string[];
}

export interface PreflightClients {
  sagemaker: SageMakerClient;
  bedrock: BedrockClient;
  quotas: ServiceQuotasClient;
  ssm: SSMClient;
}

const PROFILE_PREFIX = /^(us|us-gov|eu|apac|ca|jp|au|global)\./;
const reason = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

async function hubDocument(o: PreflightOptions, c: PreflightClients) {
  const modelId = o.jumpstart.modelId ?? LLAMA_3_2_3B;
  try {
    const spec = await createJumpStartResolver(o.jumpstart, { client: c.sagemaker }).resolve();
    return {
      spec,
      check: {
        name: `JumpStart model ${modelId}`,
        ok: true,
        detail: `version ${spec.version}: trains on ${spec.trainingInstanceType}, serves on ${spec.hosting.instanceType}`,
      },
    };
  } catch (e) {
    return {
      check: {
        name: `JumpStart model ${modelId}`,
        ok: false,
        detail: reason(e),
        fix: `Check the model id, version and instance types (JUMPSTART_MODEL_ID, trainingInstanceType, endpointInstanceType) and that JumpStart offers it in ${o.region}: aws sagemaker describe-hub-content --hub-name SageMakerPublicHub --hub-content-type Model --hub-content-name ${modelId} --region ${o.region}`,
      },
    };
  }
}

/** The worker's start-up rule on judge families, checked before deploying rather than at the first job. */
function judgeFamily(o: PreflightOptions): PreflightCheck {
  const family = jumpstartModelFamily(o.jumpstart.modelId ?? LLAMA_3_2_3B);
  const judges = o.judgeModels
    .filter((m) => !m.startsWith('offline-'))
    .map((modelId) => ({ modelId, family: bedrockModelFamily(modelId) }));
  const same = sameFamilyJudges(family, judges).map((j) => j.modelId);
  const name = 'Judge family';
  if (!same.length) return { name, ok: true, detail: `no judge of the fine-tuned model's family (${family})` };
  if (o.allowSameFamilyJudge) return { name, ok: true, detail: `${same.join(', ')} of the ${family} family, accepted` };
  return {
    name,
    ok: false,
    detail: `${same.join(', ')} is of the ${family} family, like the fine-tuned model: the worker would refuse to start`,
    fix: 'Deploy with a judge of another family (--param="judgeModels=…"), or accept the bias with --param="allowSameFamilyJudge=1" and run this check with --allow-same-family-judge.',
  };
}

function firstCall(modelId: string, region: string): string {
  return `aws bedrock-runtime converse --region ${region} --model-id ${modelId} --messages '[{"role":"user","content":[{"text":"Hello"}]}]' --inference-config maxTokens=16`;
}

/** Bedrock access to one model, read without invoking it. */
async function bedrockAccess(role: string, modelId: string, o: PreflightOptions, c: PreflightClients) {
  const name = `Bedrock ${role} ${modelId}`;
  if (modelId.startsWith('offline-')) return { name, ok: true, detail: 'offline stand-in, no Bedrock access needed' };
  const base = modelId.replace(PROFILE_PREFIX, '');
  try {
    const r = await c.bedrock.send(new GetFoundationModelAvailabilityCommand({ modelId: base }));
    if (r.regionAvailability !== 'AVAILABLE') {
      return {
        name,
        ok: false,
        detail: `${base} is not offered in ${o.region}`,
        fix: `Deploy in a region that offers it, or choose another model (--param="referenceModel=…" / --param="judgeModels=…" / --param="generatorModel=…").`,
      };
    }
    if (r.authorizationStatus !== 'AUTHORIZED') {
      return {
        name,
        ok: false,
        detail: 'your credentials are not authorised to use it',
        fix: `Allow bedrock:InvokeModel on ${base} (and its inference profile) for the principal running this check, then run it again.`,
      };
    }
    const agreement = r.agreementAvailability?.status;
    if (agreement === 'PENDING') {
      return {
        name,
        ok: false,
        detail: 'its Marketplace subscription is being processed',
        fix: 'Wait a few minutes (it can take up to 15) and run this check again.',
      };
    }
    if (r.entitlementAvailability !== 'AVAILABLE' || agreement !== 'AVAILABLE') {
      return {
        name,
        ok: false,
        detail: `no access yet (entitlement ${r.entitlementAvailability ?? 'unknown'}, agreement ${agreement ?? 'unknown'}${r.agreementAvailability?.errorMessage ? `: ${r.agreementAvailability.errorMessage}` : ''})`,
        fix: `Access is enabled by an AWS Marketplace subscription made on the model's first invocation. As a principal allowed aws-marketplace:Subscribe, aws-marketplace:Unsubscribe and aws-marketplace:ViewSubscriptions, call it once: ${firstCall(modelId, o.region)}`,
      };
    }
    return { name, ok: true, detail: 'available and subscribed' };
  } catch (e) {
    return {
      name,
      ok: false,
      detail: reason(e),
      fix: `Check that Bedrock is offered in ${o.region} and that your credentials may call bedrock:GetFoundationModelAvailability.`,
    };
  }
}

async function sagemakerQuotas(types: { training: string; hosting: string }, o: PreflightOptions, c: PreflightClients) {
  const wanted = [
    { name: `${types.training} for training job usage`, need: o.trainingConcurrency, what: 'TRAINING_CONCURRENCY' },
    { name: `${types.hosting} for endpoint usage`, need: o.endpointConcurrency, what: 'ENDPOINT_CONCURRENCY' },
  ];
  const found = new Map<string, { code?: string; value?: number }>();
  try {
    let NextToken: string | undefined;
    do {
      const page = await c.quotas.send(new ListServiceQuotasCommand({ ServiceCode: 'sagemaker', NextToken }));
      for (const q of page.Quotas ?? []) if (q.QuotaName) found.set(q.QuotaName, { code: q.QuotaCode, value: q.Value });
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (e) {
    return wanted.map((w) => ({
      name: `SageMaker quota "${w.name}"`,
      ok: false,
      detail: reason(e),
      fix: 'Allow servicequotas:ListServiceQuotas for the principal running this check, then run it again.',
    }));
  }
  return wanted.map((w): PreflightCheck => {
    const q = found.get(w.name);
    const name = `SageMaker quota "${w.name}"`;
    if (!q) {
      return {
        name,
        ok: false,
        detail: `no such quota in ${o.region}`,
        fix: 'Choose an instance type SageMaker offers in this region.',
      };
    }
    const value = q.value ?? 0;
    if (value >= w.need) return { name, ok: true, detail: `${value} (the league runs ${w.need} at once)` };
    return {
      name,
      ok: false,
      detail: `${value}, and the league runs ${w.need} at once (${w.what})`,
      fix: `aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code ${q.code} --desired-value ${w.need} --region ${o.region}`,
    };
  });
}

async function ssmParameters(o: PreflightOptions, c: PreflightClients): Promise<PreflightCheck[]> {
  const missing = new Set<string>();
  try {
    for (let i = 0; i < o.parameters.length; i += 10) {
      const r = await c.ssm.send(new GetParametersCommand({ Names: o.parameters.slice(i, i + 10) }));
      for (const n of r.InvalidParameters ?? []) missing.add(n);
    }
  } catch (e) {
    return [
      {
        name: 'SSM parameters',
        ok: false,
        detail: reason(e),
        fix: 'Allow ssm:GetParameters on /league/* for the principal running this check.',
      },
    ];
  }
  return o.parameters.map((n) =>
    missing.has(n)
      ? {
          name: `SSM parameter ${n}`,
          ok: false,
          detail: 'missing',
          fix: `aws ssm put-parameter --type String --name ${n} --value '…' --region ${o.region} (docs/aws.md, step 2)`,
        }
      : { name: `SSM parameter ${n}`, ok: true, detail: 'set' },
  );
}

/**
 * Everything a deployment needs that the stack cannot create, checked with the operator's
 * credentials and without invoking any model: the JumpStart hub document, judges of another family
 * than the fine-tuned model's, Bedrock access to the reference, every judge and the generator, SageMaker instance quotas, and the SSM parameters.
 */
export async function runPreflight(o: PreflightOptions, c: PreflightClients): Promise<PreflightCheck[]> {
  const hub = await hubDocument(o, c);
  const types = hub.spec
    ? { training: hub.spec.trainingInstanceType, hosting: hub.spec.hosting.instanceType }
    : o.jumpstart.trainingInstanceType && o.jumpstart.hostingInstanceType
      ? { training: o.jumpstart.trainingInstanceType, hosting: o.jumpstart.hostingInstanceType }
      : undefined;
  const bedrock = await Promise.all([
    bedrockAccess('reference', o.referenceModel, o, c),
    ...o.judgeModels.map((m) => bedrockAccess('judge', m, o, c)),
    ...(o.generatorModel ? [bedrockAccess('generator', o.generatorModel, o, c)] : []),
  ]);
  return [
    hub.check,
    judgeFamily(o),
    ...bedrock,
    ...(types ? await sagemakerQuotas(types, o, c) : []),
    ...(await ssmParameters(o, c)),
  ];
}

/** The report as printed: one line per check, the fix under each missing one. */
export function formatPreflight(checks: PreflightCheck[]): string {
  const lines = checks.flatMap((c) => [
    `${c.ok ? 'ok     ' : 'MISSING'} ${c.name}: ${c.detail}`,
    ...(c.fix ? [`        fix: ${c.fix}`] : []),
  ]);
  const missing = checks.filter((c) => !c.ok).length;
  lines.push(missing ? `${missing} of ${checks.length} checks failed.` : `All ${checks.length} checks passed.`);
  return lines.join('\n');
}
