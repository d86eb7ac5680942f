/**
 * The OCPP-J central system: one WebSocket endpoint for OCPP 1.6 and 2.0.1 chargers, on ocpp-rpc in
 * strict mode (every request and every answer is checked against the official JSON schemas).
 *
 * This module composes the parts and owns the sockets: the upgrade (route, subprotocol, credentials),
 * one `ChargerConnection` per charger, the journal of every frame, connectivity records, commands,
 * and shutdown. What each message means and how it is stored live in `@pilewatch/ocpp` and
 * `@pilewatch/store`; the per-message path is `call-pipeline.ts`.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ocppRpc from 'ocpp-rpc';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import type { Logger } from 'pino';
import type { Config } from '@pilewatch/config';
import { supportedActions, type Command, type CommandResult, type ProtocolVersion } from '@pilewatch/ocpp';
import {
  getChargerAuth,
  registerPendingCharger,
  verifyPassword,
  type Database,
  type Writer,
} from '@pilewatch/store';
import { admitCharger, type ChargerDirectory, type RegistrationStatus } from './admission.js';
import { handleCall, type PipelineContext } from './call-pipeline.js';
import { callErrorCode } from './callerror-codes.js';
import { closeCause } from './close-cause.js';
import { sendCommand } from './commands.js';
import { adoptProtocol, ChargerConnection, type AdmittedSession } from './connection.js';
import { endpointUrl, matchEndpoint, refuseUpgrade } from './endpoint.js';
import { csmsError } from './errors.js';
import type { CentralSystemEventMap, CentralSystemEvents, ConnectivityEventKind } from './events.js';
import { HeartbeatDeadline } from './heartbeat-deadline.js';
import { StatsRecorder, type CsmsStats } from './stats.js';
import { negotiateProtocol, parseOfferedProtocols, servedProtocols } from './subprotocol.js';

const { RPCServer } = ocppRpc;

export interface CentralSystemOptions {
  config: Config;
  db: Database;
  writer: Writer;
  log: Logger;
  /** names this process in connectivity records (which node held the socket); default host:pid */
  nodeId?: string;
  /** how long `close()` lets in-flight messages finish before cutting sockets; default 10 s */
  shutdownGraceMs?: number;
}

export interface CentralSystem {
  /** Starts accepting chargers on `config.ocpp.host:port`; `url` is the endpoint prefix (append `/<identity>`). */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops accepting, lets in-flight messages finish, closes every socket and records the disconnects. */
  close(): Promise<void>;
  /** Sends a command to a charger connected to this node; rejects with a coded `CsmsError`. */
  sendCommand(chargerId: string, command: Command): Promise<CommandResult>;
  /** Identities with an open connection on this node. */
  connected(): string[];
  readonly events: CentralSystemEvents;
  stats(): CsmsStats;
}

export function createCentralSystem(options: CentralSystemOptions): CentralSystem {
  return new OcppCentralSystem(options);
}

type ConnectivityExtras = {
  protocol?: ProtocolVersion;
  remoteAddress?: string;
  detail?: Record<string, unknown>;
  heartbeatIntervalS?: number;
};

class OcppCentralSystem implements CentralSystem {
  readonly events: CentralSystemEvents = new EventEmitter<CentralSystemEventMap>();
  private readonly config: Config;
  private readonly writer: Writer;
  private readonly log: Logger;
  private readonly nodeId: string;
  private readonly shutdownGraceMs: number;
  private readonly rpc: InstanceType<typeof RPCServer>;
  private readonly http: Server;
  private readonly directory: ChargerDirectory;
  private readonly pipeline: PipelineContext;
  private readonly recorder = new StatsRecorder();
  private readonly connections = new Map<string, ChargerConnection>();
  private readonly admitted = new WeakMap<IncomingMessage, { session: AdmittedSession; echoed: boolean }>();
  /** connectivity writes per charger, chained so they commit in the order they happened */
  private readonly connectivityChains = new Map<string, Promise<void>>();
  private readonly pendingWrites = new Set<Promise<void>>();
  private readonly lastConnectivityAt = new Map<string, number>();
  private state: 'idle' | 'listening' | 'closing' | 'closed' = 'idle';
  private closing: Promise<void> | undefined;

  constructor({ config, db, writer, log, nodeId, shutdownGraceMs }: CentralSystemOptions) {
    this.config = config;
    this.writer = writer;
    this.log = log.child({ component: 'csms' });
    this.nodeId = nodeId ?? `${hostname()}:${process.pid}`;
    this.shutdownGraceMs = shutdownGraceMs ?? 10_000;
    this.directory = {
      find: async (id) => {
        const record = await getChargerAuth(db, id);
        return record && { passwordHash: record.passwordHash, registrationStatus: record.registrationStatus, securityProfile: record.securityProfile };
      },
      verifyPassword: (plain, hash) => verifyPassword(plain, hash),
      registerPending: async (id) => {
        await registerPendingCharger(db, id);
      },
    };
    this.pipeline = {
      config,
      writer,
      published: (chargerId, event) => this.emit('domain', { type: 'domain', chargerId, event }),
      booted: (connection, status, at) => this.booted(connection, status, at),
    };

    this.rpc = new RPCServer({
      protocols: [...servedProtocols],
      strictMode: true,
      pingIntervalMs: config.ocpp.pingIntervalS * 1000,
      callTimeoutMs: config.ocpp.callTimeoutS * 1000,
      respondWithDetailedErrors: false,
    });
    // The real decision was taken in onUpgrade (where we control the HTTP answer); this only hands it over.
    this.rpc.auth((accept, reject, handshake) => {
      const decided = this.admitted.get(handshake.request);
      if (!decided) return reject(500, 'Internal Server Error');
      accept(decided.session, decided.echoed ? decided.session.protocol : false);
    });
    this.rpc.on('client', (client: RPCServerClient) => this.onClient(client));
    this.rpc.on('error', (err: unknown) => this.log.error({ err }, 'WebSocket server error'));

    this.http = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onUpgrade(req, socket, head));
    this.http.on('clientError', (_err, socket) => socket.destroy());
  }

  async listen(): Promise<{ port: number; url: string }> {
    if (this.state !== 'idle') throw csmsError('PW_CSMS_ALREADY_LISTENING', 'listen', { state: this.state });
    const { host, port, path } = this.config.ocpp;
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.state = 'listening';
    const bound = (this.http.address() as AddressInfo).port;
    const url = endpointUrl(host, bound, path);
    this.log.info({ url, nodeId: this.nodeId }, 'OCPP endpoint listening');
    return { port: bound, url };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  async sendCommand(chargerId: string, command: Command): Promise<CommandResult> {
    const connection = this.connections.get(chargerId);
    if (!connection) throw csmsError('PW_CSMS_CHARGER_OFFLINE', `${command.kind} to ${chargerId}`);
    const { result } = await sendCommand(connection, command, {
      callTimeoutMs: this.config.ocpp.callTimeoutS * 1000,
      stats: this.recorder,
    });
    return result;
  }

  connected(): string[] {
    return [...this.connections.keys()];
  }

  stats(): CsmsStats {
    return this.recorder.snapshot();
  }

  // ---- the upgrade: route, subprotocol, credentials -------------------------------------------------

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const remoteAddress = req.socket.remoteAddress;
    const swallow = (err: Error) => this.log.debug({ err, remoteAddress }, 'socket error during upgrade');
    socket.on('error', swallow);
    // `counted` is the stats key: a fixed phrase, so what a client sends cannot grow the table.
    const refuse = (status: 400 | 401 | 404 | 500 | 503, reason: string, chargerId?: string, counted = reason) => {
      this.recorder.refusal(counted);
      this.log.warn({ chargerId, remoteAddress, status, reason }, 'connection refused');
      refuseUpgrade(socket, status);
    };
    try {
      if (this.state !== 'listening') return refuse(503, 'not accepting connections');
      const match = matchEndpoint(req.url, this.config.ocpp.path);
      if (!match.ok) return refuse(match.status, match.reason);
      const chargerId = match.identity;
      const offered = parseOfferedProtocols(req.headers['sec-websocket-protocol']);
      if (!offered) return refuse(400, 'malformed Sec-WebSocket-Protocol header', chargerId);
      const negotiation = negotiateProtocol(offered);
      if (!negotiation.ok) return refuse(400, negotiation.reason, chargerId, 'no served subprotocol offered');
      const admission = await admitCharger(this.directory, {
        identity: chargerId,
        authorization: req.headers.authorization,
        autoRegister: this.config.ocpp.autoRegister,
      });
      if (!admission.admitted) return refuse(401, admission.reason, chargerId);
      if (socket.destroyed) return;
      if (this.state !== 'listening') return refuse(503, 'not accepting connections', chargerId);
      this.admitted.set(req, {
        session: {
          protocol: negotiation.protocol,
          registrationStatus: admission.registrationStatus,
          autoRegistered: admission.autoRegistered,
        },
        echoed: negotiation.echoed,
      });
      socket.off('error', swallow);
      await this.rpc.handleUpgrade(req, socket as Parameters<typeof this.rpc.handleUpgrade>[1], head);
    } catch (err) {
      this.log.error({ err, remoteAddress }, 'upgrade failed');
      refuseUpgrade(socket, 500);
    }
  }

  // ---- a connection's life ---------------------------------------------------------------------------

  private onClient(client: RPCServerClient): void {
    const session = client.session as AdmittedSession;
    const chargerId = client.identity!;
    const { protocol } = session;
    const remoteAddress = client.handshake.remoteAddress;
    const log = this.log.child({ chargerId });
    if (client.protocol !== protocol && !adoptProtocol(client, protocol)) {
      log.error({ protocol }, 'cannot make ocpp-rpc validate this connection as the adopted protocol; closing it');
      void client.close({ code: 1011, reason: 'Internal error' });
      return;
    }

    const { heartbeatIntervalS, heartbeatGraceFactor } = this.config.ocpp;
    const deadline = new HeartbeatDeadline(
      heartbeatIntervalS * heartbeatGraceFactor * 1000,
      (silentForMs) => this.heartbeatMissed(connection, silentForMs),
      () => this.heartbeatResumed(connection),
    );
    const connection = new ChargerConnection(client, chargerId, protocol, remoteAddress, session, log, deadline);
    this.watch(connection);
    for (const action of supportedActions[protocol]) {
      client.handle(action, ({ messageId, method, params }) =>
        handleCall(this.pipeline, connection, { messageId: messageId!, method: method ?? action, params }),
      );
    }

    const previous = this.connections.get(chargerId);
    this.connections.set(chargerId, connection);
    this.recorder.connection(protocol, 1);
    if (previous) {
      previous.replaced = true;
      this.recordConnectivity(chargerId, 'replaced', {
        protocol: previous.protocol,
        remoteAddress: previous.remoteAddress,
        detail: { replacedBy: remoteAddress ?? null },
      });
      log.info({ previousRemoteAddress: previous.remoteAddress, remoteAddress }, 'a new connection replaces the open one');
      void previous.client.close({ code: 1000, reason: 'Replaced by a newer connection' });
    }
    // The interval is the one every Accepted boot is answered with; the worker's offline check reads it.
    this.recordConnectivity(chargerId, 'connected', { protocol, remoteAddress, heartbeatIntervalS: this.config.ocpp.heartbeatIntervalS });
    deadline.start();
    log.info(
      { protocol, remoteAddress, registrationStatus: session.registrationStatus, autoRegistered: session.autoRegistered },
      'charger connected',
    );
  }

  /** Journal, stats, error-code dialect and bookkeeping for every frame of one connection. */
  private watch(connection: ChargerConnection): void {
    const { client, protocol, log } = connection;

    client.on('message', ({ message, outbound }: { message: Buffer | string; outbound: boolean }) => {
      if (outbound) return;
      connection.currentFrame = String(message);
      connection.deadline.heard();
    });

    client.on('call', ({ outbound, payload }: { outbound: boolean; payload: unknown[] }) => {
      const messageId = String(payload[1]);
      const action = String(payload[2]);
      if (outbound) {
        connection.outbound.set(messageId, action);
        this.journal(connection, 'out', 2, messageId, action, JSON.stringify(payload));
        return;
      }
      const inFlight = connection.inbound.get(messageId);
      if (inFlight) {
        // ocpp-rpc refuses a second CALL with an id still in flight; it never reaches the writer.
        inFlight.concurrentRetransmissions += 1;
        this.journal(connection, 'in', 2, messageId, action, connection.currentFrame);
        return;
      }
      connection.inbound.set(messageId, {
        action,
        frame: connection.currentFrame,
        receivedAt: new Date(),
        duplicate: false,
        journaledByWriter: false,
        concurrentRetransmissions: 0,
      });
    });

    client.on('response', ({ outbound, payload }: { outbound: boolean; payload: unknown[] }) => {
      const messageType = payload[0] === 3 ? 3 : 4;
      const messageId = String(payload[1]);
      if (!outbound) {
        this.journal(connection, 'in', messageType, messageId, connection.outbound.get(messageId), connection.currentFrame);
        return;
      }
      // Our answer to a CALL, about to be serialised by ocpp-rpc: put its error code in the charger's dialect.
      if (messageType === 4) payload[2] = callErrorCode(protocol, String(payload[2]), 'call');
      const call = connection.inbound.get(messageId);
      if (call && call.concurrentRetransmissions > 0) call.concurrentRetransmissions -= 1;
      else if (call) {
        connection.inbound.delete(messageId);
        const result = messageType === 3 ? (call.duplicate ? 'duplicate' : 'ok') : String(payload[2]);
        this.recorder.inbound(call.action, result, Date.now() - call.receivedAt.getTime());
        // Refused before (or by) the writer: the CALL is journaled here, next to our answer.
        if (!call.journaledByWriter) this.journal(connection, 'in', 2, messageId, call.action, call.frame, call.receivedAt);
      }
      this.journal(connection, 'out', messageType, messageId, call?.action, JSON.stringify(payload));
    });

    const settle = ({ outbound, messageId }: { outbound: boolean; messageId: string }) => {
      if (outbound) connection.outbound.delete(messageId);
    };
    client.on('callResult', settle);
    client.on('callError', settle);

    client.on('badMessage', ({ buffer, error, response }: { buffer: Buffer; error: Error; response: unknown[] | null }) => {
      this.recorder.badFrame();
      log.warn({ reason: error.message, frame: preview(buffer) }, 'unreadable frame');
      if (!response) return;
      response[2] = callErrorCode(protocol, String(response[2]), 'frame');
      // ocpp-rpc gives up on the id when the message type is unknown, but the id may well be readable, and
      // the extension fallback (OCPP-J 2.0.1 §4.4) answers MessageTypeNotSupported *for that message*.
      if (response[1] === '-1') response[1] = readableMessageId(buffer) ?? '-1';
      this.journal(connection, 'out', 4, String(response[1]), undefined, JSON.stringify(response));
    });

    client.on(
      'strictValidationFailure',
      ({ error, outbound, isCall, method, messageId }: { error: Error; outbound: boolean; isCall: boolean; method: string; messageId: string }) => {
        const where = { messageId, action: method, reason: error.message };
        if (isCall && outbound) {
          connection.validationFailures.set(error, 'request');
          log.error(where, 'a command we built fails the OCPP schema; not sent');
        } else if (!isCall && !outbound) {
          connection.validationFailures.set(error, 'response');
          log.warn(where, "the charger's answer to a command fails the OCPP schema");
        } else if (isCall) {
          log.warn(where, 'the charger sent a CALL that fails the OCPP schema');
        } else {
          log.error(where, 'our answer fails the OCPP schema; sent InternalError instead');
        }
      },
    );

    client.on('ping', () => {
      connection.lastPongAt = Date.now();
    });

    client.once('close', ({ code, reason }: { code: number; reason: string }) => this.onClose(connection, code, reason));
  }

  private onClose(connection: ChargerConnection, code: number, reason: string): void {
    const { chargerId, protocol, remoteAddress, log } = connection;
    connection.onClosed();
    this.recorder.connection(protocol, -1);
    if (this.connections.get(chargerId) !== connection) {
      // Replaced: the newer connection is the charger's state now; `replaced` already recorded this one's end.
      log.info({ code, remoteAddress }, 'replaced connection closed');
      return;
    }
    this.connections.delete(chargerId);
    const cause = closeCause({
      code,
      msSinceLastPong: connection.msSinceLastPong(),
      pingIntervalMs: this.config.ocpp.pingIntervalS * 1000,
    });
    this.recordConnectivity(chargerId, cause, { protocol, remoteAddress, detail: { code, reason: reason || null } });
    log.info({ code, reason, cause }, 'charger disconnected');
  }

  private heartbeatMissed(connection: ChargerConnection, silentForMs: number): void {
    if (this.connections.get(connection.chargerId) !== connection) return;
    const { heartbeatIntervalS } = this.config.ocpp;
    connection.log.warn({ silentForMs, heartbeatIntervalS }, 'heartbeat deadline missed');
    this.recordConnectivity(connection.chargerId, 'heartbeat_missed', {
      protocol: connection.protocol,
      detail: { silentForS: Math.round(silentForMs / 100) / 10, heartbeatIntervalS },
    });
  }

  /**
   * A charger that missed its deadline spoke again. The store marks a charger online only on `connected`
   * (a missed deadline marks it offline), so its return is recorded as a `connected` with `resumed`.
   */
  private heartbeatResumed(connection: ChargerConnection): void {
    if (this.connections.get(connection.chargerId) !== connection) return;
    connection.log.info('charger speaks again after missing its heartbeat deadline');
    this.recordConnectivity(connection.chargerId, 'connected', {
      protocol: connection.protocol,
      remoteAddress: connection.remoteAddress,
      heartbeatIntervalS: this.config.ocpp.heartbeatIntervalS,
      detail: { resumed: true, connectedAt: connection.connectedAt.toISOString() },
    });
  }

  /** The writer stored the `booted` connectivity event with the boot itself; listeners still hear of it. */
  private booted(connection: ChargerConnection, status: RegistrationStatus, time: Date): void {
    connection.log.info({ registrationStatus: status }, 'charger booted');
    this.emit('connectivity', {
      type: 'connectivity',
      chargerId: connection.chargerId,
      event: 'booted',
      time,
      protocol: connection.protocol,
      detail: { registrationStatus: status },
    });
  }

  // ---- records and events ----------------------------------------------------------------------------

  private journal(
    connection: ChargerConnection,
    direction: 'in' | 'out',
    messageType: 2 | 3 | 4,
    messageId: string,
    action: string | undefined,
    frame: string,
    time = new Date(),
  ): void {
    try {
      this.writer.journal({
        chargerId: connection.chargerId,
        direction,
        messageType,
        messageId,
        action,
        protocol: connection.protocol,
        frame,
        time,
      });
    } catch (err) {
      connection.log.error({ err, messageId }, 'frame not journaled');
    }
  }

  private recordConnectivity(chargerId: string, event: ConnectivityEventKind, extras: ConnectivityExtras): void {
    // Events of one charger get strictly increasing times: `replaced` and the `connected` that caused it
    // often fall in the same millisecond, and readers order by time.
    const last = this.lastConnectivityAt.get(chargerId) ?? 0;
    const time = new Date(Math.max(Date.now(), last + 1));
    this.lastConnectivityAt.set(chargerId, time.getTime());
    const previous = this.connectivityChains.get(chargerId) ?? Promise.resolve();
    const write = previous
      .then(() => this.writer.connectivity({ chargerId, event, time, nodeId: this.nodeId, ...extras }))
      .then(
        () =>
          this.emit('connectivity', {
            type: 'connectivity',
            chargerId,
            event,
            time,
            ...(extras.protocol ? { protocol: extras.protocol } : {}),
            ...(extras.detail ? { detail: extras.detail } : {}),
          }),
        (err: unknown) => this.log.error({ err, chargerId, event }, 'connectivity event not stored'),
      );
    this.connectivityChains.set(chargerId, write);
    this.pendingWrites.add(write);
    void write.finally(() => {
      this.pendingWrites.delete(write);
      if (this.connectivityChains.get(chargerId) === write) this.connectivityChains.delete(chargerId);
    });
  }

  private emit<K extends keyof CentralSystemEventMap>(name: K, ...payload: CentralSystemEventMap[K]): void {
    try {
      (this.events.emit as (name: K, ...args: CentralSystemEventMap[K]) => boolean)(name, ...payload);
    } catch (err) {
      // A listener's failure is its own; the charger's message is committed and must still be answered.
      this.log.error({ err, event: name }, 'an event listener threw');
    }
  }

  // ---- shutdown ----------------------------------------------------------------------------------------

  private async shutdown(): Promise<void> {
    const wasListening = this.state === 'listening';
    this.state = 'closing';
    const httpClosed = wasListening
      ? new Promise<void>((resolve) => this.http.close(() => resolve()))
      : Promise.resolve();
    const open = [...this.connections.values()];
    this.log.info({ connections: open.length }, 'closing the OCPP endpoint');
    // Closes every socket after its in-flight answers are sent (awaitPending), so what was committed is acked.
    void this.rpc.close({ code: 1001, reason: 'Server shutting down', awaitPending: true });
    const allClosed = Promise.all(open.map((c) => c.closed));
    const graceExpired = sleep(this.shutdownGraceMs, 'expired' as const, { ref: false });
    if ((await Promise.race([allClosed, graceExpired])) === 'expired') {
      this.log.warn({ open: this.connections.size }, 'shutdown grace expired; cutting the remaining sockets');
      for (const c of open) void c.client.close({ force: true });
      await allClosed;
    }
    while (this.pendingWrites.size > 0) await Promise.allSettled([...this.pendingWrites]);
    this.http.closeAllConnections();
    await httpClosed;
    this.state = 'closed';
    this.log.info('OCPP endpoint closed');
  }
}

/** The message id of a frame that failed for another reason, when it is a JSON array with a string id. */
function readableMessageId(buffer: Buffer | string): string | undefined {
  try {
    const frame: unknown = JSON.parse(String(buffer));
    return Array.isArray(frame) && typeof frame[1] === 'string' ? frame[1] : undefined;
  } catch {
    return undefined;
  }
}

function preview(buffer: Buffer | string): string {
  const text = String(buffer);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
