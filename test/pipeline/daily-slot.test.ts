import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/commands';
import { progressMessage, resultMessage } from '../../src/core/messages/submission';
import type { Submission } from '../../src/core/model';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import { utcDay } from '../../src/core/services/context';
import { resultDms, startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const ROW = JSON.stringify({ instruction: 'What is an emergency fund?', response: 'Savings kept for surprises.' });

async function rejection(l: TestLeague, name: string) {
  await l.queue.drain(30_000);
  const [dm] = resultDms(l.chat.conversation(`dm:local:demo:${name}`));
  return dm!.message;
}
const used = async (l: TestLeague, name: string) =>
  l.deps.store.quotaUsed('demo', `local:demo:${name}`, utcDay(new Date()));

describe('a daily slot is spent only on a dataset that could be read', () => {
  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '  \n\n\t\n \n'],
    ['a UTF-16 file', Buffer.from(`${ROW}\n${ROW}\n`, 'utf16le').toString('latin1')],
  ])('%s is rejected without counting, and the rejection says so', async (_what, body) => {
    league = await startTestLeague();
    const raw = body.includes('\u0000') ? Buffer.from(body, 'latin1') : Buffer.from(body);
    const blobKey = 'uploads/t-unreadable/data.jsonl';
    await league.deps.blobs.put(blobKey, raw);
    await handleCommand(league.deps, league.member('bob'), parseCommand('submit'), {
      name: 'data.jsonl',
      size: raw.byteLength,
      blobKey,
    });
    const message = await rejection(league, 'bob');
    expect(message.text).toMatch(/could not be read as a dataset/);
    expect(message.text).toMatch(/This attempt does not count against your daily quota\./);
    expect(message.text).not.toMatch(/line 0/);
    expect(await used(league, 'bob')).toBe(0);
  });

  it('a readable but invalid file counts, and its rejection says that too; whole-file problems are "the file"', async () => {
    league = await startTestLeague();
    await league.submit('carol', Array(15).fill(ROW).join('\n'));
    const message = await rejection(league, 'carol');
    expect(message.text).toMatch(/This attempt counts against today's quota\./);
    const body = JSON.stringify(message.blocks);
    expect(body).toMatch(/• the file: The file has 15 examples; this round needs at least 20/);
    expect(body).not.toMatch(/line 0/);
    expect(body).toMatch(/Fix the file and submit again/);
    expect(body).not.toMatch(/Fix the lines above/);
    expect(await used(league, 'carol')).toBe(1);
  });
});

describe('messages about the file and the judging', () => {
  const base = {
    id: 's1',
    roundId: 'demo',
    userId: 'local:demo:alice',
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    quotaDay: '2026-03-01',
    upload: { name: 'data.jsonl' },
    hyperparameters: { epochs: 2, learning_rate: 0.0001, lora_r: 8, lora_alpha: 32, lora_dropout: 0.05 },
  } as const;

  it('a rejection with line problems says "Fix the lines above"', () => {
    const sub: Submission = {
      ...base,
      stage: 'REJECTED',
      failure: { reason: 'Your dataset has 1 error.', countsAgainstQuota: true },
      validation: {
        valid: false,
        format: 'instruction',
        rows: 30,
        errorCount: 1,
        warningCount: 0,
        errors: [{ line: 4, code: 'INVALID_JSON', message: 'Not valid JSON.', hint: 'Close the object.' }],
        warnings: [],
        reportKey: 'r',
      },
    };
    const text = JSON.stringify(resultMessage(sub, undefined).blocks);
    expect(text).toMatch(/• line 4: Not valid JSON\. → Close the object\./);
    expect(text).toMatch(/Fix the lines above/);
  });

  it('the judging counter sits on the "Being judged" line, the one running', () => {
    const message = progressMessage({ ...base, stage: 'EVALUATING', chunksDone: 2, chunksTotal: 5 });
    const steps = message.blocks.find((b) => b.type === 'text')!;
    expect(steps.type === 'text' && steps.text.split('\n')).toEqual([
      '✓ Received',
      '✓ Validating dataset',
      '✓ Dataset valid',
      '✓ Fine-tuning',
      '✓ Fine-tuned',
      '▸ Being judged (2/5 batches judged)',
      '· Scored',
    ]);
  });
});
