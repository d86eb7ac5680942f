/**
 * Reading the HTTP Basic credentials a charger presents in its WebSocket upgrade (OCPP security profile 1).
 * Only the user name leaves this module in clear; the password goes straight to the hash comparison.
 */

export type BasicCredentials =
  | { kind: 'none' }
  | { kind: 'malformed' }
  | { kind: 'basic'; user: string; password: string };

/**
 * Parses `Authorization: Basic base64(user:password)`. The user name ends at the first colon (RFC 7617);
 * the password may contain colons. OCPP passwords are printable, but some chargers send the 20-byte
 * random key raw, so the password is decoded as UTF-8 whatever its bytes — comparison then fails safely
 * rather than crashing on a lone surrogate.
 */
export function parseBasicAuth(header: string | string[] | undefined): BasicCredentials {
  if (header === undefined) return { kind: 'none' };
  if (Array.isArray(header)) return { kind: 'malformed' };
  const match = /^\s*basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!match) return { kind: 'malformed' };
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'malformed' };
  return { kind: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
