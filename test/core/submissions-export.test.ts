import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '../../src/core/model';
import { SUBMISSIONS_CSV_COLUMNS } from '../../src/core/services/submissions-export';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague;

const base = (id: string, userId: string, createdAt: string): Submission => ({
  id,
  roundId: 'demo',
  userId,
  stage: 'RECEIVED',
  createdAt,
  updatedAt: createdAt,
  quotaDay: createdAt.slice(0, 10),
  upload: { name: 'data.jsonl' },
  hyperparameters: DEFAULT_HYPERPARAMETERS,
});

beforeAll(async () => {
  league = await startTestLeague();
  const { store } = league.deps;
  await store.createSubmission({
    ...base('sbbb', 'local:demo:bob', '2026-02-01T09:00:00.000Z'),
    stage: 'SCORED',
    updatedAt: '2026-02-01T09:20:00.000Z',
    score: {
      winRate: 0.625,
      ciLow: 0.5,
      ciHigh: 0.75,
      strictWins: 17,
      questions: 40,
      total: 40,
      split: 'all',
      ranked: true,
      errors: 0,
      consistency: 0.9,
      lcWinRate: 0.61234,
      lengthGapFlag: false,
      tokens: 48_210,
      costUsd: 0.7897121,
      training: { instanceType: 'ml.g5.2xlarge', seconds: 1800, usd: 0.755 },
    },
  });
  await store.createSubmission({
    ...base('saaa', 'local:demo:alice', '2026-02-01T08:00:00.000Z'),
    stage: 'REJECTED',
    updatedAt: '2026-02-01T08:01:00.000Z',
    failure: { reason: '=HYPERLINK("x"), line 4: not JSON', countsAgainstQuota: true },
  });
  await store.createSubmission({
    ...base('sccc', 'local:demo:carol', '2026-02-01T10:00:00.000Z'),
    stage: 'EVALUATING',
    updatedAt: '2026-02-01T10:05:00.000Z',
  });
  // Another round's submission stays out of this round's export.
  await store.createSubmission({
    ...base('sother', 'local:demo:dave', '2026-02-01T11:00:00.000Z'),
    roundId: 'another-round',
  });
});
afterAll(() => league.close());

describe('export', () => {
  it('hands organizers every submission of the round as CSV: stage, scores, tokens, cost and times', async () => {
    const reply = await league.run(organizerActor(), 'export demo');
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.message.text).toBe(
      'Personal Finance Sprint: 3 submissions with stages, scores and costs, attached as CSV.',
    );
    expect(reply.file).toMatchObject({ name: 'league-demo-submissions.csv', mime: 'text/csv' });
    expect(reply.file!.content.split('\r\n')).toEqual([
      SUBMISSIONS_CSV_COLUMNS.join(','),
      'demo,local:demo:alice,saaa,REJECTED,,,,,,,,,,2026-02-01T08:00:00.000Z,2026-02-01T08:01:00.000Z,"\'=HYPERLINK(""x""), line 4: not JSON"',
      'demo,local:demo:bob,sbbb,SCORED,0.6250,0.5000,0.7500,17,40,0.6123,48210,1800,0.789712,2026-02-01T09:00:00.000Z,2026-02-01T09:20:00.000Z,',
      'demo,local:demo:carol,sccc,EVALUATING,,,,,,,,,,2026-02-01T10:00:00.000Z,,',
      '',
    ]);
    expect(SUBMISSIONS_CSV_COLUMNS).toEqual([
      'round',
      'member',
      'submission',
      'stage',
      'win_rate',
      'ci_low',
      'ci_high',
      'strict_wins',
      'questions',
      'lc_win_rate',
      'tokens',
      'training_seconds',
      'cost_usd',
      'submitted_at',
      'finished_at',
      'failure',
    ]);
  });

  it('is audited and refused to members', async () => {
    expect((await league.deps.store.listAudit()).find((a) => a.action === 'round.export')).toMatchObject({
      target: 'demo',
      detail: { submissions: 3 },
    });
    const member = await league.run(league.member('bob'), 'export demo');
    expect(member.message.text).toMatch(/Only organizers/);
    expect(member.file).toBeUndefined();
  });
});
