import { describe, expect, it } from 'vitest';
import { createOrganizerCheck } from '../../src/adapters/slack/organizers';
import { fakeSlackClient } from './support';

describe('Slack organizers', () => {
  it('trusts configured qualified ids, team included', async () => {
    const slack = fakeSlackClient();
    const isOrganizer = createOrganizerCheck({ organizers: ['slack:T1:U1'], client: slack.client });
    expect(await isOrganizer({ teamId: 'T1', userId: 'U1' })).toBe(true);
    expect(await isOrganizer({ teamId: 'T2', userId: 'U1' })).toBe(false);
    expect(slack.calls).toEqual([]);
  });

  it('adds the members of a user group, cached for a while', async () => {
    const slack = fakeSlackClient();
    slack.respond('usergroups.users.list', () => ({ ok: true, users: ['U7'] }));
    let t = 0;
    const isOrganizer = createOrganizerCheck({
      organizers: [],
      groupId: 'S0ORG',
      client: slack.client,
      ttlMs: 1000,
      now: () => t,
    });
    expect(await isOrganizer({ teamId: 'T1', userId: 'U7' })).toBe(true);
    expect(await isOrganizer({ teamId: 'T1', userId: 'U8' })).toBe(false);
    expect(slack.of('usergroups.users.list')).toEqual([{ usergroup: 'S0ORG' }]);
    t = 5000;
    slack.respond('usergroups.users.list', () => ({ ok: true, users: ['U8'] }));
    expect(await isOrganizer({ teamId: 'T1', userId: 'U8' })).toBe(true);
    expect(slack.of('usergroups.users.list')).toHaveLength(2);
  });

  it('denies when the group cannot be read', async () => {
    const slack = fakeSlackClient();
    slack.respond('usergroups.users.list', () => {
      throw new Error('missing_scope');
    });
    const warnings: string[] = [];
    const log = { info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} };
    const isOrganizer = createOrganizerCheck({ organizers: [], groupId: 'S0ORG', client: slack.client, log });
    expect(await isOrganizer({ teamId: 'T1', userId: 'U7' })).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});
