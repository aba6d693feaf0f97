import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';

/**
 * The single table. Keys:
 * - ROUND#id / META (gsi1: ROUNDS / createdAt#id) · ROUND#id / Q#qid · ROUND#id / REF#model#qid
 * - SUB#id / META (gsi1: USER#user / createdAt#id, gsi2: ROUNDSUB#round / createdAt#id) · SUB#id / J#… · SUB#id / CHUNKS
 *   · SUB#id / APPEAL#qid
 * - FINALE#id / META · FINALE#id / P#n · FINALE#id / A#n#submission · FINALE / LIVE
 * - QUOTA#round#user / DAY#day · LB#round / USER#user · CLAIM#key / CLAIM · AUDIT / at#n
 * - REQ#platform#id / REQ (a platform request and the answer it got)
 * - OUTBOX#key / OUTBOX (a chat message owed; gsi1: OUTBOX#DUE / nextAttemptAt#key while pending,
 *   OUTBOX#NOTICE / failedAt#key until organizers are told; gsi2: OUTBOX#UNDELIVERABLE / failedAt#key)
 * - DRAFT#id / META (gsi1: USERDRAFT#user / createdAt#id) · DRAFT#id / PAGE#version#n · GENTOK#round#user / DAY#day
 */
export const TABLE_INDEXES = ['gsi1', 'gsi2'] as const;

export function tableDefinition(tableName: string) {
  const gsi = (name: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
      { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((n) => ({
      AttributeName: n,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map(gsi),
  };
}

/** Creates the table if it does not exist (local engines and tests; on AWS the stack owns it). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (e) {
    if ((e as { name?: string }).name !== 'ResourceNotFoundException') throw e;
  }
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  for (let i = 0; i < 100; i++) {
    const t = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (t.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
