import type { AuditEntry, Judgment, LeaderboardEntry, Round, Submission } from '../../src/core/model';

/** Plain records for Store tests; every field a real one has, overridable per test. */
export function round(id: string, overrides: Partial<Round> = {}): Round {
  return {
    id,
    name: `Round ${id}`,
    domain: 'Personal finance',
    status: 'open',
    channel: 'C1',
    deadline: '2026-12-31T23:59:59.000Z',
    quotaPerDay: 3,
    minRows: 20,
    maxRows: 5000,
    maxBytes: 10_000_000,
    bounds: {
      epochs: [1, 5],
      learning_rate: [1e-5, 1e-3],
      lora_r: [4, 64],
      lora_alpha: [8, 128],
      lora_dropout: [0, 0.3],
    },
    referenceModel: 'us.meta.llama3-2-90b-instruct-v1:0',
    judgeModels: ['mistral.mistral-large-2407-v1:0'],
    questionCount: 0,
    createdBy: 'slack:T1:UORG',
    createdAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

export function submission(id: string, overrides: Partial<Submission> = {}): Submission {
  return {
    id,
    roundId: 'r1',
    userId: 'slack:T1:U1',
    stage: 'RECEIVED',
    createdAt: '2026-11-02T10:00:00.000Z',
    updatedAt: '2026-11-02T10:00:00.000Z',
    quotaDay: '2026-11-02',
    upload: { name: 'data.jsonl', size: 1234, url: 'https://files.slack.com/files-pri/T1-F1/data.jsonl' },
    hyperparameters: { epochs: 3, learning_rate: 0.0002, lora_r: 16, lora_alpha: 32, lora_dropout: 0.1 },
    ...overrides,
  };
}

export function judgment(submissionId: string, questionId: string, overrides: Partial<Judgment> = {}): Judgment {
  return {
    submissionId,
    questionId,
    judge: 'mistral.mistral-large-2407-v1:0',
    order: 'candidate-first',
    score: 1,
    verdict: 'A>B',
    rationale: 'More specific.',
    candidateAnswer: 'Candidate answer.',
    referenceAnswer: 'Reference answer.',
    inputTokens: 300,
    outputTokens: 40,
    ...overrides,
  };
}

export function entry(roundId: string, userId: string, overrides: Partial<LeaderboardEntry> = {}): LeaderboardEntry {
  return {
    roundId,
    userId,
    submissionId: `s-${userId}`,
    winRate: 0.5,
    ciLow: 0.4,
    ciHigh: 0.6,
    submittedAt: '2026-11-02T10:00:00.000Z',
    ...overrides,
  };
}

export function audit(at: string, action: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { at, actor: 'system', action, target: 's1', ...overrides };
}
