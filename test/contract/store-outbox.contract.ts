import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/core/outbox-entry';
import type { Store } from '../../src/core/ports';

const t0 = new Date('2026-11-02T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const entry = (key: string, overrides: Partial<OutboxEntry> = {}): OutboxEntry => ({
  key,
  target: { kind: 'dm', userId: 'slack:T1:UA' },
  message: { text: `Message ${key}`, blocks: [{ type: 'text', text: `Message ${key}` }] },
  about: `result DM of ${key}`,
  version: 'v1',
  status: 'pending',
  attempts: 0,
  createdAt: t0.toISOString(),
  nextAttemptAt: t0.toISOString(),
  ...overrides,
});

const ref = { platform: 'slack' as const, channel: 'slack:D1', ts: '1700000000.000100' };

/** The outbox aggregate: one entry per key, attempts taken one at a time, outcomes recorded once. */
export function outboxContract(store: () => Store): void {
  describe('outbox', () => {
    it('adds an entry once per key and returns the stored one to a repeat, unchanged', async () => {
      const first = await store().addOutboxEntry(entry('result#s1'));
      expect(first).toEqual({ created: true, entry: entry('result#s1') });
      const again = await store().addOutboxEntry(entry('result#s1', { about: 'other', version: 'v2' }));
      expect(again).toEqual({ created: false, entry: entry('result#s1') });
      expect(await store().getOutboxEntry('result#s1')).toEqual(entry('result#s1'));
      expect(await store().getOutboxEntry('nope')).toBeUndefined();
    });

    it('gives one attempt to one of many concurrent deliverers, and none while its lease runs', async () => {
      await store().addOutboxEntry(entry('k1'));
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store().claimOutboxAttempt('k1', `token-${i}`, t0, 30_000)),
      );
      const won = claims.filter((c) => c !== undefined);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ key: 'k1', attempts: 1, status: 'pending' });
      expect(await store().claimOutboxAttempt('k1', 'late', at(29_000), 30_000)).toBeUndefined();
      // A holder that died: its lease runs out and the next attempt is counted.
      expect(await store().claimOutboxAttempt('k1', 'after', at(31_000), 30_000)).toMatchObject({ attempts: 2 });
    });

    it('records a delivery with its message ref, once, for the holder of the attempt only', async () => {
      await store().addOutboxEntry(entry('k2'));
      await store().claimOutboxAttempt('k2', 'mine', t0, 30_000);
      const sent = { status: 'sent', ref, sentAt: at(1_000).toISOString() } as const;
      expect(await store().settleOutboxAttempt('k2', 'theirs', 'v1', sent)).toBe(false);
      expect(await store().settleOutboxAttempt('k2', 'mine', 'v1', sent)).toBe(true);
      expect(await store().getOutboxEntry('k2')).toMatchObject({ status: 'sent', ref, attempts: 1 });
      // Sent is final: no further attempt, and a repeat of the key returns the ref.
      expect(await store().claimOutboxAttempt('k2', 'again', at(60_000), 30_000)).toBeUndefined();
      expect((await store().addOutboxEntry(entry('k2'))).entry.ref).toEqual(ref);
      expect(await store().listDueOutbox(at(3600_000), 10)).toEqual([]);
    });

    it('lists pending entries due by a time, soonest first, and not those due later', async () => {
      await store().addOutboxEntry(entry('late', { nextAttemptAt: at(60_000).toISOString() }));
      await store().addOutboxEntry(entry('soon', { nextAttemptAt: at(1_000).toISOString() }));
      await store().addOutboxEntry(entry('now'));
      expect((await store().listDueOutbox(at(5_000), 10)).map((e) => e.key)).toEqual(['now', 'soon']);
      expect((await store().listDueOutbox(at(5_000), 1)).map((e) => e.key)).toEqual(['now']);
      // A failed attempt moves the entry to its next due time.
      await store().claimOutboxAttempt('now', 'tok', t0, 30_000);
      const retry = {
        status: 'pending',
        nextAttemptAt: at(10_000).toISOString(),
        lastError: 'Slack unreachable',
      } as const;
      expect(await store().settleOutboxAttempt('now', 'tok', 'v1', retry)).toBe(true);
      expect((await store().listDueOutbox(at(5_000), 10)).map((e) => e.key)).toEqual(['soon']);
      expect((await store().listDueOutbox(at(20_000), 10)).map((e) => e.key)).toEqual(['soon', 'now']);
      expect(await store().getOutboxEntry('now')).toMatchObject({ attempts: 1, lastError: 'Slack unreachable' });
      // The lease is free again: the next attempt need not wait for it.
      expect(await store().claimOutboxAttempt('now', 'next', at(10_000), 30_000)).toMatchObject({ attempts: 2 });
    });

    it('keeps given-up entries listed newest first, and tracks which organizers were told of', async () => {
      for (const [key, failedAt] of [
        ['g1', at(1_000)],
        ['g2', at(3_000)],
        ['g3', at(2_000)],
      ] as const) {
        await store().addOutboxEntry(entry(key));
        await store().claimOutboxAttempt(key, 'tok', t0, 30_000);
        const gaveUp = {
          status: 'undeliverable',
          failedAt: failedAt.toISOString(),
          lastError: 'cannot_dm_user',
        } as const;
        expect(await store().settleOutboxAttempt(key, 'tok', 'v1', gaveUp)).toBe(true);
      }
      expect((await store().listUndeliverable(10)).map((e) => e.key)).toEqual(['g2', 'g3', 'g1']);
      expect((await store().listUndeliverable(2)).map((e) => e.key)).toEqual(['g2', 'g3']);
      expect((await store().listUndeliverable(10, { unnoticed: true })).map((e) => e.key).sort()).toEqual([
        'g1',
        'g2',
        'g3',
      ]);
      expect(await store().listDueOutbox(at(3600_000), 10)).toEqual([]);
      const g2 = (await store().getOutboxEntry('g2'))!;
      expect(g2).toMatchObject({ status: 'undeliverable', noticed: false, lastError: 'cannot_dm_user' });
      // Marking is a claim: one of two concurrent noticers wins.
      const marks = await Promise.all([store().markOutboxNoticed(g2, true), store().markOutboxNoticed(g2, true)]);
      expect(marks.sort()).toEqual([false, true]);
      expect((await store().listUndeliverable(10, { unnoticed: true })).map((e) => e.key).sort()).toEqual(['g1', 'g3']);
      // Taken back (the notice could not be sent): listed as unnoticed again.
      expect(await store().markOutboxNoticed(g2, false)).toBe(true);
      expect((await store().listUndeliverable(10, { unnoticed: true })).map((e) => e.key).sort()).toEqual([
        'g1',
        'g2',
        'g3',
      ]);
      expect((await store().listUndeliverable(10)).map((e) => e.key)).toEqual(['g2', 'g3', 'g1']);
    });

    it('replaces the content of a message still pending, and of an edit whatever its state', async () => {
      await store().addOutboxEntry(entry('progress#s1', { attempts: 0 }));
      await store().claimOutboxAttempt('progress#s1', 'tok', t0, 30_000);
      const newer = { text: 'Scored', blocks: [] };
      expect(
        await store().replaceOutboxMessage(
          { ...entry('progress#s1'), message: newer, version: 'v2' },
          { onlyIfPending: true },
        ),
      ).toBe(true);
      // The attempt out with the old content cannot record it as delivered.
      const sent = { status: 'sent', ref, sentAt: at(1_000).toISOString() } as const;
      expect(await store().settleOutboxAttempt('progress#s1', 'tok', 'v1', sent)).toBe(false);
      expect(await store().getOutboxEntry('progress#s1')).toMatchObject({ message: newer, version: 'v2', attempts: 1 });
      expect(await store().settleOutboxAttempt('progress#s1', 'tok', 'v2', sent)).toBe(true);
      // A failed attempt is recorded whatever content arrived meanwhile, so its retry is scheduled.
      await store().addOutboxEntry(entry('progress#s2'));
      await store().claimOutboxAttempt('progress#s2', 'tok', t0, 30_000);
      await store().replaceOutboxMessage({ ...entry('progress#s2'), version: 'v2' }, { onlyIfPending: true });
      const retry = { status: 'pending', nextAttemptAt: at(1_000).toISOString(), lastError: 'unreachable' } as const;
      expect(await store().settleOutboxAttempt('progress#s2', 'tok', 'v1', retry)).toBe(true);
      expect(await store().claimOutboxAttempt('progress#s2', 'next', at(1_000), 30_000)).toMatchObject({
        version: 'v2',
      });
      expect(await store().settleOutboxAttempt('progress#s2', 'next', 'v2', sent)).toBe(true);
      // Once delivered, only-if-pending content is refused: an edit carries it instead.
      expect(
        await store().replaceOutboxMessage(
          { ...entry('progress#s1'), message: { text: 'later', blocks: [] }, version: 'v3' },
          { onlyIfPending: true },
        ),
      ).toBe(false);
      expect((await store().getOutboxEntry('progress#s1'))?.message).toEqual(newer);

      const edit = entry('edit#s1', { target: { kind: 'edit', ref }, createdAt: at(5_000).toISOString() });
      expect(await store().replaceOutboxMessage(edit)).toBe(true);
      await store().claimOutboxAttempt('edit#s1', 'e1', at(5_000), 30_000);
      await store().settleOutboxAttempt('edit#s1', 'e1', 'v1', {
        status: 'sent',
        ref,
        sentAt: at(6_000).toISOString(),
      });
      const later = {
        ...edit,
        version: 'v9',
        createdAt: at(9_000).toISOString(),
        nextAttemptAt: at(9_000).toISOString(),
      };
      expect(await store().replaceOutboxMessage(later)).toBe(true);
      const stored = await store().getOutboxEntry('edit#s1');
      // Pending again with no attempts, first owed when the first content was.
      expect(stored).toMatchObject({
        status: 'pending',
        attempts: 0,
        version: 'v9',
        createdAt: at(5_000).toISOString(),
      });
      expect(stored?.sentAt).toBeUndefined();
      expect((await store().listDueOutbox(at(9_000), 10)).map((e) => e.key)).toEqual(['edit#s1']);
    });
  });
}
