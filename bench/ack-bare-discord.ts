import { createPublicKey, verify } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * Measuring instrument for `npm run bench:ack`, not product: the least a Discord ack must do. The
 * Ed25519 check over timestamp + body, a PING answered, any other interaction recorded with a
 * conditional put and one queued message, then answered. Bundled the way the Lambdas are bundled.
 */
interface BareEvent {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

const env = process.env;
const dynamo = new DynamoDBClient({ region: env.AWS_REGION });
const sqs = new SQSClient({ region: env.AWS_REGION });
const key = createPublicKey({
  key: Buffer.concat([
    Buffer.from('302a300506032b6570032100', 'hex'),
    Buffer.from(env.DISCORD_PUBLIC_KEY ?? '', 'hex'),
  ]),
  format: 'der',
  type: 'spki',
});

export const handler = async (event: BareEvent) => {
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  const signature = event.headers?.['x-signature-ed25519'] ?? '';
  const timestamp = event.headers?.['x-signature-timestamp'] ?? '';
  const signed = Buffer.concat([Buffer.from(timestamp), body]);
  if (!verify(null, signed, key, Buffer.from(signature, 'hex'))) return { statusCode: 401, body: '' };
  const interaction = JSON.parse(body.toString('utf8')) as { id: string; type: number };
  if (interaction.type === 1) return { statusCode: 200, body: JSON.stringify({ type: 1 }) };
  await dynamo.send(
    new PutItemCommand({
      TableName: env.TABLE_NAME,
      Item: { pk: { S: `BARE#${interaction.id}` }, sk: { S: 'META' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: env.QUEUE_URL,
      MessageBody: JSON.stringify({ type: 'bare', id: interaction.id }),
    }),
  );
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 4, data: { content: 'Received.', flags: 64 } }),
  };
};
