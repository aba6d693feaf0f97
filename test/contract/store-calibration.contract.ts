import { describe, expect, it } from 'vitest';
import type { CalibrationAssignment, CalibrationLabel } from '../../src/core/judging/calibration';
import type { Store } from '../../src/core/ports';

const label = (labellerId: string, overrides: Partial<CalibrationLabel> = {}): CalibrationLabel => ({
  submissionId: 's1',
  questionId: 'q1',
  labellerId,
  verdict: 'A>B',
  at: '2026-11-21T10:00:00.000Z',
  ...overrides,
});

/** Calibration: opt-ins, blind pairs handed out, and one verdict per person and pair. */
export function calibrationContract(store: () => Store): void {
  describe('calibration', () => {
    it('records an opt-in once', async () => {
      expect(await store().isCalibrator('slack:T1:UA')).toBe(false);
      expect(await store().joinCalibration('slack:T1:UA', '2026-11-21T09:00:00.000Z')).toBe(true);
      expect(await store().joinCalibration('slack:T1:UA', '2026-11-21T09:05:00.000Z')).toBe(false);
      expect(await store().isCalibrator('slack:T1:UA')).toBe(true);
      expect(await store().isCalibrator('slack:T1:UB')).toBe(false);
    });

    it('keeps a pair handed out as written, and reads an unknown one as missing', async () => {
      const assignment: CalibrationAssignment = {
        id: 'c1',
        roundId: 'r1',
        submissionId: 's1',
        questionId: 'q1',
        labellerId: 'slack:T1:UA',
        candidateShownAs: 'B',
        createdAt: '2026-11-21T09:00:00.000Z',
      };
      await store().putCalibrationAssignment(assignment);
      expect(await store().getCalibrationAssignment('c1')).toEqual(assignment);
      expect(await store().getCalibrationAssignment('c2')).toBeUndefined();
    });

    it("keeps each person's latest verdict per pair, and lists one round's verdicts only", async () => {
      await store().putCalibrationLabel('r1', label('slack:T1:UA'));
      await store().putCalibrationLabel('r1', label('slack:T1:UA', { verdict: null, at: '2026-11-21T10:01:00.000Z' }));
      await store().putCalibrationLabel('r1', label('slack:T1:UB', { verdict: 'B>>A' }));
      await store().putCalibrationLabel('r1', label('slack:T1:UB', { questionId: 'q2' }));
      await store().putCalibrationLabel('r2', label('slack:T1:UC'));
      const labels = await store().listCalibrationLabels('r1');
      const byKey = (l: CalibrationLabel) => `${l.questionId} ${l.labellerId}`;
      expect(labels.sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual([
        label('slack:T1:UA', { verdict: null, at: '2026-11-21T10:01:00.000Z' }),
        label('slack:T1:UB', { verdict: 'B>>A' }),
        label('slack:T1:UB', { questionId: 'q2' }),
      ]);
      expect(await store().listCalibrationLabels('r3')).toEqual([]);
    });
  });
}
