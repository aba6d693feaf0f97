import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App, AwsLambdaReceiver } from '@slack/bolt';

/**
 * Measuring instrument for `npm run bench:ack`, not product: the least a Slack ack must do. Bolt's
 * AwsLambdaReceiver checks the signature, one slash command records the request with a conditional
 * put and queues one message, then answers. bench/ack.ts bundles it the way the Lambdas are bundled.
 */
const env = process.env;
const dynamo = new DynamoDBClient({ region: env.AWS_REGION });
const sqs = new SQSClient({ region: env.AWS_REGION });
const receiver = new AwsLambdaReceiver({ signingSecret: env.SLACK_SIGNING_SECRET ?? '' });
// No auth.test round trip per request: the ack acts with no token.
const app = new App({ receiver, authorize: async () => ({}) });

app.command('/league', async ({ command, ack }) => {
  const id = `${command.team_id}:${command.user_id}:${command.trigger_id}`;
  await dynamo.send(
    new PutItemCommand({
      TableName: env.TABLE_NAME,
      Item: { pk: { S: `BARE#${id}` }, sk: { S: 'META' }, text: { S: command.text } },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  await sqs.send(
    new SendMessageCommand({ QueueUrl: env.QUEUE_URL, MessageBody: JSON.stringify({ type: 'bare', id }) }),
  );
  await ack({ response_type: 'ephemeral', text: 'Received.' });
});

export const handler = receiver.toHandler();
