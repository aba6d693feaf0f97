import { BedrockClient } from '@aws-sdk/client-bedrock';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SSMClient } from '@aws-sdk/client-ssm';
import { preflightCli } from '../src/adapters/aws/preflight-cli';
import { loadConfig } from '../src/core/config';

/** `npm run aws:preflight -- --region R`: what a deployment needs that the stack cannot create (docs/aws.md). */
process.exitCode = await preflightCli(process.argv.slice(2), {
  clients: (region) => ({
    sagemaker: new SageMakerClient({ region }),
    bedrock: new BedrockClient({ region }),
    quotas: new ServiceQuotasClient({ region }),
    ssm: new SSMClient({ region }),
  }),
  out: (text) => console.log(text),
  // The league's defaults (TRAINING_CONCURRENCY, ENDPOINT_CONCURRENCY); the options override them.
  concurrency: loadConfig({}).capacity,
});
