import { z } from 'zod';
import type { JobOf } from '../../core/jobs';

/** The part of an EventBridge "SageMaker Training Job State Change" event the league reads. */
const TrainingStateChangeSchema = z.object({
  source: z.literal('aws.sagemaker'),
  'detail-type': z.literal('SageMaker Training Job State Change'),
  detail: z.object({
    TrainingJobName: z.string().min(1),
    TrainingJobStatus: z.enum(['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped']),
    SecondaryStatus: z.string().optional(),
    FailureReason: z.string().optional(),
    ModelArtifacts: z.object({ S3ModelArtifacts: z.string().min(1) }).optional(),
  }),
});

export type TrainingEventResult =
  | { kind: 'job'; job: JobOf<'training-finished'> }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; problems: string };

/**
 * A training job's state change as the `training-finished` job the worker runs: final states only
 * (Completed, Failed, Stopped), with the model's S3 URI or the failure reason SageMaker gave.
 * SageMaker may send an event more than once; the job it becomes is idempotent.
 */
export function parseTrainingEvent(event: unknown): TrainingEventResult {
  const parsed = TrainingStateChangeSchema.safeParse(event);
  if (!parsed.success) {
    return {
      kind: 'invalid',
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; '),
    };
  }
  const d = parsed.data.detail;
  const status = d.TrainingJobStatus;
  if (status !== 'Completed' && status !== 'Failed' && status !== 'Stopped') {
    return { kind: 'ignored', reason: `${d.TrainingJobName} is ${status}` };
  }
  return {
    kind: 'job',
    job: {
      type: 'training-finished',
      jobName: d.TrainingJobName,
      status,
      ...(status === 'Completed' && d.ModelArtifacts ? { modelUri: d.ModelArtifacts.S3ModelArtifacts } : {}),
      ...(status === 'Failed' ? { failureReason: d.FailureReason ?? 'SageMaker gave no reason' } : {}),
    },
  };
}
