/**
 * What a charger may be called. OCPP 2.0.1 (security, A00) limits the identity to 48 characters of
 * printable ASCII without ':' — it is the HTTP Basic user name, where ':' separates the password.
 */
import { StoreError } from './errors.js';

export const maxIdentityLength = 48;

/** The reason `id` is not a valid OCPP identity, or null when it is one. */
export function identityProblem(id: string): string | null {
  if (id.length === 0) return 'it is empty';
  if (id.length > maxIdentityLength) return `it has ${id.length} characters, at most ${maxIdentityLength} are allowed`;
  for (const ch of id) {
    const code = ch.codePointAt(0)!;
    if (ch === ':') return "it contains ':', which HTTP Basic authentication reserves";
    if (code < 0x20 || code > 0x7e) return `it contains ${JSON.stringify(ch)}, only printable ASCII is allowed`;
  }
  return null;
}

export function checkIdentity(id: string): string {
  const problem = identityProblem(id);
  if (problem) throw new StoreError('PW_STORE_INVALID_IDENTITY', `${JSON.stringify(id)} is not a valid OCPP charger identity: ${problem}`);
  return id;
}
