import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_INDEXES, tableDefinition } from '../../src/adapters/aws/dynamo-table';
import { chartAssetsUnder, createPngChartRenderer } from '../../src/adapters/chart/png';
import { leaderboardChartSvg } from '../../src/core/charts/leaderboard-chart';
import { trainingJobName } from '../../src/core/services/context';
import { projectRoot } from '../../src/local/paths';
import {
  alarmsOn,
  allowStatements,
  bucketPolicies,
  functionRoles,
  list,
  logicalId,
  type Resource,
  resourcesOf,
  type Template,
} from './template-support';

/**
 * Actions whose only valid Resource is "*" (IAM has no resource type for them), with why they are
 * needed, and the condition key that narrows them where one exists.
 */
const RESOURCE_STAR_ONLY: Record<string, { why: string; condition?: string }> = {
  'ecr:GetAuthorizationToken': { why: 'SageMaker pulls the training and inference images with a registry login token' },
  'cloudwatch:PutMetricData': {
    why: 'training jobs and endpoints publish their metrics',
    condition: 'cloudwatch:namespace',
  },
};

/** The functions' runtime, and when Lambda deprecates each Node.js runtime. */
const RUNTIME = 'nodejs24.x';
const RUNTIME_DEPRECATION: Record<string, string> = {
  'nodejs20.x': '2026-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs24.x': '2028-04-30',
};

/** Deep Learning Containers registry accounts of some regions, where they differ and where they do not. */
const DLC_ACCOUNTS: Record<string, string> = {
  'us-west-2': '763104351884',
  'us-east-1': '763104351884',
  'eu-west-1': '763104351884',
  'af-south-1': '626614931356',
  'ap-east-1': '871362719292',
  'ap-northeast-3': '364406365360',
  'eu-south-1': '692866216735',
  'il-central-1': '780543022126',
  'me-south-1': '217643126080',
  'cn-north-1': '727897471807',
};

let template: Template;
let resources: Record<string, Resource>;
/** The functions that post results, unpacked as Lambda would see them. */
const CHART_FUNCTIONS = ['slackEvents', 'discordInteractions', 'worker'] as const;
const unpacked = mkdtempSync(join(tmpdir(), 'league-unpacked-'));
afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'league-package-'));
  try {
    const root = projectRoot();
    await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules/osls/bin/serverless.js'), 'package', '--package', out],
      {
        cwd: root,
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
      },
    ).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`serverless package failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    });
    template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
    resources = template.Resources;
    for (const fn of CHART_FUNCTIONS) {
      await promisify(execFile)('python3', ['-m', 'zipfile', '-e', join(out, `${fn}.zip`), join(unpacked, fn)]);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 300_000);

describe('serverless package: functions', () => {
  it('routes Slack, Discord and the leaderboard page to their handlers', () => {
    const handlerOf = (integration: string) =>
      resources[logicalId(resources[integration]!.Properties.IntegrationUri)!]!.Properties.Handler;
    const routes = Object.fromEntries(
      resourcesOf(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => {
        const integration = (r.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })[
          'Fn::Join'
        ][1][1].Ref;
        return [r.Properties.RouteKey, handlerOf(integration)];
      }),
    );
    expect(routes).toEqual({
      'POST /slack/events': 'src/handlers/slack-events.handler',
      'POST /discord/interactions': 'src/handlers/discord-interactions.handler',
      'GET /leaderboard/{round}': 'src/handlers/web.handler',
    });
  });

  it('names, for every function, a module and export that exist', async () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [, fn] of functions) {
      const handler = fn.Properties.Handler as string;
      const [file, name] = [handler.slice(0, handler.lastIndexOf('.')), handler.slice(handler.lastIndexOf('.') + 1)];
      const path = join(projectRoot(), `${file}.ts`);
      expect(existsSync(path), handler).toBe(true);
      const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      expect(typeof mod[name], handler).toBe('function');
      expect(fn.Properties.Runtime).toBe(RUNTIME);
    }
  });

  it('runs on a Lambda runtime that is not deprecated within the year', () => {
    // Deprecation dates from AWS Lambda's runtime table (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
    const deprecated = RUNTIME_DEPRECATION[RUNTIME];
    expect(deprecated, RUNTIME).toBeDefined();
    expect(new Date(deprecated!).getTime() - Date.now()).toBeGreaterThan(365 * 24 * 3600 * 1000);
  });

  it('keeps secrets out of the template: credentials are SSM references resolved at deploy time', () => {
    for (const [id, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
      for (const [name, value] of Object.entries(
        (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
      )) {
        if (!/SECRET|TOKEN|KEY|ORGANIZERS/.test(name)) continue;
        expect(value, `${id} ${name}`).toMatch(/^(|\{\{resolve:ssm:\/league\/[\w/-]+\}\})$/);
      }
    }
  });

  it('sends only the training jobs the league names to the training events function', () => {
    const [[, rule]] = resourcesOf(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern);
    const pattern = rule!.Properties.EventPattern;
    expect(pattern.source).toEqual(['aws.sagemaker']);
    expect(pattern['detail-type']).toEqual(['SageMaker Training Job State Change']);
    expect([...pattern.detail.TrainingJobStatus].sort()).toEqual(['Completed', 'Failed', 'Stopped']);
    const [{ prefix }] = pattern.detail.TrainingJobName as [{ prefix: string }];
    expect(trainingJobName('s7hk2m9q').startsWith(prefix)).toBe(true);
    expect(resources[logicalId(rule!.Properties.Targets[0].Arn)!]!.Properties.Handler).toBe(
      'src/handlers/training-events.handler',
    );
  });
});

describe('serverless package: queues', () => {
  const queues = () => resourcesOf(template, 'AWS::SQS::Queue').map(([id]) => id);
  const mappings = () => resourcesOf(template, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
  const consumed = () => new Set(mappings().map((m) => logicalId(m.EventSourceArn)!));
  /** Queues that receive what others could not handle: redrive targets and failed async invocations. */
  const deadLetterQueues = () =>
    new Set([
      ...resourcesOf(template, 'AWS::SQS::Queue').flatMap(([, q]) =>
        q.Properties.RedrivePolicy ? [logicalId(q.Properties.RedrivePolicy.deadLetterTargetArn)!] : [],
      ),
      ...resourcesOf(template, 'AWS::Lambda::EventInvokeConfig').flatMap(([, c]) => {
        const target = c.Properties.DestinationConfig?.OnFailure?.Destination;
        return target && resources[logicalId(target)!]?.Type === 'AWS::SQS::Queue' ? [logicalId(target)!] : [];
      }),
    ]);

  it('gives every queue a function consumes a dead-letter queue in the stack', () => {
    expect(consumed().has('JobQueue')).toBe(true);
    for (const id of consumed()) {
      const redrive = resources[id]!.Properties.RedrivePolicy;
      expect(redrive, id).toBeDefined();
      expect(resources[logicalId(redrive.deadLetterTargetArn)!]?.Type, id).toBe('AWS::SQS::Queue');
      expect(redrive.maxReceiveCount, id).toBeGreaterThanOrEqual(1);
    }
  });

  it('has no orphan queue: each one is consumed or is a dead-letter queue', () => {
    const known = new Set([...consumed(), ...deadLetterQueues()]);
    expect(queues().filter((q) => !known.has(q))).toEqual([]);
  });

  it('alarms on every dead-letter queue as soon as one message is waiting', () => {
    const dlqs = [...deadLetterQueues()];
    expect(dlqs.length).toBeGreaterThanOrEqual(2);
    for (const q of dlqs) {
      const alarms = alarmsOn(template, q).filter(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          list(a.AlarmActions).length > 0 &&
          ((a.ComparisonOperator === 'GreaterThanOrEqualToThreshold' && a.Threshold <= 1) ||
            (a.ComparisonOperator === 'GreaterThanThreshold' && a.Threshold < 1)),
      );
      expect(alarms, q).not.toHaveLength(0);
    }
  });

  it('keeps dead letters at least as long as their source queue keeps messages', () => {
    const retention = (id: string) => resources[id]!.Properties.MessageRetentionPeriod ?? 345_600;
    for (const id of queues()) {
      const redrive = resources[id]!.Properties.RedrivePolicy;
      if (redrive) expect(retention(logicalId(redrive.deadLetterTargetArn)!), id).toBeGreaterThanOrEqual(retention(id));
    }
  });

  it('reports batch item failures from every SQS event source, whose visibility timeout outlasts the function', () => {
    expect(mappings().length).toBeGreaterThanOrEqual(1);
    for (const m of mappings()) {
      const queue = logicalId(m.EventSourceArn)!;
      expect(m.FunctionResponseTypes, queue).toEqual(['ReportBatchItemFailures']);
      const fn = resources[logicalId(m.FunctionName)!]!;
      // AWS's guidance for an SQS event source: a visibility timeout of at least six times the function's timeout.
      expect(resources[queue]!.Properties.VisibilityTimeout ?? 30, queue).toBeGreaterThanOrEqual(
        6 * fn.Properties.Timeout,
      );
    }
    // A job's lease in the worker lasts as long as the queue hides the job.
    const worker = resources.WorkerLambdaFunction!.Properties.Environment.Variables;
    const lease = Number(worker.QUEUE_VISIBILITY_TIMEOUT_MS);
    expect(lease).toBe(resources.JobQueue!.Properties.VisibilityTimeout * 1000);
  });

  it('encrypts every queue at rest', () => {
    for (const id of queues()) {
      const p = resources[id]!.Properties;
      expect(p.SqsManagedSseEnabled === true || Boolean(p.KmsMasterKeyId), id).toBe(true);
    }
  });
});

describe('serverless package: IAM', () => {
  it('gives each function a role of its own', () => {
    const roles = functionRoles(template);
    expect(new Set(Object.values(roles)).size).toBe(Object.keys(roles).length);
  });

  it("has no orphan role: the framework's default role is gone, and every role is a function's or SageMaker's", () => {
    expect(resources.IamRoleLambdaExecution).toBeUndefined();
    const used = new Set([...Object.values(functionRoles(template)), 'SageMakerExecutionRole']);
    expect(
      resourcesOf(template, 'AWS::IAM::Role')
        .map(([id]) => id)
        .filter((id) => !used.has(id)),
    ).toEqual([]);
  });

  it('gives the dead-letter and sweeper functions no SageMaker control: the worker releases training jobs and endpoints', () => {
    const roles = functionRoles(template);
    for (const fn of ['DeadLettersLambdaFunction', 'SweeperLambdaFunction']) {
      const actions = allowStatements(template)
        .filter(({ role }) => role === roles[fn])
        .flatMap(({ statement }) => list(statement.Action));
      expect(actions.length, fn).toBeGreaterThan(0);
      expect(
        actions.filter((a) => a.startsWith('sagemaker:') || a === 'iam:PassRole'),
        fn,
      ).toEqual([]);
    }
  });

  it('lets the worker read a finished training job of the league (its billed time, for the cost)', () => {
    const worker = functionRoles(template).WorkerLambdaFunction;
    const describe = allowStatements(template).filter(
      ({ role, statement }) => role === worker && list(statement.Action).includes('sagemaker:DescribeTrainingJob'),
    );
    expect(describe).toHaveLength(1);
    expect(JSON.stringify(describe[0]!.statement.Resource)).toContain('training-job/league-*');
    // Its prices and the judge-family switch are deploy parameters, with the schema's defaults.
    const env = resources.WorkerLambdaFunction!.Properties.Environment.Variables;
    expect(env).toMatchObject({ TRAINING_INSTANCE_PRICES: '', ALLOW_SAME_FAMILY_JUDGE: '0' });
  });

  it('lets SageMaker pull the Deep Learning Containers from the registry account of the deploy region', () => {
    const ecr = allowStatements(template).filter(
      ({ role, statement }) =>
        role === 'SageMakerExecutionRole' && list(statement.Action).includes('ecr:BatchGetImage'),
    );
    expect(ecr).toHaveLength(1);
    const [pattern, vars] = ecr[0]!.statement.Resource[0]['Fn::Sub'] as [string, { Account: unknown }];
    expect(pattern).toBe('arn:${AWS::Partition}:ecr:${AWS::Region}:${Account}:repository/*');
    expect(vars.Account).toEqual({ 'Fn::FindInMap': ['DlcRegistry', { Ref: 'AWS::Region' }, 'Account'] });
    const registry = (template as unknown as { Mappings: Record<string, Record<string, { Account: string }>> }).Mappings
      .DlcRegistry!;
    // The registries the SageMaker Python SDK builds image URIs with (tests/unit/sagemaker/image_uris).
    for (const [region, account] of Object.entries(DLC_ACCOUNTS))
      expect(registry[region]?.Account, region).toBe(account);
  });

  it('never allows every action of a service, nor NotAction/NotResource', () => {
    for (const { where, statement } of allowStatements(template)) {
      for (const action of list(statement.Action)) expect(action, where).not.toMatch(/^\*$|:\*$/);
      expect(statement.NotAction, where).toBeUndefined();
      expect(statement.NotResource, where).toBeUndefined();
    }
  });

  it('uses Resource "*" only for actions that have no resource to name', () => {
    const used = new Set<string>();
    for (const { where, statement } of allowStatements(template)) {
      if (!list(statement.Resource).includes('*')) continue;
      for (const action of list(statement.Action) as string[]) {
        const allowed = RESOURCE_STAR_ONLY[action];
        expect(allowed, `${where}: ${action} on "*"`).toBeDefined();
        if (allowed?.condition)
          expect(JSON.stringify(statement.Condition ?? {}), `${where}: ${action}`).toContain(allowed.condition);
        used.add(action);
      }
    }
    // The allow-list holds nothing the template no longer needs.
    expect([...used].sort()).toEqual(Object.keys(RESOURCE_STAR_ONLY).sort());
  });

  it('lets every role that reads blobs list the bucket too, so a missing key reads as absent (404), not denied (403)', () => {
    const byRole = new Map<string, unknown[]>();
    for (const { role, statement } of allowStatements(template))
      byRole.set(role, [...(byRole.get(role) ?? []), statement]);
    let readers = 0;
    for (const [role, statements] of byRole) {
      const grants = (action: string, resource: (r: string) => boolean) =>
        (statements as { Action: unknown; Resource: unknown }[]).some(
          (s) => list(s.Action).includes(action) && list(s.Resource).some((r) => resource(JSON.stringify(r))),
        );
      if (!grants('s3:GetObject', (r) => r.includes('BlobBucket.Arn}/'))) continue;
      readers++;
      expect(
        grants('s3:ListBucket', (r) => r === '{"Fn::GetAtt":["BlobBucket","Arn"]}'),
        role,
      ).toBe(true);
    }
    expect(readers).toBeGreaterThanOrEqual(2);
  });

  it('lets every function that queries the table query its indexes, except the leaderboard page (base-table reads only)', () => {
    const roles = functionRoles(template);
    for (const [fn, role] of Object.entries(roles)) {
      const queries = allowStatements(template).filter(
        (s) => s.role === role && list(s.statement.Action).includes('dynamodb:Query'),
      );
      if (!queries.length || fn === 'WebLambdaFunction') continue;
      expect(
        queries.some((s) => JSON.stringify(s.statement.Resource).includes('${LeagueTable.Arn}/index/*')),
        fn,
      ).toBe(true);
    }
  });
});

describe('serverless package: storage', () => {
  it('defines the table exactly as the store creates it, with every index the store queries', () => {
    const tables = resourcesOf(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const p = tables[0]![1].Properties;
    const def = tableDefinition('unused');
    const byName = <T extends { AttributeName?: string; IndexName?: string }>(xs: T[]) =>
      [...xs].sort((a, b) => (a.IndexName ?? a.AttributeName!).localeCompare(b.IndexName ?? b.AttributeName!));
    expect(p.BillingMode).toBe(def.BillingMode);
    expect(p.KeySchema).toEqual(def.KeySchema);
    expect(byName(p.AttributeDefinitions)).toEqual(byName(def.AttributeDefinitions));
    expect(byName(p.GlobalSecondaryIndexes)).toEqual(byName(def.GlobalSecondaryIndexes));
    expect(p.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort()).toEqual(
      [...TABLE_INDEXES].sort(),
    );
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('encrypts every bucket, blocks public access, and refuses plain HTTP', () => {
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    expect(buckets.map(([id]) => id)).toContain('BlobBucket');
    for (const [id, b] of buckets) {
      const rules = b.Properties.BucketEncryption?.ServerSideEncryptionConfiguration ?? [];
      expect(
        rules.map(
          (r: { ServerSideEncryptionByDefault: { SSEAlgorithm: string } }) =>
            r.ServerSideEncryptionByDefault.SSEAlgorithm,
        ),
        id,
      ).toEqual([expect.stringMatching(/^(AES256|aws:kms|aws:kms:dsse)$/)]);
      expect(b.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const policies = bucketPolicies(template, id);
      const statements = policies.flatMap((p) => list(p.PolicyDocument.Statement));
      expect(
        statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport')),
        id,
      ).toBe(true);
      for (const s of statements) if (s.Effect === 'Allow') expect(JSON.stringify(s.Principal), id).not.toMatch(/"\*"/);
    }
  });
});

describe("serverless package: the worker's retry delay", () => {
  it("lets the worker, and only the worker, change a job's visibility on the job queue", () => {
    const roles = functionRoles(template);
    const changers = allowStatements(template)
      .filter(({ statement }) => list(statement.Action).includes('sqs:ChangeMessageVisibility'))
      .map(({ role, statement }) => ({ role, resources: JSON.stringify(statement.Resource) }));
    expect(changers.map((c) => c.role)).toEqual([roles.WorkerLambdaFunction]);
    expect(changers[0]!.resources).toContain('JobQueue');
  });
});

describe('serverless package: the results chart', () => {
  it.each(CHART_FUNCTIONS)('%s ships what the chart renderer loads, where it looks for it', async (fn) => {
    const warnings: string[] = [];
    const log = { info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    // The bundle computes the package root as two folders above src/handlers/<name>.mjs: the assets must be there.
    const png = await createPngChartRenderer({ ...chartAssetsUnder(join(unpacked, fn)), log }).png(
      leaderboardChartSvg([{ rank: 1, name: 'alice', winRate: 0.7, ciLow: 0.6, ciHigh: 0.8 }], { title: 'Packaged' }),
    );
    expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(warnings).toEqual([]);
  });
});
