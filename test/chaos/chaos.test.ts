import { describe, expect, it } from 'vitest';
import { runChaos } from '../support/chaos';

describe('chaos: duplicates, outages and crashes between effects', () => {
  it('ends with every submission final, one DM each, no duplicate judgment, and the fault-free scores', async () => {
    const r = await runChaos({ submissions: 8, duplicateRate: 0.25, faultRate: 0.1, crashRate: 0.05, seed: 7 });
    expect(r.submissions).toBe(8);
    expect(r.duplicates).toBeGreaterThan(0);
    expect(r.faults + r.crashes).toBeGreaterThan(0);
    expect(r.stuck).toBe(0);
    expect(r.final).toBe(8);
    expect(r.dms).toBe(8);
    expect(r.double_dms).toBe(0);
    expect(r.duplicate_judgments).toBe(0);
    expect(r.mismatched_scores).toBe(0);
    expect(r.in_flight).toBe(0);
  }, 180_000);
});
