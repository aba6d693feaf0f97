import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/local/paths';
import { fakeSlackClient } from './support';

const manifest = readFileSync(join(projectRoot(), 'slack', 'manifest.yml'), 'utf8');

/** The `- item` lines under `key:` (the manifest is plain YAML: two-space indents, block lists). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*-\s+([^\s#]+)/.exec(line);
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

/** The bot scope each Web API method the app calls needs. */
const SCOPE_OF: Record<string, string | null> = {
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'conversations.open': 'im:write',
  'conversations.history': 'im:history',
  'views.open': null,
  'views.publish': null,
  'files.info': 'files:read',
  'files.uploadV2': 'files:write',
  'usergroups.users.list': 'usergroups:read',
};

describe('slack/manifest.yml', () => {
  it('grants a scope for every Web API method the app calls', () => {
    const client = fakeSlackClient().client as unknown as Record<string, Record<string, unknown>>;
    const methods: string[] = [];
    const walk = (o: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'function') methods.push(`${prefix}${k}`);
        else walk(v as Record<string, unknown>, `${prefix}${k}.`);
      }
    };
    walk(client, '');
    const scopes = listUnder('bot');
    for (const method of methods) {
      expect(Object.keys(SCOPE_OF), `scope of ${method} is not listed in this test`).toContain(method);
      const scope = SCOPE_OF[method];
      if (scope) expect(scopes, `${method} needs ${scope}`).toContain(scope);
    }
    expect(scopes).toEqual(expect.arrayContaining(['commands', 'chat:write.public']));
  });

  it('subscribes to the events the app handles, and sends everything to /slack/events', () => {
    expect(listUnder('bot_events').sort()).toEqual(['app_home_opened', 'file_shared', 'message.im']);
    const urls = [...manifest.matchAll(/(?:url|request_url):\s*(\S+)/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest).toMatch(/command:\s*\/league\b/);
    expect(manifest).toMatch(/interactivity:\s*\n\s*is_enabled:\s*true/);
    expect(manifest).toMatch(/home_tab_enabled:\s*true/);
  });
});
