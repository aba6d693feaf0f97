import { parseArgs } from 'node:util';
import { formatPreflight, type PreflightClients, type PreflightOptions, runPreflight } from './preflight';

/** The SSM parameters serverless.yml resolves, by platform. */
export const LEAGUE_PARAMETERS = {
  always: ['/league/organizers'],
  slack: ['/league/slack/signing-secret', '/league/slack/bot-token'],
  discord: ['/league/discord/public-key', '/league/discord/application-id', '/league/discord/bot-token'],
};

/** serverless.yml's defaults (`params.default`), so the check sees what a plain deploy uses. */
const DEPLOY_DEFAULTS = {
  referenceModel: 'us.meta.llama3-2-90b-instruct-v1:0',
  judgeModels: 'mistral.mistral-large-2407-v1:0',
  generatorModel: 'us.meta.llama3-3-70b-instruct-v1:0',
  trainingInstanceType: 'ml.g5.2xlarge',
  endpointInstanceType: 'ml.g5.xlarge',
};

const USAGE = `Usage: npm run aws:preflight -- --region R [--reference-model ID] [--judge-models A,B] [--generator-model ID]
  [--model-id JUMPSTART_ID] [--training-instance-type T] [--endpoint-instance-type T]
  [--training-concurrency N] [--endpoint-concurrency N] [--allow-same-family-judge] [--no-slack] [--no-discord]`;

function options(argv: string[], concurrency: { training: number; endpoint: number }): PreflightOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      region: { type: 'string' },
      'reference-model': { type: 'string', default: DEPLOY_DEFAULTS.referenceModel },
      'judge-models': { type: 'string', default: DEPLOY_DEFAULTS.judgeModels },
      'generator-model': { type: 'string', default: DEPLOY_DEFAULTS.generatorModel },
      'model-id': { type: 'string' },
      'training-instance-type': { type: 'string', default: DEPLOY_DEFAULTS.trainingInstanceType },
      'endpoint-instance-type': { type: 'string', default: DEPLOY_DEFAULTS.endpointInstanceType },
      'training-concurrency': { type: 'string', default: String(concurrency.training) },
      'endpoint-concurrency': { type: 'string', default: String(concurrency.endpoint) },
      'allow-same-family-judge': { type: 'boolean', default: false },
      'no-slack': { type: 'boolean', default: false },
      'no-discord': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.region) throw new Error('--region is required.');
  const count = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number from 1.`);
    return n;
  };
  return {
    region: values.region,
    jumpstart: {
      modelId: values['model-id'],
      trainingInstanceType: values['training-instance-type'],
      hostingInstanceType: values['endpoint-instance-type'],
    },
    referenceModel: values['reference-model'],
    judgeModels: values['judge-models']
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    allowSameFamilyJudge: values['allow-same-family-judge'],
    generatorModel: values['generator-model'],
    trainingConcurrency: count('training-concurrency', values['training-concurrency']),
    endpointConcurrency: count('endpoint-concurrency', values['endpoint-concurrency']),
    parameters: [
      ...LEAGUE_PARAMETERS.always,
      ...(values['no-slack'] ? [] : LEAGUE_PARAMETERS.slack),
      ...(values['no-discord'] ? [] : LEAGUE_PARAMETERS.discord),
    ],
  };
}

/**
 * `npm run aws:preflight -- --region R`: prints every check and how to fix what is missing.
 * Returns the exit code: 0 when everything is in place, 1 when something is missing, 2 on bad usage.
 */
export async function preflightCli(
  argv: string[],
  deps: {
    clients: (region: string) => PreflightClients;
    out: (text: string) => void;
    concurrency: { training: number; endpoint: number };
  },
): Promise<number> {
  let o: PreflightOptions;
  try {
    o = options(argv, deps.concurrency);
  } catch (e) {
    deps.out(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const checks = await runPreflight(o, deps.clients(o.region));
  deps.out(formatPreflight(checks));
  return checks.every((c) => c.ok) ? 0 : 1;
}
