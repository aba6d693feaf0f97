import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Who may drive the playground API: the holder of the token, from a page this server served. */
export interface PlaygroundAccess {
  token: string;
  /** The interface the server binds when it is not loopback (`HOST`), also accepted as a Host name. */
  host?: string;
}

/** A fresh token per start, unguessable and safe in a URL. */
export const randomPlaygroundToken = (): string => randomBytes(24).toString('base64url');

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** `host:port` names this server answers to: loopback on its port, or the configured interface. */
function ownHosts(req: IncomingMessage, access: PlaygroundAccess): Set<string> {
  const port = req.socket.localPort;
  const names = [...LOOPBACK];
  if (access.host && !['127.0.0.1', 'localhost', '::1'].includes(access.host))
    names.push(access.host.includes(':') ? `[${access.host}]` : access.host);
  return new Set(names.map((n) => `${n}:${port}`.toLowerCase()));
}

/**
 * A page on another site (cross-site requests) or a name that resolves here by rebinding carries a
 * foreign Origin or Host; neither may reach the API, whatever it holds.
 */
export function isForeignRequest(req: IncomingMessage, access: PlaygroundAccess): boolean {
  const own = ownHosts(req, access);
  const host = (req.headers.host ?? '').toLowerCase();
  if (!own.has(host)) return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    const url = new URL(origin);
    return url.protocol !== 'http:' || !own.has(`${url.hostname}:${url.port || '80'}`.toLowerCase());
  } catch {
    return true; // `null` and anything else that is not a URL
  }
}

/** The request carries `Authorization: Bearer <token>` with this start's token. */
export function hasPlaygroundToken(req: IncomingMessage, access: PlaygroundAccess): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(access.token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
