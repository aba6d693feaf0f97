import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../src/local/paths';
import { fakeSlackClient } from './support';

const manifest = parse(readFileSync(join(projectRoot(), 'slack', 'manifest.yml'), 'utf8'));
const botScopes: string[] = manifest.oauth_config.scopes.bot;

type Conversation = 'channel' | 'private' | 'im';

/**
 * The bot scopes Slack's Web API reference documents for each method we call, by the type of
 * conversation it acts on (https://docs.slack.dev/reference/methods/<method>, "Required scopes").
 * `any`: the method takes no conversation.
 */
const DOCUMENTED_SCOPES: Record<string, Partial<Record<Conversation | 'any', string[]>>> = {
  // Posting in a public channel the bot has not joined also needs chat:write.public.
  'chat.postMessage': { channel: ['chat:write', 'chat:write.public'], private: ['chat:write'], im: ['chat:write'] },
  'chat.postEphemeral': { channel: ['chat:write'], private: ['chat:write'], im: ['chat:write'] },
  'chat.update': { channel: ['chat:write'], private: ['chat:write'], im: ['chat:write'] },
  'conversations.open': { im: ['im:write'] },
  'conversations.history': { channel: ['channels:history'], private: ['groups:history'], im: ['im:history'] },
  'views.open': { any: [] },
  'views.publish': { any: [] },
  'files.info': { any: ['files:read'] },
  // files.uploadV2 is files.getUploadURLExternal then files.completeUploadExternal.
  'files.uploadV2': { channel: ['files:write'], private: ['files:write'], im: ['files:write'] },
  'usergroups.users.list': { any: ['usergroups:read'] },
};

/**
 * Where the league calls each method: round channels are public or private (organizers pick either in
 * the round form), the organizer channel is private, members are reached in DMs. chat.postMessage and
 * conversations.history serve both (a retried post looks for itself in the history of the channel it
 * went to), and so do files (the results chart goes to the round channel, exports to a DM).
 */
const CALLED_ON: Record<string, (Conversation | 'any')[]> = {
  'chat.postMessage': ['channel', 'private', 'im'],
  'chat.postEphemeral': ['channel', 'private', 'im'],
  'chat.update': ['channel', 'private', 'im'],
  'conversations.open': ['im'],
  'conversations.history': ['channel', 'private', 'im'],
  'views.open': ['any'],
  'views.publish': ['any'],
  'files.info': ['any'],
  'files.uploadV2': ['channel', 'private', 'im'],
  'usergroups.users.list': ['any'],
};

/** Scopes the app's events need: slash commands, and the events it subscribes to. */
const EVENT_SCOPES: Record<string, string[]> = {
  '/league': ['commands'],
  'message.im': ['im:history'],
  file_shared: ['files:read'],
  app_home_opened: [],
};

/** Every Web API method of the client the app is built on (the test client has exactly its methods). */
function calledMethods(): string[] {
  const client = fakeSlackClient().client as unknown as Record<string, Record<string, unknown>>;
  const methods: string[] = [];
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'function') methods.push(`${prefix}${k}`);
      else walk(v as Record<string, unknown>, `${prefix}${k}.`);
    }
  };
  walk(client, '');
  return methods;
}

/** The scopes the app needs, derived from what it calls and subscribes to. */
function requiredScopes(): Set<string> {
  const needed = new Set<string>();
  for (const method of calledMethods()) {
    const documented = DOCUMENTED_SCOPES[method];
    if (!documented) throw new Error(`${method}: its documented scopes are not listed in this test`);
    for (const conversation of CALLED_ON[method] ?? []) {
      const scopes = documented[conversation];
      if (!scopes) throw new Error(`${method} is not documented for ${conversation} conversations`);
      for (const s of scopes) needed.add(s);
    }
  }
  for (const s of Object.values(EVENT_SCOPES).flat()) needed.add(s);
  return needed;
}

describe('slack/manifest.yml', () => {
  it("is valid against Slack's manifest schema (slackapi/manifest-schema 2.0.0, vendored in test/specs)", () => {
    const schema = JSON.parse(
      readFileSync(join(projectRoot(), 'test', 'specs', 'slack-manifest.schema.2.0.0.json'), 'utf8'),
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    const valid = ajv.validate(schema, manifest);
    expect(ajv.errors ?? [], 'manifest schema errors').toEqual([]);
    expect(valid).toBe(true);
  });

  it('grants exactly the bot scopes the methods it calls need, in every conversation it calls them on', () => {
    const needed = requiredScopes();
    // A retried channel post reads the channel's history: public and private round channels.
    expect([...needed]).toEqual(expect.arrayContaining(['channels:history', 'groups:history', 'im:history']));
    expect(new Set(botScopes)).toEqual(needed);
  });

  it('subscribes to the events the app handles, and sends everything to /slack/events', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      Object.keys(EVENT_SCOPES)
        .filter((e) => !e.startsWith('/'))
        .sort(),
    );
    const urls = [
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/league']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
