import { describe, expect, it } from 'vitest';
import { ConflictError, LeagueError } from '../../src/core/errors';
import type { Draft } from '../../src/core/model';
import type { Store } from '../../src/core/ports';

const draft = (id: string, overrides: Partial<Draft> = {}): Draft => ({
  id,
  roundId: 'r1',
  userId: 'slack:T1:UA',
  topic: 'budgeting',
  count: 20,
  status: 'ready',
  version: 1,
  createdAt: '2026-11-03T10:00:00.000Z',
  updatedAt: '2026-11-03T10:00:00.000Z',
  rows: 20,
  blobKey: `drafts/${id}/v1.jsonl`,
  dropped: [],
  tokens: 1200,
  ...overrides,
});

/** Drafts and generation budgets: what every Store must do. */
export function draftContract(store: () => Store): void {
  describe('drafts', () => {
    it('creates a draft once and reads it back unchanged, dropped rows included', async () => {
      const d = draft('d1', { dropped: [3, 1], base: { blobKey: 'drafts/d1/v0.jsonl', replace: [1, 2] } });
      await store().createDraft(d);
      expect(await store().getDraft('d1')).toEqual({ ...d, dropped: [1, 3] });
      await expect(store().createDraft(d)).rejects.toBeInstanceOf(ConflictError);
      expect(await store().getDraft('nope')).toBeUndefined();
    });

    it('marks rows kept or dropped atomically: concurrent clicks all count, a stale version changes nothing', async () => {
      await store().createDraft(draft('d2'));
      await Promise.all([1, 2, 3, 4, 5, 6].map((r) => store().markDraftRows('d2', 1, [r], true)));
      expect((await store().getDraft('d2'))!.dropped).toEqual([1, 2, 3, 4, 5, 6]);
      const after = await store().markDraftRows('d2', 1, [2, 4, 9], false);
      expect(after.dropped).toEqual([1, 3, 5, 6]);
      await expect(store().markDraftRows('d2', 2, [1], true)).rejects.toBeInstanceOf(ConflictError);
      await store().updateDraft(
        'd2',
        { status: 'generating', version: 2, dropped: [] },
        { version: 1, status: 'ready' },
      );
      await expect(store().markDraftRows('d2', 2, [1], true)).rejects.toBeInstanceOf(ConflictError);
      expect((await store().getDraft('d2'))!.dropped).toEqual([]);
    });

    it('updates only at the expected version and status, and removes fields patched to undefined', async () => {
      await store().createDraft(draft('d3', { status: 'generating', feedback: 'shorter' }));
      await expect(
        store().updateDraft('d3', { status: 'ready' }, { version: 1, status: 'ready' }),
      ).rejects.toBeInstanceOf(ConflictError);
      const ready = await store().updateDraft(
        'd3',
        { status: 'ready', feedback: undefined },
        { version: 1, status: 'generating' },
      );
      expect(ready.status).toBe('ready');
      expect(ready).not.toHaveProperty('feedback');
      await expect(store().updateDraft('missing', { page: 2 })).rejects.toBeInstanceOf(LeagueError);
    });

    it("keeps the pages of each version apart, and lists a member's drafts newest first", async () => {
      await store().createDraft(draft('d4'));
      await store().createDraft(draft('d5', { createdAt: '2026-11-04T10:00:00.000Z' }));
      await store().createDraft(draft('d6', { userId: 'slack:T1:UB' }));
      const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ instruction: `q${i} 🐦`, response: `a${i}` }));
      await store().putDraftPages('d4', 1, [rows(5), rows(2)]);
      await store().putDraftPages('d4', 2, [rows(1)]);
      expect(await store().getDraftPage('d4', 1, 2)).toEqual(rows(2));
      expect(await store().getDraftPage('d4', 2, 1)).toEqual(rows(1));
      expect(await store().getDraftPage('d4', 2, 2)).toEqual([]);
      expect((await store().listDraftsByUser('slack:T1:UA')).map((d) => d.id)).toEqual(['d5', 'd4']);
    });

    it('counts generation tokens per round, member and day, concurrent charges included', async () => {
      const totals = await Promise.all(
        [100, 200, 300].map((t) => store().chargeGenerationTokens('r1', 'slack:T1:UA', '2026-11-03', t)),
      );
      expect(Math.max(...totals)).toBe(600);
      expect(await store().generationTokensUsed('r1', 'slack:T1:UA', '2026-11-03')).toBe(600);
      expect(await store().generationTokensUsed('r1', 'slack:T1:UA', '2026-11-04')).toBe(0);
      expect(await store().generationTokensUsed('r2', 'slack:T1:UA', '2026-11-03')).toBe(0);
    });
  });
}
