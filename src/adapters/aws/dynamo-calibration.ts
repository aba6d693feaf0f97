import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CalibrationAssignment, CalibrationLabel } from '../../core/judging/calibration';
import type { CalibrationStore } from '../../core/ports';
import { call, getItem, putNew, queryAll, strip, type TableContext } from './dynamo-support';

/**
 * Calibration items: CALIBRATOR#user (an opt-in), CALIBPAIR#id (a pair handed out), and the round's
 * labels under CALIB#round / LABEL#submission#question#labeller, one per person and pair.
 */
export function createCalibrationStore(ctx: TableContext): CalibrationStore {
  const { doc, TableName } = ctx;
  return {
    joinCalibration: (userId, at) =>
      putNew(ctx, { pk: `CALIBRATOR#${userId}`, sk: 'META', userId, at }, 'joinCalibration'),
    async isCalibrator(userId) {
      return Boolean(await getItem(ctx, `CALIBRATOR#${userId}`, 'META'));
    },
    async putCalibrationAssignment(assignment) {
      await putNew(ctx, { pk: `CALIBPAIR#${assignment.id}`, sk: 'META', ...assignment }, 'putCalibrationAssignment');
    },
    async getCalibrationAssignment(id) {
      const item = await getItem(ctx, `CALIBPAIR#${id}`, 'META');
      return item ? strip<CalibrationAssignment>(item) : undefined;
    },
    async putCalibrationLabel(roundId, label) {
      const sk = `LABEL#${label.submissionId}#${label.questionId}#${label.labellerId}`;
      await call('putCalibrationLabel', () =>
        doc.send(new PutCommand({ TableName, Item: { pk: `CALIB#${roundId}`, sk, ...label } })),
      );
    },
    async listCalibrationLabels(roundId) {
      const items = await queryAll(ctx, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :label)',
        ExpressionAttributeValues: { ':pk': `CALIB#${roundId}`, ':label': 'LABEL#' },
        ConsistentRead: true,
      });
      return items.map((i) => strip<CalibrationLabel>(i));
    },
  };
}
