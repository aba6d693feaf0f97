import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../src/core/config';

const messageOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('loadConfig', () => {
  it('runs locally with no environment at all', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('local');
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.organizers).toEqual(['local:demo:organizer']);
    expect(c.slack).toBeUndefined();
  });

  it('fails fast with every problem named, and never echoes a secret', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
    expect(loadConfig({ LOG_LEVEL: ' Info ' }).logLevel).toBe('info');
    expect(
      loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_ORGANIZER_GROUP: 'S0ORG' }).slack
        ?.organizerGroup,
    ).toBe('S0ORG');
    expect(() => loadConfig({ LEAGUE_MODE: 'aws' })).toThrow(/QUEUE_URL, BUCKET_NAME/);
    let message = '';
    try {
      loadConfig({ SLACK_SIGNING_SECRET: 'super-secret-value' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/SLACK_BOT_TOKEN/);
    expect(message).not.toContain('super-secret-value');
  });

  it('trims values and splits lists', () => {
    const c = loadConfig({
      PORT: ' 4000 ',
      LEAGUE_ORGANIZERS: 'slack:T1:U1, discord:G1:U2 ,',
      PUBLIC_URL: 'https://league.example/',
    });
    expect(c.port).toBe(4000);
    expect(c.organizers).toEqual(['slack:T1:U1', 'discord:G1:U2']);
    expect(c.publicUrl).toBe('https://league.example');
  });

  it("reads the finale experts and the organizers' channel, with none by default", () => {
    expect(loadConfig({})).toMatchObject({ finaleExperts: [], organizerChannel: undefined });
    const c = loadConfig({
      LEAGUE_FINALE_EXPERTS: ' slack:T1:U7 ,discord:G1:U8',
      LEAGUE_ORGANIZER_CHANNEL: 'slack:C0ORGS',
    });
    expect(c.finaleExperts).toEqual(['slack:T1:U7', 'discord:G1:U8']);
    expect(c.organizerChannel).toBe('slack:C0ORGS');
  });

  it('reads the AWS training settings in the same schema, with defaults and bounds', () => {
    expect(loadConfig({}).training).toEqual({
      trainer: 'offline',
      sagemakerRoleArn: undefined,
      jumpstartModelId: undefined,
      jumpstartModelVersion: undefined,
      trainingInstanceType: undefined,
      trainingMaxRuntimeSeconds: 10_800,
      endpointInstanceType: undefined,
      allowSameFamilyJudge: false,
    });
    const c = loadConfig({
      TRAINER: ' sagemaker ',
      SAGEMAKER_ROLE_ARN: 'arn:aws:iam::123456789012:role/league-training',
      JUMPSTART_MODEL_ID: 'meta-textgeneration-llama-3-2-3b-instruct',
      TRAINING_INSTANCE_TYPE: 'ml.g5.2xlarge',
      TRAINING_MAX_RUNTIME_SECONDS: '7200',
      ENDPOINT_INSTANCE_TYPE: 'ml.g5.xlarge',
    });
    expect(c.training).toMatchObject({
      trainer: 'sagemaker',
      jumpstartModelId: 'meta-textgeneration-llama-3-2-3b-instruct',
      trainingMaxRuntimeSeconds: 7200,
      allowSameFamilyJudge: false,
    });
    expect(loadConfig({ ALLOW_SAME_FAMILY_JUDGE: ' 1 ' }).training.allowSameFamilyJudge).toBe(true);
    expect(messageOf({ ALLOW_SAME_FAMILY_JUDGE: 'yes' })).toMatch(/^Invalid configuration: ALLOW_SAME_FAMILY_JUDGE: /);
    expect(messageOf({ TRAINER: 'sagemaker' })).toMatch(/TRAINER=sagemaker needs SAGEMAKER_ROLE_ARN/);
    expect(messageOf({ TRAINER: 'bedrock' })).toMatch(/^Invalid configuration: TRAINER: /);
    expect(messageOf({ TRAINING_MAX_RUNTIME_SECONDS: '60' })).toMatch(/TRAINING_MAX_RUNTIME_SECONDS/);
  });

  it('prices training instance time by instance type, defaults overridable by TRAINING_INSTANCE_PRICES', () => {
    expect(loadConfig({}).trainingPrices['ml.g5.2xlarge']).toBe(1.515);
    const c = loadConfig({ TRAINING_INSTANCE_PRICES: ' ml.g5.2xlarge = 1.2 , ml.p4d.24xlarge=37.69' });
    expect(c.trainingPrices).toMatchObject({ 'ml.g5.2xlarge': 1.2, 'ml.p4d.24xlarge': 37.69, 'ml.g5.xlarge': 1.408 });
    expect(messageOf({ TRAINING_INSTANCE_PRICES: 'ml.g5.2xlarge:1.2' })).toMatch(
      /TRAINING_INSTANCE_PRICES: "ml\.g5\.2xlarge:1\.2" is not instance-type=dollars-per-hour/,
    );
    expect(messageOf({ TRAINING_INSTANCE_PRICES: 'g5.2xlarge=-1' })).toMatch(/TRAINING_INSTANCE_PRICES/);
  });

  it('treats a blank number as unset rather than as zero', () => {
    expect(loadConfig({ PORT: ' ', JUDGE_CHUNK_SIZE: '' })).toMatchObject({ port: 3000, judgeChunkSize: 10 });
  });

  it('names a malformed Discord id without repeating the value', () => {
    const message = messageOf({ DISCORD_ORGANIZER_ROLE_ID: 'xoxb-pasted-into-the-wrong-box' });
    expect(message).toMatch(/DISCORD_ORGANIZER_ROLE_ID: must be a numeric Discord id/);
    expect(message).not.toContain('xoxb-pasted');
  });

  it("lists every variable it reads in the README's configuration table, and the table nothing else", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'));
    const documented = new Set(
      table
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!)),
    );
    // Read by a benchmark, not by the league.
    const benchOnly = ['BENCH_TPW'];
    expect([...documented].filter((v) => !CONFIG_VARIABLES.includes(v) && !benchOnly.includes(v))).toEqual([]);
    expect(CONFIG_VARIABLES.filter((v) => !documented.has(v))).toEqual([]);
  });

  it("requires the league's Discord servers in AWS mode with Discord, naming DISCORD_GUILD_IDS", () => {
    const aws = { LEAGUE_MODE: 'aws', QUEUE_URL: 'https://sqs.example/q', BUCKET_NAME: 'b', DISCORD_PUBLIC_KEY: 'ab' };
    expect(() => loadConfig(aws)).toThrow(/DISCORD_GUILD_IDS/);
    expect(() => loadConfig({ ...aws, DISCORD_GUILD_IDS: ' , ' })).toThrow(/DISCORD_GUILD_IDS/);
    expect(loadConfig({ ...aws, DISCORD_GUILD_IDS: '81384788765712384' }).discord?.guildIds).toEqual([
      '81384788765712384',
    ]);
    // Locally (one playground, one operator) and on AWS without Discord, nothing more is asked.
    expect(loadConfig({ DISCORD_PUBLIC_KEY: 'ab' }).discord?.guildIds).toEqual([]);
    expect(loadConfig({ ...aws, DISCORD_PUBLIC_KEY: '' }).discord).toBeUndefined();
  });

  it('binds loopback with the playground on by default; HOST, LEAGUE_PLAYGROUND and its token change that', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', playground: { enabled: true, token: undefined } });
    const c = loadConfig({ HOST: '0.0.0.0', LEAGUE_PLAYGROUND: 'OFF', LEAGUE_PLAYGROUND_TOKEN: 'a-long-enough-token' });
    expect(c).toMatchObject({ host: '0.0.0.0', playground: { enabled: false, token: 'a-long-enough-token' } });
    expect(() => loadConfig({ LEAGUE_PLAYGROUND: 'maybe' })).toThrow(/LEAGUE_PLAYGROUND/);
    expect(() => loadConfig({ LEAGUE_PLAYGROUND_TOKEN: 'short' })).toThrow(/at least 16/);
  });
});
