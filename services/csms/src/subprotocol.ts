/**
 * Which OCPP version a connection speaks, from the WebSocket subprotocols the charger offers.
 *
 * - Offers include a version we serve: the newest one wins (2.0.1 carries more of what supervision needs).
 * - Offers nothing: many deployed 1.6 chargers omit `Sec-WebSocket-Protocol`. They are accepted and spoken
 *   to as 1.6, without echoing a subprotocol (RFC 6455 §4.1 makes a client fail a handshake that returns a
 *   subprotocol it did not ask for).
 * - Offers only versions we do not serve: refused; guessing would answer in a dialect the charger never
 *   claimed to understand.
 */
import type { ProtocolVersion } from '@pilewatch/ocpp';

/** Server preference order. */
export const servedProtocols: readonly ProtocolVersion[] = ['ocpp2.0.1', 'ocpp1.6'];

export const defaultProtocol: ProtocolVersion = 'ocpp1.6';

export type Negotiation =
  | { ok: true; protocol: ProtocolVersion; echoed: boolean }
  | { ok: false; reason: string };

export function negotiateProtocol(offered: ReadonlySet<string>): Negotiation {
  if (offered.size === 0) return { ok: true, protocol: defaultProtocol, echoed: false };
  const protocol = servedProtocols.find((p) => offered.has(p));
  if (protocol) return { ok: true, protocol, echoed: true };
  return { ok: false, reason: `none of the offered subprotocols (${[...offered].join(', ')}) is served` };
}

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The subprotocols in a `Sec-WebSocket-Protocol` header; `null` when the header is not a token list. */
export function parseOfferedProtocols(header: string | undefined): Set<string> | null {
  const offered = new Set<string>();
  if (header === undefined) return offered;
  for (const part of header.split(',')) {
    const name = part.trim();
    if (!token.test(name) || offered.has(name)) return null;
    offered.add(name);
  }
  return offered;
}
