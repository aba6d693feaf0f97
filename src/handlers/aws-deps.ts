import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig, type Config } from '../core/config';
import { createOfflineJudge } from '../core/judging';
import type { LeagueDeps } from '../core/services/context';
import { createDynamoStore } from '../adapters/aws/dynamo-store';
import { createS3BlobStore } from '../adapters/aws/s3-blobs';
import { createSqsQueue } from '../adapters/aws/sqs-queue';
import { createChatRouter } from '../adapters/chat-router';
import { createHttpUploadFetcher } from '../adapters/http/upload-fetcher';
import { createJsonLogger } from '../adapters/log/json-logger';
import { createOfflineModelHost, createOfflineReference, createOfflineTrainer } from '../adapters/local/offline-models';
import { createRandomIds, systemClock } from '../adapters/local/system';
import { corpusPath } from '../local/paths';
import { settingsFrom } from './settings';

/** Builds the AWS dependencies from the Lambda environment. */
export function buildAwsDeps(config: Config): LeagueDeps {
  const log = createJsonLogger({ service: 'league' });
  const store = createDynamoStore({ client: new DynamoDBClient({ region: config.region, endpoint: config.dynamoEndpoint }), tableName: config.tableName });
  const queue = createSqsQueue({ client: new SQSClient({ region: config.region }), queueUrl: config.queueUrl! });
  const blobs = createS3BlobStore({ client: new S3Client({ region: config.region }), bucket: config.bucket! });
  // Offline stand-ins until the SageMaker and Bedrock adapters are configured.
  return {
    store, queue, blobs, log,
    uploads: createHttpUploadFetcher(),
    trainer: createOfflineTrainer({ blobs, queue }),
    host: createOfflineModelHost(blobs),
    reference: createOfflineReference(corpusPath()),
    judges: [createOfflineJudge()],
    chat: createChatRouter({}),
    clock: systemClock,
    ids: createRandomIds(),
    settings: settingsFrom(config),
  };
}

let cached: LeagueDeps | undefined;
/** Once per cold start. */
export const awsDeps = async (): Promise<LeagueDeps> => (cached ??= buildAwsDeps(loadConfig(process.env)));
