import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { rankedLeaderboard } from '../../src/core/services/leaderboard';
import { createWorkerHandler } from '../../src/handlers/worker';
import { resultDms, startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const dmsOf = (l: TestLeague, name: string) => l.chat.conversation(`dm:local:demo:${name}`);
const stageChanges = async (l: TestLeague, id: string) =>
  (await l.deps.store.listAudit())
    .filter((a) => a.target === id && a.action.startsWith('submission.'))
    .map((a) => a.action)
    .sort();

async function snapshot(l: TestLeague, ids: string[]) {
  const subs = await Promise.all(
    ids.map(async (id) => {
      const { updatedAt: _u, ...sub } = (await l.deps.store.getSubmission(id))!;
      return { sub, judgments: await l.deps.store.listJudgments(id) };
    }),
  );
  return {
    subs,
    leaderboard: await rankedLeaderboard(l.deps, 'demo'),
    audit: (await l.deps.store.listAudit()).length,
    chat: l.chat.all().map((e) => ({ id: e.id, conversation: e.conversation, text: e.message.text })),
  };
}

describe('a whole round through the real worker handler', () => {
  it('validates, trains, judges and scores three datasets, ranking them best > medium > poor', async () => {
    league = await startTestLeague();
    for (const [name, file] of [
      ['alice', 'strong.jsonl'],
      ['bob', 'medium.jsonl'],
      ['carol', 'poor.jsonl'],
    ] as const) {
      const reply = await league.submit(name, file);
      expect(reply.visibility).toBe('ephemeral');
      expect(reply.message.text).toMatch(/Received .* as submission s\w+ — validating/);
    }
    await league.queue.drain(60_000);
    const ranked = await rankedLeaderboard(league.deps, 'demo');
    expect(ranked.map((r) => r.userId)).toEqual(['local:demo:alice', 'local:demo:bob', 'local:demo:carol']);
    expect(ranked[0]!.winRate).toBeGreaterThan(ranked[1]!.winRate);
    expect(ranked[1]!.winRate).toBeGreaterThan(ranked[2]!.winRate);
    for (const name of ['alice', 'bob', 'carol']) {
      const dms = dmsOf(league, name);
      // One progress message edited in place, and one result DM.
      expect(dms).toHaveLength(2);
      expect(dms[0]!.editedAt).toBeDefined();
      expect(dms[0]!.message.text).toMatch(/Scored/);
      expect(dms[1]!.message.text).toMatch(/scored \d+\.\d% \(95% CI/);
      // The judge's reasons speak of answers A and B: the DM says which was the member's. The poor
      // dataset may tie the reference on every public question, and a tie is no highlight.
      if (name === 'carol') continue;
      const highlights = dms[1]!.message.blocks
        .filter((b) => b.type === 'text' && /^\*Clearest/.test(b.text))
        .map((b) => (b as { text: string }).text)
        .join('\n');
      expect(highlights).toMatch(/judge, with yours as [AB]: /);
    }
    expect(league.queue.deadLetters).toHaveLength(0);
    const channel = league.chat.conversation('local:league').map((e) => e.message.text);
    expect(channel.some((t) => /New round/.test(t))).toBe(true);
    expect(channel.some((t) => /leaderboard: #1/.test(t))).toBe(true);
  });

  it('rejects a broken dataset with the line to fix, in one DM, and counts it against the quota', async () => {
    league = await startTestLeague();
    const good = '{"instruction":"What is a budget?","response":"A plan for income and spending."}';
    const rows = Array.from({ length: 25 }, () => good);
    rows[3] = '{"instruction": "missing the end"';
    await league.submit('dave', rows.join('\n'));
    await league.queue.drain(20_000);
    const [sub] = await league.deps.store.listSubmissionsByUser('local:demo:dave');
    expect(sub!.stage).toBe('REJECTED');
    expect(sub!.validation!.errors[0]!.line).toBe(4);
    const dms = dmsOf(league, 'dave');
    expect(resultDms(dms)).toHaveLength(1);
    expect(resultDms(dms)[0]!.message.text).toMatch(/rejected/);
    expect(JSON.stringify(dms.at(-1)!.message)).toMatch(/line 4/);
    expect(await league.deps.store.quotaUsed('demo', 'local:demo:dave', sub!.quotaDay)).toBe(1);
  });

  it('changes nothing when every job is delivered twice, at once or later: one transition per stage, one DM per outcome', async () => {
    league = await startTestLeague({ queue: { duplicateRate: 1 } });
    await league.submit('alice', 'strong.jsonl');
    await league.submit('bob', 'poor.jsonl');
    await league.submit('erin', '{"instruction":"x"}\n');
    await league.queue.drain(60_000);
    expect(league.queue.stats.duplicates).toBeGreaterThan(0);
    const subs = [
      ...(await league.deps.store.listSubmissionsByUser('local:demo:alice')),
      ...(await league.deps.store.listSubmissionsByUser('local:demo:bob')),
      ...(await league.deps.store.listSubmissionsByUser('local:demo:erin')),
    ];
    expect(subs.map((s) => s.stage).sort()).toEqual(['REJECTED', 'SCORED', 'SCORED']);
    for (const s of subs) {
      const changes = await stageChanges(league, s.id);
      expect(new Set(changes).size).toBe(changes.length);
    }
    for (const name of ['alice', 'bob', 'erin']) {
      expect(resultDms(dmsOf(league, name))).toHaveLength(1);
    }

    // Now deliver every job type again, one by one, after the fact.
    const before = await snapshot(
      league,
      subs.map((s) => s.id),
    );
    const worker = createWorkerHandler(league.deps);
    const types = new Set(league.sent.map((j) => j.type));
    expect([...types].sort()).toEqual([
      'evaluate',
      'ingest',
      'judge',
      'notify',
      'post-leaderboard',
      'score',
      'train',
      'training-finished',
    ]);
    for (const [i, job] of [...league.sent].entries()) {
      const event: SQSEvent = {
        Records: [
          {
            messageId: `replay-${i}`,
            receiptHandle: 'r',
            body: JSON.stringify(job),
            attributes: {
              ApproximateReceiveCount: '2',
              SentTimestamp: '0',
              SenderId: 'x',
              ApproximateFirstReceiveTimestamp: '0',
            },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn',
            awsRegion: 'local',
          },
        ],
      };
      const response = await worker(event);
      expect(response.batchItemFailures).toEqual([]);
    }
    await league.queue.drain(10_000);
    expect(
      await snapshot(
        league,
        subs.map((s) => s.id),
      ),
    ).toEqual(before);
  });

  it('refuses a submission past the daily quota, and refunds a cancel before training', async () => {
    league = await startTestLeague();
    await league.run(league.member('organizer'), 'help');
    const round = (await league.deps.store.getRound('demo'))!;
    await league.deps.store.updateRound('demo', { quotaPerDay: 1 });
    const first = await league.submit('fay', 'poor.jsonl');
    const id = /submission (s\w+)/.exec(first.message.text)![1]!;
    const second = await league.submit('fay', 'poor.jsonl');
    expect(second.message.text).toMatch(/used all 1 submissions for today/);
    const cancel = await league.run(league.member('fay'), `cancel ${id}`);
    expect(cancel.message.text).toMatch(/cancelled and does not count/);
    await league.queue.drain(20_000);
    expect((await league.deps.store.getSubmission(id))!.stage).toBe('CANCELLED');
    expect(await league.deps.store.quotaUsed('demo', 'local:demo:fay', round.createdAt.slice(0, 10))).toBe(0);
    expect(resultDms(dmsOf(league, 'fay')).map((d) => d.message.text)).toEqual([
      expect.stringMatching(/was cancelled/),
    ]);
  });
});
