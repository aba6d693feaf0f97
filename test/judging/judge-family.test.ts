import { describe, expect, it } from 'vitest';
import { jumpstartModelFamily, LLAMA_3_2_3B } from '../../src/adapters/aws/model-family';
import { loadConfig } from '../../src/core/config';
import { assertJudgeFamilies } from '../../src/core/judging';
import { awsModels } from '../../src/handlers/worker-deps';

// The worker's composition as deployed: the same loader and model wiring `workerDeps` runs at a cold start.
const ports = { blobs: {} as never, queue: {} as never };
const workerStart = (env: Record<string, string>) => () =>
  awsModels(loadConfig({ LEAGUE_MODE: 'aws', QUEUE_URL: 'https://sqs.example/q', BUCKET_NAME: 'b', ...env }), ports);
const sagemaker = { TRAINER: 'sagemaker', SAGEMAKER_ROLE_ARN: 'arn:aws:iam::123456789012:role/league-training' };
const META_JUDGE = 'us.meta.llama3-2-90b-instruct-v1:0';

describe('judge family', () => {
  it('reads the family of the fine-tuned JumpStart model', () => {
    expect(jumpstartModelFamily(LLAMA_3_2_3B)).toBe('meta');
    expect(jumpstartModelFamily('huggingface-llm-mistral-7b-instruct')).toBe('huggingface');
  });

  it('refuses a judge of the fine-tuned model’s family at start, naming the judge and both fixes', () => {
    expect(workerStart({ ...sagemaker, JUDGE_MODELS: `mistral.mistral-large-2407-v1:0,${META_JUDGE}` })).toThrow(
      /us\.meta\.llama3-2-90b-instruct-v1:0 is of the meta family.*JUDGE_MODELS.*ALLOW_SAME_FAMILY_JUDGE=1/,
    );
    // JUMPSTART_MODEL_ID decides the family, not the default.
    expect(
      workerStart({ ...sagemaker, JUDGE_MODELS: 'mistral.mistral-large-2407-v1:0', JUMPSTART_MODEL_ID: 'mistral-x' }),
    ).toThrow(/mistral\.mistral-large-2407-v1:0 is of the mistral family/);
  });

  it('accepts it with ALLOW_SAME_FAMILY_JUDGE=1, and a judge of another family without', () => {
    expect(workerStart({ ...sagemaker, JUDGE_MODELS: META_JUDGE, ALLOW_SAME_FAMILY_JUDGE: '1' })).not.toThrow();
    expect(workerStart({ ...sagemaker, JUDGE_MODELS: 'mistral.mistral-large-2407-v1:0' })).not.toThrow();
  });

  it('lets the offline stand-ins through: an offline trainer or judge has no family to favour', () => {
    expect(workerStart({ JUDGE_MODELS: META_JUDGE })).not.toThrow();
    expect(workerStart({ ...sagemaker, JUDGE_MODELS: 'offline-judge' })).not.toThrow();
    expect(() => assertJudgeFamilies(undefined, [{ modelId: 'x', family: 'meta' }], false)).not.toThrow();
  });
});
