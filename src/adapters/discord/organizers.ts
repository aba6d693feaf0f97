import { discordUserId } from './ids';
import type { Invoker } from './parse';

/** Permission bits (https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags). */
const ADMINISTRATOR = 1n << 3n;
export const MANAGE_GUILD = 1n << 5n;

export interface OrganizerPolicy {
  /** Qualified organizer ids (`discord:<guild>:<user>`). */
  organizers: string[];
  /** Members with this role are organizers. */
  roleId?: string;
  /** The league's servers: only there do the role and Manage Server make an organizer. */
  guildIds: string[];
}

/**
 * Organizer or not, from the interaction alone (no REST call): a configured id, or, in one of the
 * league's servers, the organizers' role or the Manage Server permission (Administrator implies it).
 * The admin of some other server the bot was added to is nobody here. Outside a server nobody is.
 */
export function createOrganizerCheck(policy: OrganizerPolicy): (invoker: Invoker) => boolean {
  const configured = new Set(policy.organizers);
  return (invoker) => {
    if (!invoker.guildId) return false;
    if (configured.has(discordUserId(invoker.guildId, invoker.userId))) return true;
    if (!policy.guildIds.includes(invoker.guildId)) return false;
    if (policy.roleId && invoker.roles.includes(policy.roleId)) return true;
    return invoker.permissions !== undefined && (invoker.permissions & (MANAGE_GUILD | ADMINISTRATOR)) !== 0n;
  };
}
