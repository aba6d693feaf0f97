import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeHubContentCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJumpStartResolver } from '../../src/adapters/aws/jumpstart';
import { createSageMakerHost } from '../../src/adapters/aws/sagemaker-host';
import { createSageMakerTrainer } from '../../src/adapters/aws/sagemaker-trainer';
import { parseTrainingEvent } from '../../src/adapters/aws/training-event';
import { parseCommand } from '../../src/core/commands';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import type { LeagueDeps } from '../../src/core/services/context';
import { createWorkerHandler } from '../../src/handlers/worker';
import { resultDms, startTestLeague, type TestLeague } from '../support/league';
import { VirtualClock, VirtualSqs } from '../support/virtual-sqs';
import { awsError, DESCRIBE_HUB_CONTENT, trainingEvent } from './fixtures';
import { CREDENTIALS } from './support';

const MIN = 60_000;
const sagemaker = new SageMakerClient({ region: 'us-west-2', credentials: CREDENTIALS });
const runtime = new SageMakerRuntimeClient({ region: 'us-west-2', credentials: CREDENTIALS });
const sm = mockClient(sagemaker);
const rt = mockClient(runtime);
const DATASET = [
  '{"instruction":"What is an emergency fund?","context":"","response":"Three to six months of expenses kept in cash."}',
  '{"instruction":"What is a budget?","context":"","response":"A plan for spending and saving your income."}',
  '{"instruction":"What is compound interest?","context":"","response":"Interest earned on earlier interest."}',
]
  .concat(
    Array.from(
      { length: 30 },
      (_, i) => `{"instruction":"Question ${i} about saving?","context":"","response":"Answer ${i}: save early."}`,
    ),
  )
  .join('\n');

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});
beforeEach(() => {
  sm.reset();
  rt.reset();
});

/**
 * The worker with the real SageMaker adapters over mocked AWS clients, on a virtual clock and a
 * virtual SQS (visibility 30 s, 5 receives before the dead-letter queue, as deployed).
 */
async function awsLeague(options: { quotaFreeAfterMs: number; endpointUpAfterMs: number; endpointWaitMax?: string }) {
  league = await startTestLeague({ env: { ENDPOINT_WAIT_MAX_MINUTES: options.endpointWaitMax ?? '60' } });
  league.queue.stop();
  const clock = new VirtualClock(Date.now());
  const start = clock.ms;
  const queue = new VirtualSqs(clock, { visibilityTimeoutMs: 30_000, maxReceiveCount: 5 });
  const jumpstart = createJumpStartResolver({}, { client: sagemaker });
  sm.on(DescribeHubContentCommand).resolves(DESCRIBE_HUB_CONTENT);
  sm.on(CreateTrainingJobCommand).callsFake(async (input: { TrainingJobName: string }) => {
    if (clock.ms - start < options.quotaFreeAfterMs) {
      throw awsError(
        'ResourceLimitExceeded',
        'The account-level service limit ml.g5.2xlarge for training job usage is 1 Instances',
      );
    }
    // SageMaker's state change arrives through EventBridge ten minutes later.
    const event = parseTrainingEvent(trainingEvent.completed(input.TrainingJobName));
    if (event.kind === 'job') await queue.send([event.job], { delaySeconds: 600 });
    return { TrainingJobArn: `arn:aws:sagemaker:us-west-2:123456789012:training-job/${input.TrainingJobName}` };
  });
  let createdAt: number | undefined;
  sm.on(DescribeEndpointCommand).callsFake(async ({ EndpointName }: { EndpointName: string }) => {
    if (createdAt === undefined) throw awsError('ValidationException', `Could not find endpoint "${EndpointName}".`);
    const up = clock.ms - createdAt >= options.endpointUpAfterMs;
    return { EndpointName, EndpointStatus: up ? 'InService' : 'Creating' };
  });
  sm.on(CreateModelCommand).resolves({ ModelArn: 'arn:model' });
  sm.on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: 'arn:config' });
  sm.on(CreateEndpointCommand).callsFake(async () => {
    createdAt ??= clock.ms;
    return { EndpointArn: 'arn:endpoint' };
  });
  sm.on(DeleteEndpointCommand).resolves({});
  sm.on(DeleteEndpointConfigCommand).resolves({});
  sm.on(DeleteModelCommand).resolves({});
  rt.on(InvokeEndpointCommand).resolves({
    Body: new TextEncoder().encode(JSON.stringify([{ generated_text: 'Keep three to six months of expenses.' }])),
  } as never);

  const l = league;
  const deps: LeagueDeps = {
    ...l.deps,
    clock,
    queue,
    trainer: createSageMakerTrainer(
      { roleArn: 'arn:aws:iam::123456789012:role/sm', bucket: 'league-blobs', maxRuntimeSeconds: 10800 },
      { client: sagemaker, jumpstart, blobs: l.deps.blobs },
    ),
    host: createSageMakerHost(
      { roleArn: 'arn:aws:iam::123456789012:role/sm' },
      { client: sagemaker, runtime, jumpstart },
    ),
  };
  const worker = createWorkerHandler(deps);
  const submit = async () => {
    await l.deps.blobs.put('uploads/wait/d.jsonl', DATASET);
    const reply = await handleCommand(deps, l.member('wes'), parseCommand('submit'), {
      name: 'd.jsonl',
      size: DATASET.length,
      blobKey: 'uploads/wait/d.jsonl',
    });
    return /\b([a-z0-9]{8,})\b/.exec(reply.message.text)?.[1];
  };
  return { deps, clock, start, queue, worker, submit, league: l };
}

describe('long waits on AWS do not spend the failure budget', () => {
  it('training that waits 2 hours for quota and an endpoint that takes 20 minutes both end SCORED', async () => {
    const t = await awsLeague({ quotaFreeAfterMs: 120 * MIN, endpointUpAfterMs: 20 * MIN });
    await t.submit();
    await t.queue.run(t.worker);

    const [sub] = await t.deps.store.listSubmissionsByUser('local:demo:wes');
    expect(sub!.stage).toBe('SCORED');
    expect(t.queue.deadLetters).toEqual([]);
    // It really waited: the job was asked for again and again, each time as a fresh message.
    expect(sm.commandCalls(CreateTrainingJobCommand).length).toBeGreaterThan(5);
    expect(sm.commandCalls(DescribeEndpointCommand).length).toBeGreaterThan(5);
    expect(t.clock.ms - t.start).toBeGreaterThanOrEqual(120 * MIN + 10 * MIN + 20 * MIN);
    const dms = resultDms(t.league.chat.all().filter((e) => e.conversation === 'dm:local:demo:wes'));
    expect(dms.map((d) => d.message.text).join('\n')).not.toMatch(/fail|problem/i);
  });

  it('an endpoint that never comes up fails the submission after the bound, with a clear DM', async () => {
    const t = await awsLeague({ quotaFreeAfterMs: 0, endpointUpAfterMs: Number.POSITIVE_INFINITY });
    await t.submit();
    await t.queue.run(t.worker);

    const [sub] = await t.deps.store.listSubmissionsByUser('local:demo:wes');
    expect(sub!.stage).toBe('EVAL_FAILED');
    expect(sub!.failure).toMatchObject({ countsAgainstQuota: false });
    expect(sub!.failure!.reason).toMatch(/waited 60 minutes for the evaluation endpoint of your model to come up/);
    expect(t.queue.deadLetters).toEqual([]);
    const dms = resultDms(t.league.chat.all().filter((e) => e.conversation === 'dm:local:demo:wes'));
    expect(dms).toHaveLength(1);
    expect(dms[0]!.message.text).toMatch(/evaluation endpoint/);
    // The endpoint it created is torn down.
    expect(sm.commandCalls(DeleteEndpointCommand).length).toBeGreaterThan(0);
  });
});
