import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingBilling } from '../../src/core/model';
import { resultDms, startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

/**
 * The offline trainer bills nothing; these tests give it the billing report a trainer that rents
 * instances makes (the SageMaker trainer's, from DescribeTrainingJob), to follow it to the result.
 */
function billTraining(l: TestLeague, report: (jobName: string) => Promise<TrainingBilling | undefined>): string[] {
  const asked: string[] = [];
  l.deps.trainer.billing = (jobName) => {
    asked.push(jobName);
    return report(jobName);
  };
  return asked;
}

const scoredSubmission = async (l: TestLeague) => {
  const [sub] = await l.deps.store.listSubmissionsByUser('local:demo:alice', 'demo');
  expect(sub?.stage).toBe('SCORED');
  return sub!;
};

describe('training time in the cost', () => {
  it('adds the billed instance time at the configured hourly price, and the result DM shows it', async () => {
    league = await startTestLeague({ env: { TRAINING_INSTANCE_PRICES: 'ml.g5.2xlarge=2' } });
    const asked = billTraining(league, async () => ({
      instanceType: 'ml.g5.2xlarge',
      instanceCount: 1,
      billableSeconds: 1800,
    }));
    await league.submit('alice', 'strong.jsonl');
    await league.queue.drain(60_000);
    const sub = await scoredSubmission(league);
    expect(asked).toEqual([sub.trainingJobName]);
    expect(sub.trainingBilling).toEqual({ instanceType: 'ml.g5.2xlarge', instanceCount: 1, billableSeconds: 1800 });
    // The offline models cost nothing: the whole cost is half an hour at $2.
    expect(sub.score!.training).toEqual({ instanceType: 'ml.g5.2xlarge', seconds: 1800, usd: 1 });
    expect(sub.score!.costUsd).toBeCloseTo(1, 9);
    const [result] = resultDms(league.chat.conversation('dm:local:demo:alice'));
    const cost = result!.message.blocks
      .flatMap((b) => (b.type === 'fields' ? b.fields : []))
      .find((f) => f.label === 'Cost');
    expect(cost?.value).toMatch(/^\$1\.00 · [\d,]+ tokens · training 30 min on ml\.g5\.2xlarge \$1\.00$/);
  });

  it('scores the submission without training time when the platform does not answer, and logs why', async () => {
    league = await startTestLeague();
    billTraining(league, async () => {
      throw new Error('AccessDeniedException: not authorized to perform sagemaker:DescribeTrainingJob');
    });
    await league.submit('alice', 'strong.jsonl');
    await league.queue.drain(60_000);
    const sub = await scoredSubmission(league);
    expect(sub.score!.training).toBeUndefined();
    expect(league.logs.some((l) => l.includes('training time not read'))).toBe(true);
  });
});
