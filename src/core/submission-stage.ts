import { LeagueError } from './errors';

export const STAGES = [
  'RECEIVED',
  'VALIDATING',
  'REJECTED',
  'VALIDATED',
  'TRAINING',
  'TRAINING_FAILED',
  'TRAINED',
  'EVALUATING',
  'EVAL_FAILED',
  'SCORED',
  'CANCELLED',
] as const;
export type Stage = (typeof STAGES)[number];

const FINAL_STAGES: ReadonlySet<Stage> = new Set(['REJECTED', 'TRAINING_FAILED', 'EVAL_FAILED', 'SCORED', 'CANCELLED']);

const NEXT: Record<Stage, readonly Stage[]> = {
  RECEIVED: ['VALIDATING', 'REJECTED'],
  VALIDATING: ['REJECTED', 'VALIDATED'],
  VALIDATED: ['TRAINING', 'TRAINING_FAILED'],
  TRAINING: ['TRAINING_FAILED', 'TRAINED'],
  TRAINED: ['EVALUATING', 'EVAL_FAILED'],
  EVALUATING: ['EVAL_FAILED', 'SCORED'],
  REJECTED: [],
  TRAINING_FAILED: [],
  EVAL_FAILED: [],
  SCORED: [],
  CANCELLED: [],
};

export const isFinal = (stage: Stage): boolean => FINAL_STAGES.has(stage);

export function canTransition(from: Stage, to: Stage): boolean {
  if (to === 'CANCELLED') return !isFinal(from);
  return NEXT[from].includes(to);
}

/** Throws on a transition the stage machine does not allow. */
export function assertTransition(from: Stage, to: Stage): void {
  if (!canTransition(from, to)) {
    throw new LeagueError('ILLEGAL_TRANSITION', `A submission cannot go from ${from} to ${to}.`);
  }
}

/** Stages reached before training started: cancelling there refunds the quota. */
export const BEFORE_TRAINING: ReadonlySet<Stage> = new Set(['RECEIVED', 'VALIDATING', 'VALIDATED']);

/** Human wording for each stage, used in progress messages. */
export const STAGE_LABEL: Record<Stage, string> = {
  RECEIVED: 'Received',
  VALIDATING: 'Validating dataset',
  REJECTED: 'Dataset rejected',
  VALIDATED: 'Dataset valid',
  TRAINING: 'Fine-tuning',
  TRAINING_FAILED: 'Fine-tuning failed',
  TRAINED: 'Fine-tuned',
  EVALUATING: 'Being judged',
  EVAL_FAILED: 'Evaluation failed',
  SCORED: 'Scored',
  CANCELLED: 'Cancelled',
};

/** The failed stage a submission lands in when it cannot go on from `stage`. */
export function failureStageFor(stage: Stage): Stage | undefined {
  if (stage === 'RECEIVED' || stage === 'VALIDATING') return 'REJECTED';
  if (stage === 'VALIDATED' || stage === 'TRAINING') return 'TRAINING_FAILED';
  if (stage === 'TRAINED' || stage === 'EVALUATING') return 'EVAL_FAILED';
  return undefined;
}
