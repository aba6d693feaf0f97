import { BedrockClient, GetFoundationModelAvailabilityCommand } from '@aws-sdk/client-bedrock';
import { DescribeHubContentCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LEAGUE_PARAMETERS, preflightCli } from '../../src/adapters/aws/preflight-cli';
import { awsError, DESCRIBE_HUB_CONTENT } from './fixtures';
import { CREDENTIALS } from './support';

const region = 'us-west-2';
const clients = {
  sagemaker: new SageMakerClient({ region, credentials: CREDENTIALS }),
  bedrock: new BedrockClient({ region, credentials: CREDENTIALS }),
  quotas: new ServiceQuotasClient({ region, credentials: CREDENTIALS }),
  ssm: new SSMClient({ region, credentials: CREDENTIALS }),
};
const sm = mockClient(clients.sagemaker);
const br = mockClient(clients.bedrock);
const sq = mockClient(clients.quotas);
const ssm = mockClient(clients.ssm);

/** GetFoundationModelAvailability's answer (botocore bedrock model: GetFoundationModelAvailabilityResponse). */
const availability = (modelId: string, over: Record<string, unknown> = {}) => ({
  modelId,
  agreementAvailability: { status: 'AVAILABLE' as const },
  authorizationStatus: 'AUTHORIZED' as const,
  entitlementAvailability: 'AVAILABLE' as const,
  regionAvailability: 'AVAILABLE' as const,
  ...over,
});
/** ListServiceQuotas pages (botocore service-quotas model: ServiceQuota). */
const quota = (QuotaName: string, QuotaCode: string, Value: number) => ({
  ServiceCode: 'sagemaker',
  ServiceName: 'Amazon SageMaker',
  QuotaCode,
  QuotaName,
  Value,
  Unit: 'None',
  Adjustable: true,
  GlobalQuota: false,
});

beforeEach(() => {
  for (const m of [sm, br, sq, ssm]) m.reset();
  sm.on(DescribeHubContentCommand).resolves(DESCRIBE_HUB_CONTENT);
  br.on(GetFoundationModelAvailabilityCommand).callsFake(async ({ modelId }: { modelId: string }) =>
    availability(modelId),
  );
  sq.on(ListServiceQuotasCommand)
    .resolvesOnce({
      Quotas: [quota('ml.g5.2xlarge for training job usage', 'L-9EEB9B8B', 2)],
      NextToken: 'p2',
    })
    .resolves({ Quotas: [quota('ml.g5.xlarge for endpoint usage', 'L-1928E07B', 2)] });
  ssm.on(GetParametersCommand).callsFake(async ({ Names }: { Names: string[] }) => ({
    Parameters: Names.map((Name) => ({ Name, Type: 'String', Value: 'x' })),
    InvalidParameters: [],
  }));
});

async function run(...argv: string[]) {
  let out = '';
  const code = await preflightCli(argv, {
    clients: () => clients,
    out: (t) => {
      out += t;
    },
    concurrency: { training: 2, endpoint: 2 },
  });
  return { code, out };
}

describe('npm run aws:preflight', () => {
  it('passes when everything is in place, without invoking any model', async () => {
    const { code, out } = await run('--region', region);
    expect(out).toMatch(/All 13 checks passed\./);
    expect(out).toMatch(/ok {6}Judge family: no judge of the fine-tuned model's family \(meta\)/);
    expect(code).toBe(0);
    // The inference profile's foundation model is what Bedrock reports on.
    expect(br.commandCalls(GetFoundationModelAvailabilityCommand).map((c) => c.args[0].input.modelId)).toEqual([
      'meta.llama3-2-90b-instruct-v1:0',
      'mistral.mistral-large-2407-v1:0',
      // The generator of `/league generate`.
      'meta.llama3-3-70b-instruct-v1:0',
    ]);
    expect(ssm.commandCalls(GetParametersCommand).flatMap((c) => c.args[0].input.Names)).toEqual([
      ...LEAGUE_PARAMETERS.always,
      ...LEAGUE_PARAMETERS.slack,
      ...LEAGUE_PARAMETERS.discord,
    ]);
  });

  it('names each missing thing with its fix, and exits non-zero', async () => {
    br.on(GetFoundationModelAvailabilityCommand, { modelId: 'mistral.mistral-large-2407-v1:0' }).resolves(
      availability('mistral.mistral-large-2407-v1:0', {
        agreementAvailability: { status: 'NOT_AVAILABLE' },
        entitlementAvailability: 'NOT_AVAILABLE',
      }),
    );
    sq.on(ListServiceQuotasCommand).resolves({
      Quotas: [
        quota('ml.g5.2xlarge for training job usage', 'L-9EEB9B8B', 0),
        quota('ml.g5.xlarge for endpoint usage', 'L-1928E07B', 4),
      ],
    });
    ssm.on(GetParametersCommand).resolves({ Parameters: [], InvalidParameters: ['/league/slack/bot-token'] });

    const { code, out } = await run('--region', region, '--no-discord');
    expect(code).toBe(1);
    expect(out).toMatch(/MISSING Bedrock judge mistral\.mistral-large-2407-v1:0: no access yet/);
    expect(out).toMatch(/Marketplace subscription made on the model's first invocation/);
    expect(out).toMatch(/aws-marketplace:Subscribe/);
    expect(out).toMatch(
      /aws bedrock-runtime converse --region us-west-2 --model-id mistral\.mistral-large-2407-v1:0 --messages/,
    );
    expect(out).toMatch(/MISSING SageMaker quota "ml\.g5\.2xlarge for training job usage": 0, and the league runs 2/);
    expect(out).toMatch(
      /aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-9EEB9B8B --desired-value 2 --region us-west-2/,
    );
    expect(out).toMatch(/ok {6}SageMaker quota "ml\.g5\.xlarge for endpoint usage"/);
    expect(out).toMatch(/MISSING SSM parameter \/league\/slack\/bot-token: missing/);
    expect(out).toMatch(/aws ssm put-parameter --type String --name \/league\/slack\/bot-token/);
    expect(out).not.toMatch(/discord/);
    expect(out).toMatch(/3 of 10 checks failed\./);
  });

  it('reports a judge of the fine-tuned model’s family before the worker refuses it, unless accepted', async () => {
    const judge = '--judge-models=us.meta.llama3-1-70b-instruct-v1:0';
    // Two runs: both quotas on one page each time.
    sq.on(ListServiceQuotasCommand).resolves({
      Quotas: [
        quota('ml.g5.2xlarge for training job usage', 'L-9EEB9B8B', 2),
        quota('ml.g5.xlarge for endpoint usage', 'L-1928E07B', 2),
      ],
    });
    const refused = await run('--region', region, judge);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      /MISSING Judge family: us\.meta\.llama3-1-70b-instruct-v1:0 is of the meta family, like the fine-tuned model: the worker would refuse to start/,
    );
    expect(refused.out).toMatch(/--param="allowSameFamilyJudge=1"/);
    const accepted = await run('--region', region, judge, '--allow-same-family-judge');
    expect(accepted.out).toMatch(
      /ok {6}Judge family: us\.meta\.llama3-1-70b-instruct-v1:0 of the meta family, accepted/,
    );
    expect(accepted.code).toBe(0);
  });

  it('reports a hub document it cannot use, and a model the region does not offer', async () => {
    sm.on(DescribeHubContentCommand).rejects(awsError('ResourceNotFound', 'Hub content not found'));
    br.on(GetFoundationModelAvailabilityCommand, { modelId: 'meta.llama3-2-90b-instruct-v1:0' }).resolves(
      availability('meta.llama3-2-90b-instruct-v1:0', { regionAvailability: 'NOT_AVAILABLE' }),
    );
    const { code, out } = await run('--region', 'eu-west-1', '--training-instance-type', 'ml.g5.2xlarge');
    expect(code).toBe(1);
    expect(out).toMatch(/MISSING JumpStart model meta-textgeneration-llama-3-2-3b: ResourceNotFound/);
    expect(out).toMatch(/describe-hub-content --hub-name SageMakerPublicHub/);
    expect(out).toMatch(/MISSING Bedrock reference us\.meta\.llama3-2-90b-instruct-v1:0: .* not offered in eu-west-1/);
  });

  it('refuses an instance type the model does not list, and bad usage', async () => {
    const unsupported = await run('--region', region, '--training-instance-type', 'ml.g5.48xlarge');
    expect(unsupported.code).toBe(1);
    expect(unsupported.out).toMatch(/does not support ml\.g5\.48xlarge for training/);
    const usage = await run('--training-concurrency', '2');
    expect(usage.code).toBe(2);
    expect(usage.out).toMatch(/--region is required/);
  });
});
