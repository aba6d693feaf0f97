import type { Logger } from '../../core/ports';
import type { SlackClient } from './client';
import { qualify, type SlackUser } from './parse';

export interface OrganizerCheckOptions {
  /** Qualified organizer ids (`slack:T1:U1`) from the configuration. */
  organizers: string[];
  /** Optional Slack user group (`S0123…`) whose members are organizers too. */
  groupId?: string;
  client: SlackClient;
  log?: Logger;
  /** How long the group's member list is trusted (5 minutes by default). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Organizer or not: a configured id, or a member of the organizers' user group (usergroups.users.list,
 * cached). If Slack cannot be asked, only configured ids count.
 */
export function createOrganizerCheck(options: OrganizerCheckOptions): (user: SlackUser) => Promise<boolean> {
  const configured = new Set(options.organizers);
  const ttl = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let members: { users: Set<string>; at: number } | undefined;
  let loading: Promise<Set<string>> | undefined;

  async function groupMembers(groupId: string): Promise<Set<string>> {
    if (members && now() - members.at < ttl) return members.users;
    loading ??= options.client.usergroups.users
      .list({ usergroup: groupId })
      .then((res) => {
        const users = new Set(res.users ?? []);
        members = { users, at: now() };
        return users;
      })
      .catch((e: unknown) => {
        options.log?.warn('could not read the organizers user group', {
          groupId,
          error: e instanceof Error ? e.message : String(e),
        });
        return members?.users ?? new Set<string>();
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  }

  return async (user) => {
    if (configured.has(qualify(user))) return true;
    if (!options.groupId) return false;
    return (await groupMembers(options.groupId)).has(user.userId);
  };
}
