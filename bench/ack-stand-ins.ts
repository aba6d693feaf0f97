import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { ensureTable } from '../src/adapters/aws/dynamo-table';

/** What the platform stand-in was asked, counted per service. */
export interface StubCounts {
  /** DynamoDB calls by action (dynalite's), SQS messages, platform API calls by method. */
  dynamoCalls: Record<string, number>;
  sqsMessages: number;
  slackCalls: Record<string, number>;
  discordCalls: number;
}

export interface PlatformStub {
  /** `http://127.0.0.1:<port>`: SQS's endpoint, and where Slack's and Discord's APIs are redirected. */
  url: string;
  counts: StubCounts;
  close(): Promise<void>;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

interface SqsEntry {
  Id: string;
  MessageBody: string;
}

/** SQS's JSON protocol (`X-Amz-Target: AmazonSQS.<Action>`), answered as SQS answers it, MD5 included. */
function sqsAnswer(action: string, input: { MessageBody?: string; Entries?: SqsEntry[] }, counts: StubCounts) {
  if (action === 'SendMessage') {
    counts.sqsMessages++;
    return { MessageId: randomUUID(), MD5OfMessageBody: md5(input.MessageBody ?? '') };
  }
  if (action === 'SendMessageBatch') {
    const entries = input.Entries ?? [];
    counts.sqsMessages += entries.length;
    return {
      Successful: entries.map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(e.MessageBody) })),
      Failed: [],
    };
  }
  return undefined;
}

/** Slack Web API methods an ack may call, answered with the fields the league reads. */
function slackAnswer(method: string, form: URLSearchParams): Record<string, unknown> {
  switch (method) {
    case 'conversations.open':
      return { ok: true, channel: { id: `D${form.get('users') ?? 'X'}` } };
    case 'chat.postMessage':
    case 'chat.postEphemeral':
    case 'chat.update':
      return { ok: true, channel: form.get('channel'), ts: `${Date.now() / 1000}` };
    default:
      return { ok: true };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: unknown) {
  res.writeHead(status, { 'content-type': type });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/**
 * Stand-in for the services an ack talks to besides DynamoDB (dynalite plays that one): an HTTP
 * server that answers SQS's JSON protocol, Slack's Web API under `/slack/api/` and Discord's REST API
 * under `/discord/api/`, and counts what it was asked. It answers; it imitates none of our code.
 */
export async function startPlatformStub(): Promise<PlatformStub> {
  const counts: StubCounts = { dynamoCalls: {}, sqsMessages: 0, slackCalls: {}, discordCalls: 0 };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('AmazonSQS.')) {
      const answer = sqsAnswer(target.slice('AmazonSQS.'.length), JSON.parse(body || '{}'), counts);
      if (answer) return send(res, 200, 'application/x-amz-json-1.0', answer);
      return send(res, 400, 'application/x-amz-json-1.0', { __type: 'com.amazonaws.sqs#InvalidAction' });
    }
    const slack = /^\/slack\/api\/([\w.]+)/.exec(req.url ?? '');
    if (slack) {
      const method = slack[1]!;
      counts.slackCalls[method] = (counts.slackCalls[method] ?? 0) + 1;
      return send(res, 200, 'application/json', slackAnswer(method, new URLSearchParams(body)));
    }
    if (req.url?.startsWith('/discord/api/')) {
      counts.discordCalls++;
      return send(res, 204, 'application/json', undefined);
    }
    send(res, 404, 'application/json', { message: `no stand-in for ${req.method} ${req.url}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * DynamoDB's stand-in, as in local mode (dynalite, in memory, the league's table), with each call
 * counted by action into `counts`.
 */
export async function startDynamoStandIn(
  tableName: string,
  counts: StubCounts,
): Promise<{ endpoint: string; client: DynamoDBClient; close(): Promise<void> }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.on('request', (req: IncomingMessage) => {
    const action = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    counts.dynamoCalls[action] = (counts.dynamoCalls[action] ?? 0) + 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await ensureTable(client, tableName);
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
