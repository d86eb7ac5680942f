/**
 * Where chargers connect: `ws://HOST:PORT<prefix>/<identity>`. Decides, before any WebSocket work, whether
 * an upgrade request addresses the OCPP endpoint and which charger identity it names.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export type EndpointMatch =
  | { ok: true; identity: string }
  | { ok: false; status: 400 | 404; reason: string };

/**
 * The identity is the HTTP Basic user name, which must not contain a colon (RFC 7617; OCPP 2.0 part 4
 * errata 3.1), and OCPP 2.0.1 bounds identifiers at 48 characters. It is also a database key and a log
 * field, so it is held to printable ASCII (the store's registry rule); a "/" would make the path ambiguous.
 */
const identityPattern = /^[\x20-\x7e]{1,48}$/;
const forbiddenInIdentity = /[:/]/;

export function matchEndpoint(requestUrl: string | undefined, prefix: string): EndpointMatch {
  let pathname: string;
  try {
    pathname = new URL(requestUrl ?? '/', 'http://endpoint.invalid').pathname;
  } catch {
    return { ok: false, status: 400, reason: 'unparseable request URL' };
  }
  const base = `${prefix}/`;
  if (!pathname.startsWith(base)) return { ok: false, status: 404, reason: `path is not under ${prefix}/` };
  const raw = pathname.slice(base.length);
  if (raw === '' || raw.includes('/')) return { ok: false, status: 404, reason: 'path does not end in one identity segment' };
  let identity: string;
  try {
    identity = decodeURIComponent(raw);
  } catch {
    return { ok: false, status: 400, reason: 'identity is not valid percent-encoding' };
  }
  if (!identityPattern.test(identity) || forbiddenInIdentity.test(identity)) {
    return { ok: false, status: 400, reason: 'identity must be 1-48 printable ASCII characters without ":" or "/"' };
  }
  return { ok: true, identity };
}

/** The URL chargers should be given for a server bound to `host:port`. */
export function endpointUrl(host: string, port: number, prefix: string): string {
  const shown = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `ws://${shown}:${port}${prefix}`;
}

/**
 * Answers an upgrade request we will not honour with a bare HTTP status and closes the socket. Refusals
 * say nothing about why (that goes to our log): a caller probing identities learns nothing.
 */
export function refuseUpgrade(socket: Duplex, status: 400 | 401 | 404 | 500 | 503): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const headers = ['Connection: close', 'Content-Length: 0'];
  if (status === 401) headers.push('WWW-Authenticate: Basic realm="OCPP", charset="UTF-8"');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers.join('\r\n')}\r\n\r\n`, () => socket.destroy());
}
