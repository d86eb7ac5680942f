/**
 * A small OCPP central system for tests and benchmarks of the simulator: ocpp-rpc's RPCServer in strict
 * mode on a free port, answering every charger-initiated action with a schema-valid response and recording
 * every call it receives. Tests choose the boot answer per charger and send commands to chargers through it.
 * It stores nothing: end-to-end tests use the real central system (services/csms) instead.
 */
import type { AddressInfo } from 'node:net';
import { createRPCError, RPCServer } from 'ocpp-rpc';

/** The parts of ocpp-rpc's server-side client this module uses. */
interface ServerClient {
  identity: string;
  protocol: string;
  handle: (action: string, fn: (req: { params: unknown; messageId: string }) => unknown) => void;
  call: (action: string, params: unknown, opts?: Record<string, unknown>) => Promise<unknown>;
  close: (opts?: Record<string, unknown>) => Promise<unknown>;
  on: (event: string, fn: (...args: never[]) => void) => void;
}

export interface ReceivedCall {
  identity: string;
  protocol: string;
  action: string;
  params: Record<string, unknown>;
  messageId: string;
  /** Order of arrival across all chargers. */
  seq: number;
}

export interface ConnectionEvent {
  identity: string;
  kind: 'connected' | 'closed';
  code?: number;
  seq: number;
}

export interface BootDecision {
  status: 'Accepted' | 'Pending' | 'Rejected';
  interval: number;
}

export interface RecordingCentralSystemOptions {
  /** Boot answer per charger; default Accepted with a 300 s heartbeat. */
  boot?: (identity: string, attempt: number) => BootDecision;
  /** Passwords to check (identity → password); absent: any password is fine. */
  passwords?: Map<string, string>;
  /** idTags answered Invalid. */
  invalidIdTags?: Set<string>;
  /** Keep received calls (default true; benchmarks switch it off). */
  record?: boolean;
  /** Answer this call with a CALLERROR of the returned code instead (the call is still recorded). */
  failCall?: (call: Omit<ReceivedCall, 'seq'>) => string | undefined;
}

export interface RecordingCentralSystem {
  url: string;
  calls: ReceivedCall[];
  connections: ConnectionEvent[];
  /** Malformed frames the server saw from each charger. */
  badMessages: Array<{ identity: string; error: string }>;
  /** Calls received so far with this action (and identity). */
  received(action: string, identity?: string): ReceivedCall[];
  /** Sends a command to a connected charger and returns its answer. */
  command(identity: string, action: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  isConnected(identity: string): boolean;
  /** Drops a charger's connection from the server side without a close frame. */
  dropConnection(identity: string): void;
  close(): Promise<void>;
}

export async function startRecordingCentralSystem(opts: RecordingCentralSystemOptions = {}): Promise<RecordingCentralSystem> {
  const server = new RPCServer({ protocols: ['ocpp1.6', 'ocpp2.0.1'], strictMode: true, pingIntervalMs: 0 });
  const record = opts.record ?? true;
  const calls: ReceivedCall[] = [];
  const connections: ConnectionEvent[] = [];
  const badMessages: Array<{ identity: string; error: string }> = [];
  const clients = new Map<string, ServerClient>();
  const bootAttempts = new Map<string, number>();
  let seq = 0;
  let nextTxId = 1000;

  server.auth((accept, reject, handshake) => {
    const expected = opts.passwords?.get(handshake.identity);
    if (opts.passwords && (expected === undefined || handshake.password?.toString('utf8') !== expected)) {
      reject(401, 'Unauthorized');
      return;
    }
    accept({});
  });

  server.on('client', (raw: unknown) => {
    const client = raw as ServerClient;
    const identity = client.identity;
    clients.set(identity, client);
    connections.push({ identity, kind: 'connected', seq: seq++ });
    client.on('close', (({ code }: { code: number }) => {
      if (clients.get(identity) === client) clients.delete(identity);
      connections.push({ identity, kind: 'closed', code, seq: seq++ });
    }) as never);
    client.on('badMessage', (({ error }: { error: Error }) => badMessages.push({ identity, error: error.message })) as never);
    const on = (action: string, answer: (params: Record<string, unknown>) => unknown) =>
      client.handle(action, ({ params, messageId }: { params: unknown; messageId: string }) => {
        const call = { identity, protocol: client.protocol, action, params: params as Record<string, unknown>, messageId };
        if (record) calls.push({ ...call, seq: seq++ });
        const error = opts.failCall?.(call);
        if (error) throw createRPCError(error, 'refused by the test');
        return answer(params as Record<string, unknown>);
      });
    const now = () => new Date().toISOString();
    const idStatus = (tag: string) => (opts.invalidIdTags?.has(tag) ? 'Invalid' : 'Accepted');

    on('BootNotification', () => {
      const attempt = (bootAttempts.get(identity) ?? 0) + 1;
      bootAttempts.set(identity, attempt);
      const d = opts.boot?.(identity, attempt) ?? { status: 'Accepted', interval: 300 };
      return { currentTime: now(), interval: d.interval, status: d.status };
    });
    on('Heartbeat', () => ({ currentTime: now() }));
    on('StatusNotification', () => ({}));
    on('MeterValues', () => ({}));
    on('FirmwareStatusNotification', () => ({}));
    on('DiagnosticsStatusNotification', () => ({}));
    on('LogStatusNotification', () => ({}));
    on('NotifyEvent', () => ({}));
    if (client.protocol === 'ocpp2.0.1') {
      on('Authorize', (p) => ({ idTokenInfo: { status: idStatus((p.idToken as { idToken: string }).idToken) } }));
      on('TransactionEvent', (p) => {
        const token = p.idToken as { idToken: string } | undefined;
        return token ? { idTokenInfo: { status: idStatus(token.idToken) } } : {};
      });
    } else {
      on('Authorize', (p) => ({ idTagInfo: { status: idStatus(p.idTag as string) } }));
      on('StartTransaction', (p) => ({ transactionId: nextTxId++, idTagInfo: { status: idStatus(p.idTag as string) } }));
      on('StopTransaction', () => ({}));
    }
  });

  const http = await server.listen(0, '127.0.0.1');
  const { port } = http.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    calls,
    connections,
    badMessages,
    received: (action, identity) => calls.filter((c) => c.action === action && (!identity || c.identity === identity)),
    async command(identity, action, params) {
      const client = clients.get(identity);
      if (!client) throw new Error(`${identity} is not connected`);
      return (await client.call(action, params)) as Record<string, unknown>;
    },
    isConnected: (identity) => clients.has(identity),
    dropConnection(identity) {
      void clients.get(identity)?.close({ force: true });
    },
    async close() {
      await server.close({ force: true });
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
