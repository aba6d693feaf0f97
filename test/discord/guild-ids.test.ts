import { afterEach, describe, expect, it, vi } from 'vitest';

describe('the deployed Discord function', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('refuses to start in AWS mode without DISCORD_GUILD_IDS, naming it (one person, one identity)', async () => {
    vi.stubEnv('LEAGUE_MODE', 'aws');
    vi.stubEnv('QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/000000000000/league');
    vi.stubEnv('BUCKET_NAME', 'league');
    vi.stubEnv('DISCORD_PUBLIC_KEY', 'ab'.repeat(32));
    vi.stubEnv('DISCORD_GUILD_IDS', '');
    const { handler } = await import('../../src/handlers/discord-interactions');
    await expect(handler({ headers: {}, body: '{}', isBase64Encoded: false } as never)).rejects.toThrow(
      /DISCORD_GUILD_IDS/,
    );
  });
});
