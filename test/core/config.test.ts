import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config';

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
});
