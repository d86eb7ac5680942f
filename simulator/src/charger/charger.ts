/**
 * One virtual pile: it connects, boots, heartbeats, reports every connector's status, runs charging
 * sessions with meter values, keeps transaction messages through outages, fails in the ways real piles
 * fail, and obeys the central system's commands. Behaviour here is version-neutral; its dialect
 * (ocpp16/ or ocpp201/) turns it into messages.
 *
 * All timing goes through the fleet's one scheduler in simulated time, and every random choice comes from
 * the charger's own seeded streams, so a seed replays the same day.
 */
import type { SimClock } from '../clock.js';
import { SimulatorError } from '../errors.js';
import type { ChargerSpec, Station } from '../fleet/fleet.js';
import { hashString, Random } from '../random.js';
import type { FleetStats } from '../run/stats.js';
import type { Scheduler, Timer } from '../scheduler.js';
import type { Scenario } from '../scenario/scenario.js';
import { arrivalCurve, nextArrival } from './arrivals.js';
import { chaosFrame, chaosFrameKinds, type ChaosFrameKind } from './chaos.js';
import { drawSessionPlan, integrate, temperatures, electrical, type SessionPlan } from './charging-curve.js';
import type { BootAnswer, BootReason, CommandTarget, Dialect, RegistrationStatus, TriggerableMessage } from './dialect.js';
import { defaultFaultMix, faultCatalogue, tripTemperature, type FaultKind } from './faults.js';
import { Ledger, type LedgerMode } from './ledger.js';
import { readMeter } from './meter.js';
import { Outbox, type Delivery, type Outgoing } from './outbox.js';
import type { ActiveFault, ConnectorState, ConnectorStatus, ProtocolVersion, Session, StopCause } from './session.js';
import { defaultSettings, type ChargerSettings } from './settings.js';
import { ChargerSocket } from './socket.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** What every charger of a run shares. */
export interface FleetContext {
  url: string;
  clock: SimClock;
  scheduler: Scheduler;
  stats: FleetStats;
  scenario: Scenario;
  seed: number | string;
  ledgerMode: LedgerMode;
  chaos: boolean;
  callTimeoutMs: number;
  /** Reconnect backoff in real ms: first delay and ceiling (each attempt doubles, ±50% jitter). */
  backoff: { initialMs: number; maxMs: number };
  /** Most transaction messages a charger keeps while offline. */
  queueLimit: number;
  dialects: Record<ProtocolVersion, Dialect>;
  /** Notified of things worth a log line (connect failures, protocol violations). */
  onEvent?: (event: ChargerEvent) => void;
}

export interface ChargerEvent {
  chargerId: string;
  kind: 'connect-failed' | 'protocol-violation' | 'bad-message' | 'command';
  detail: string;
}

export type LinkState = 'offline' | 'connecting' | 'open';

export interface ConnectorSnapshot {
  evseId: number;
  connectorId: number;
  status: ConnectorStatus;
  fault?: FaultKind;
  registerWh: number;
  operative: boolean;
  session?: { idTag: string; txRef?: string; phase: Session['phase']; soc: number; energyWh: number; powerW: number };
}

export interface PlugInOptions {
  /** Default: the first free connector. */
  evseId?: number;
  idTag?: string;
  /** Override the drawn car and stay (tests). */
  plan?: Partial<SessionPlan>;
}

export class VirtualCharger implements CommandTarget {
  readonly id: string;
  readonly protocol: ProtocolVersion;
  readonly connectors: ConnectorState[];
  readonly settings: ChargerSettings;
  readonly ledger: Ledger;
  link: LinkState = 'offline';
  registration: RegistrationStatus | 'none' = 'none';
  powered = false;
  networkUp = true;
  /** Milliseconds this pile's clock is ahead of (positive) or behind (negative) true simulated time. */
  skewMs = 0;
  lastConnectError: string | undefined;

  private socket: ChargerSocket | undefined;
  private readonly outbox: Outbox;
  private readonly dialect: Dialect;
  private readonly rng: {
    sessions: Random;
    incidents: Random;
    network: Random;
    chaos: Random;
    ids: Random;
  };
  private readonly arrivalRng: Random[];
  private readonly curve: number[];
  private timers: {
    heartbeat?: Timer;
    meter?: Timer;
    boot?: Timer;
    reconnect?: Timer;
    power?: Timer;
    network?: Timer;
    incidents: Timer[];
  } = { incidents: [] };
  private backoffAttempt = 0;
  private sessionSeq = 0;
  private eventSeq = 0;
  private notifySeq = 0;
  private needsBoot = true;
  private bootReason: BootReason = 'PowerUp';
  private rebooting = false;
  private connectOnClose = false;
  private pendingReset: { hard: boolean } | undefined;
  private stopped = false;
  private gauges = { connected: 0, booted: 0, pending: 0, rejected: 0, charging: 0, faulted: 0 };

  constructor(
    readonly spec: ChargerSpec,
    readonly station: Station,
    private readonly ctx: FleetContext,
  ) {
    this.id = spec.id;
    this.protocol = spec.protocol;
    this.dialect = ctx.dialects[spec.protocol];
    this.settings = defaultSettings(ctx.scenario.meterIntervalS);
    this.ledger = new Ledger(ctx.ledgerMode);
    const root = new Random(ctx.seed).derive(`charger:${spec.id}`);
    this.rng = {
      sessions: root.derive('sessions'),
      incidents: root.derive('incidents'),
      network: root.derive('network'),
      chaos: root.derive('chaos'),
      ids: root.derive('ids'),
    };
    this.arrivalRng = spec.connectors.map((c) => root.derive(`arrivals:${c.evseId}`));
    this.curve = arrivalCurve(station.category, ctx.scenario.demand);
    const registerRng = root.derive('register');
    this.connectors = spec.connectors.map((c) => ({
      spec: c,
      status: 'Available',
      registerWh: Math.round(registerRng.between(c.currentType === 'DC' ? 2e6 : 2e5, c.currentType === 'DC' ? 9e7 : 6e6)),
      operative: true,
      inoperativeScheduled: false,
    }));
    const clockRng = root.derive('clock');
    const { skewedShare, skewS } = ctx.scenario.clock;
    if (clockRng.chance(skewedShare)) this.skewMs = Math.round(clockRng.between(skewS[0], skewS[1]) * SECOND);
    ctx.stats.chargers++;
    this.outbox = new Outbox({
      chargerId: this.id,
      stats: ctx.stats,
      ledger: this.ledger,
      scheduler: ctx.scheduler,
      queueLimit: ctx.queueLimit,
      canSend: (m) => this.link === 'open' && (this.registration === 'Accepted' || m.beforeAccepted === true),
      call: (action, payload, onId) => this.call(action, payload, onId),
      isOnline: () => this.isOnline(),
      maxAttempts: () => this.settings.transactionMessageAttempts,
      retryDelay: (n) => ctx.clock.fromReal(this.settings.transactionMessageRetryIntervalS * SECOND * n),
      toIso: (t) => this.toIso(t),
    });
  }

  // ---------------------------------------------------------------- views

  get now(): number {
    return this.ctx.clock.now();
  }

  isOnline(): boolean {
    return this.link === 'open';
  }

  toIso(t: number): string {
    return new Date(Math.round(t + this.skewMs)).toISOString();
  }

  nextEventId(): number {
    return ++this.eventSeq;
  }

  nextNotifySeq(): number {
    return this.notifySeq++;
  }

  newTransactionId(): string {
    const h = this.rng.ids.chars(32, '0123456789abcdef');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  chargerFault(): ActiveFault | undefined {
    return this.connectors.find((c) => c.fault && faultCatalogue[c.fault.kind].scope === 'charger')?.fault;
  }

  /** Transaction messages waiting to be delivered. */
  get queuedTransactionMessages(): number {
    return this.outbox.pendingTransactional;
  }

  connector(evseId: number): ConnectorState | undefined {
    return this.connectors.find((c) => c.spec.evseId === evseId);
  }

  snapshot(): { id: string; protocol: ProtocolVersion; link: LinkState; registration: string; powered: boolean; connectors: ConnectorSnapshot[] } {
    return {
      id: this.id,
      protocol: this.protocol,
      link: this.link,
      registration: this.registration,
      powered: this.powered,
      connectors: this.connectors.map((c) => ({
        evseId: c.spec.evseId,
        connectorId: c.spec.connectorId,
        status: c.status,
        ...(c.fault ? { fault: c.fault.kind } : {}),
        registerWh: Math.round(c.registerWh),
        operative: c.operative,
        ...(c.session
          ? {
              session: {
                idTag: c.session.idTag,
                ...(c.session.txRef !== undefined ? { txRef: c.session.txRef } : {}),
                phase: c.session.phase,
                soc: c.session.soc,
                energyWh: c.session.energyWh,
                powerW: c.session.powerW,
              },
            }
          : {}),
      })),
    };
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Powers the pile on at simulated instant `at` (default now): it connects and boots, and (per the
   * scenario) starts living its day. Its arrivals and incidents are drawn from `at`, not from when the
   * machine got round to it, so a seed replays the same day.
   */
  start(at = this.now): void {
    if (this.powered || this.stopped) return;
    this.powerOn(at, 'PowerUp');
    this.scheduleIncidents(at);
  }

  /** Ends the pile's run: cancels its timers and closes its connection with a close frame. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimers();
    for (const c of this.connectors) this.ctx.scheduler.cancel(c.arrivalTimer);
    this.outbox.clear();
    const socket = this.socket;
    this.link = 'offline';
    this.refreshGauges();
    if (socket) await socket.close({ code: 1001, reason: 'simulation stopped' }).catch(() => undefined);
  }

  private cancelTimers(): void {
    const s = this.ctx.scheduler;
    for (const t of [this.timers.heartbeat, this.timers.meter, this.timers.boot, this.timers.reconnect, this.timers.power, this.timers.network])
      s.cancel(t);
    for (const t of this.timers.incidents) s.cancel(t);
    this.timers = { incidents: [] };
    for (const c of this.connectors) {
      s.cancel(c.session?.departTimer);
      s.cancel(c.session?.authorizeTimer);
    }
  }

  private powerOn(at: number, reason: BootReason): void {
    this.powered = true;
    this.rebooting = false;
    this.needsBoot = true;
    this.bootReason = reason;
    this.registration = 'none';
    for (const c of this.connectors) this.scheduleArrival(c, at);
    this.connect();
  }

  // ---------------------------------------------------------------- connection

  private createSocket(): ChargerSocket {
    const socket = new ChargerSocket({
      url: this.ctx.url,
      identity: this.id,
      password: this.spec.password,
      protocol: this.protocol,
      callTimeoutMs: this.ctx.callTimeoutMs,
      pingIntervalMs: this.settings.webSocketPingIntervalS * SECOND,
    });
    socket.on('close', () => this.onClosed());
    socket.on('strictValidationFailure', (e: { method: string; outbound: boolean; isCall: boolean; error: Error }) => {
      this.ctx.stats.protocolViolations++;
      this.ctx.onEvent?.({
        chargerId: this.id,
        kind: 'protocol-violation',
        detail: `${e.outbound ? 'sent' : 'received'} ${e.method} ${e.isCall ? 'request' : 'response'}: ${e.error.message}`,
      });
    });
    socket.on('badMessage', (e: { error: Error }) => {
      this.ctx.stats.protocolViolations++;
      this.ctx.onEvent?.({ chargerId: this.id, kind: 'bad-message', detail: e.error.message });
    });
    this.dialect.installCommands(socket, this);
    return socket;
  }

  private connect(): void {
    if (this.link !== 'offline' || !this.powered || !this.networkUp || this.stopped || this.rebooting) return;
    this.ctx.scheduler.cancel(this.timers.reconnect);
    const socket = (this.socket ??= this.createSocket());
    if (socket.state !== ChargerSocket.CLOSED) {
      // The previous connection is still going away; connect as soon as it has.
      if (!this.connectOnClose) {
        this.connectOnClose = true;
        socket.once('close', () => {
          this.connectOnClose = false;
          this.connect();
        });
      }
      return;
    }
    this.link = 'connecting';
    socket.connect().then(
      () => this.onOpen(),
      (err: Error & { code?: number }) => {
        if (this.link !== 'connecting') return;
        this.link = 'offline';
        this.ctx.stats.connectFailures++;
        this.lastConnectError = err.code ? `HTTP ${err.code} ${err.message}` : err.message;
        this.ctx.onEvent?.({ chargerId: this.id, kind: 'connect-failed', detail: this.lastConnectError });
        this.scheduleReconnect();
      },
    );
  }

  private scheduleReconnect(): void {
    if (!this.powered || !this.networkUp || this.stopped || this.rebooting) return;
    const { initialMs, maxMs } = this.ctx.backoff;
    const base = Math.min(maxMs, initialMs * 2 ** this.backoffAttempt);
    this.backoffAttempt = Math.min(this.backoffAttempt + 1, 30);
    const delay = base * (0.5 + this.rng.network.next());
    this.ctx.scheduler.cancel(this.timers.reconnect);
    this.timers.reconnect = this.ctx.scheduler.after(this.ctx.clock.fromReal(delay), () => this.connect());
  }

  private onOpen(): void {
    if (this.link !== 'connecting') return;
    if (this.stopped || !this.powered || !this.networkUp || this.rebooting) {
      // The power or the network went while the handshake was in flight.
      this.link = 'offline';
      this.socket?.dropWithoutClose();
      return;
    }
    this.link = 'open';
    this.backoffAttempt = 0;
    this.lastConnectError = undefined;
    this.ctx.stats.connects++;
    this.refreshGauges();
    if (this.needsBoot || this.registration !== 'Accepted') this.sendBoot();
    else this.resumeAfterReconnect();
  }

  private onClosed(): void {
    if (this.link === 'connecting') return; // a failed handshake: connect() handles it
    if (this.link !== 'open') return; // already accounted for by cutLink()
    this.linkLost();
    this.scheduleReconnect();
  }

  /** Bookkeeping for a connection that is gone, whoever noticed first. */
  private linkLost(): void {
    this.link = 'offline';
    this.ctx.stats.disconnects++;
    this.ctx.scheduler.cancel(this.timers.heartbeat);
    this.ctx.scheduler.cancel(this.timers.boot);
    this.outbox.connectionLost();
    this.refreshGauges();
  }

  /** Back online without a reboot: deliver what was queued, then report the state as it is now. */
  private resumeAfterReconnect(): void {
    this.outbox.pump();
    this.reportAll(this.now, true);
    this.scheduleHeartbeat();
  }

  private call(action: string, payload: Record<string, unknown>, onId: (id: string) => void): Promise<unknown> {
    const socket = this.socket;
    if (!socket || this.link !== 'open') return Promise.reject(new Error('not connected'));
    const spy = (e: { outbound: boolean; payload: unknown[] }) => {
      if (e.outbound && e.payload[3] === payload) {
        onId(e.payload[1] as string);
        socket.off('call', spy);
      }
    };
    socket.on('call', spy);
    return socket.call(action, payload).finally(() => socket.off('call', spy));
  }

  private send(msg: Outgoing | undefined, delivery?: Delivery): void {
    if (msg) this.outbox.send(msg, delivery);
  }

  // ---------------------------------------------------------------- boot and heartbeat

  private sendBoot(): void {
    this.ctx.scheduler.cancel(this.timers.boot);
    const msg = this.dialect.boot(this, this.bootReason);
    this.send(
      { ...msg, beforeAccepted: true },
      {
        onAck: (res) => this.onBootAnswer(this.dialect.bootAnswer(res)),
        onFail: () => {
          if (this.link === 'open')
            this.timers.boot = this.ctx.scheduler.after(this.ctx.clock.fromReal(10 * SECOND), () => this.sendBoot());
        },
      },
    );
  }

  private onBootAnswer({ status, intervalS }: BootAnswer): void {
    this.registration = status;
    this.refreshGauges();
    if (status === 'Accepted') {
      this.needsBoot = false;
      if (intervalS > 0) this.settings.heartbeatIntervalS = intervalS;
      this.scheduleHeartbeat();
      this.reportAll(this.now, true);
      this.outbox.pump();
      return;
    }
    // Pending or Rejected: ask again after the interval the central system gave (60 s if none).
    const wait = (intervalS > 0 ? intervalS : 60) * SECOND;
    this.timers.boot = this.ctx.scheduler.after(this.ctx.clock.fromReal(wait), () => {
      if (this.link === 'open') this.sendBoot();
    });
  }

  private scheduleHeartbeat(): void {
    this.ctx.scheduler.cancel(this.timers.heartbeat);
    const interval = this.settings.heartbeatIntervalS;
    if (!(interval > 0)) return;
    this.timers.heartbeat = this.ctx.scheduler.after(this.ctx.clock.fromReal(interval * SECOND), () => {
      if (this.link === 'open' && this.registration === 'Accepted') this.send(this.dialect.heartbeat());
      this.scheduleHeartbeat();
    });
  }

  // ---------------------------------------------------------------- status

  private setStatus(conn: ConnectorState, status: ConnectorStatus, at: number): void {
    conn.status = status;
    this.refreshGauges();
    this.report(conn, at, false);
  }

  private report(conn: ConnectorState, at: number, force: boolean): void {
    if (this.link !== 'open' || this.registration !== 'Accepted') return;
    this.send(this.dialect.status(this, conn, at, force));
  }

  /** Every connector's status (and 1.6 connector 0), as after a boot. */
  private reportAll(at: number, force: boolean): void {
    if (this.link !== 'open' || this.registration !== 'Accepted') return;
    this.send(this.dialect.chargerStatus(this, at));
    for (const c of this.connectors) this.report(c, at, force);
  }

  /** The status a connector shows when nothing is happening on it. */
  private restingStatus(conn: ConnectorState): ConnectorStatus {
    if (conn.fault) return 'Faulted';
    if (!conn.operative) return 'Unavailable';
    return 'Available';
  }

  private refreshGauges(): void {
    const open = this.link === 'open';
    const next = {
      connected: open ? 1 : 0,
      booted: open && this.registration === 'Accepted' ? 1 : 0,
      pending: open && this.registration === 'Pending' ? 1 : 0,
      rejected: open && this.registration === 'Rejected' ? 1 : 0,
      charging: this.connectors.filter((c) => c.status === 'Charging').length,
      faulted: this.connectors.filter((c) => c.status === 'Faulted').length,
    };
    const s = this.ctx.stats;
    s.connected += next.connected - this.gauges.connected;
    s.booted += next.booted - this.gauges.booted;
    s.pending += next.pending - this.gauges.pending;
    s.rejected += next.rejected - this.gauges.rejected;
    s.charging += next.charging - this.gauges.charging;
    s.faulted += next.faulted - this.gauges.faulted;
    this.gauges = next;
  }

  // ---------------------------------------------------------------- sessions

  private free(conn: ConnectorState): boolean {
    return this.powered && !conn.session && !conn.fault && conn.operative && conn.status === 'Available' && !this.rebooting;
  }

  /** A driver plugs in now (tests and the load generator); returns the session. */
  plugIn(opts: PlugInOptions = {}): Session {
    const conn = opts.evseId !== undefined ? this.connector(opts.evseId) : this.connectors.find((c) => this.free(c));
    if (!conn) throw new SimulatorError('PW_SIM_INVALID_STATE', `${this.id}: no free connector${opts.evseId ? ` ${opts.evseId}` : ''}`);
    if (!this.free(conn))
      throw new SimulatorError('PW_SIM_INVALID_STATE', `${this.id}: connector ${conn.spec.evseId} is ${conn.status}, not free`);
    const s = this.arrive(conn, this.now, opts);
    s.authorizeTimer = this.ctx.scheduler.after(s.plan.authorizeAfterS * SECOND, (at) => this.authorize(conn, s, at));
    return s;
  }

  private arrive(conn: ConnectorState, at: number, opts: { idTag?: string; plan?: Partial<SessionPlan>; remoteStartId?: number } = {}): Session {
    const plan = { ...drawSessionPlan(this.rng.sessions, conn.spec.currentType, this.station.category), ...opts.plan };
    const idTag = opts.idTag ?? this.driverTag();
    const s: Session = {
      localId: ++this.sessionSeq,
      idTag,
      plan,
      ...(opts.remoteStartId !== undefined ? { remoteStartId: opts.remoteStartId } : {}),
      phase: 'plugged',
      pluggedAt: at,
      meterStartWh: conn.registerWh,
      soc: plan.socStart,
      energyWh: 0,
      powerW: 0,
      advancedTo: at,
      seqNo: 0,
      startedOffline: false,
      extraGunC: 0,
      overheatRiseCPerMin:
        conn.spec.currentType === 'DC' && this.rng.sessions.chance(this.ctx.scenario.faults.overheatShareOfDcSessions) ? 4 : 0,
    };
    conn.session = s;
    this.setStatus(conn, 'Preparing', at);
    s.departTimer = this.ctx.scheduler.at(at + plan.stayMs, (t) => this.depart(conn, s, t));
    return s;
  }

  /** Drivers are regulars: each pile sees a few dozen cards again and again. */
  private driverTag(): string {
    const n = this.rng.sessions.int(1, 40);
    return `XZ${String(hashString(`${this.station.id}:${n}`)).padStart(10, '0')}`;
  }

  private authorize(conn: ConnectorState, s: Session, at: number): void {
    if (conn.session !== s || s.phase !== 'plugged') return;
    s.phase = 'authorizing';
    const startAt = at + 2 * SECOND;
    if (this.link !== 'open' || this.registration !== 'Accepted') {
      this.authorizedOffline(conn, s, startAt);
      return;
    }
    this.send(this.dialect.authorize(s.idTag), {
      onAck: (res) => {
        if (conn.session !== s || s.phase !== 'authorizing') return;
        if (this.dialect.authorizeAnswer(res)) this.startWhenDue(conn, s, startAt);
        else this.abandon(conn, s, Math.max(startAt, this.now));
      },
      onFail: () => this.authorizedOffline(conn, s, Math.max(startAt, this.now)),
    });
  }

  private authorizedOffline(conn: ConnectorState, s: Session, at: number): void {
    if (conn.session !== s) return;
    if (this.settings.localAuthorizeOffline) this.startWhenDue(conn, s, at);
    else this.abandon(conn, s, at);
  }

  /**
   * Starts charging at `at`. If the authorization answer came back later than that (a slow central
   * system at high speed), the start still carries `at`, so a seed gives the same timestamps however
   * fast the central system answered.
   */
  private startWhenDue(conn: ConnectorState, s: Session, at: number): void {
    this.ctx.scheduler.at(Math.max(at, this.now), () => this.beginCharging(conn, s, at));
  }

  /** Authorization refused: the driver unplugs and leaves. */
  private abandon(conn: ConnectorState, s: Session, at: number): void {
    if (conn.session !== s) return;
    this.ctx.scheduler.cancel(s.departTimer);
    s.phase = 'ended';
    conn.session = undefined;
    this.setStatus(conn, this.restingStatus(conn), at);
  }

  private beginCharging(conn: ConnectorState, s: Session, at: number): void {
    if (conn.session !== s || (s.phase !== 'authorizing' && s.phase !== 'plugged') || !this.powered) return;
    s.phase = 'charging';
    s.startedAt = at;
    s.advancedTo = at;
    s.meterStartWh = conn.registerWh;
    s.startedOffline = !this.isOnline();
    if (this.protocol === 'ocpp2.0.1') s.txRef = this.newTransactionId();
    const samples = readMeter(conn, at, this.settings.measurands, 'Transaction.Begin');
    this.send(this.dialect.transactionStarted(this, conn, s, at, samples), {
      onAck: (res) => {
        const answer = this.dialect.startAnswer(res);
        if (answer.txRef !== undefined) s.txRef = answer.txRef;
        if (!answer.accepted && this.settings.stopOnInvalidId && conn.session === s && s.phase !== 'ended')
          this.endSession(conn, Math.max(this.now, at), { kind: 'DeAuthorized' });
      },
    });
    this.ctx.stats.sessionsStarted++;
    // Power flows from the start; the first sample is one interval later.
    s.powerW = integrate({ soc: s.soc, energyWh: 0, powerW: 0 }, s.plan.vehicle, this.availableKw(conn), conn.spec.currentType, 1, 1).powerW;
    this.setStatus(conn, 'Charging', at);
    this.ensureMeterTicks(at);
  }

  /** Power a connector can deliver now: guns of one DC cabinet share it. */
  private availableKw(conn: ConnectorState): number {
    if (conn.spec.currentType === 'AC') return conn.spec.maxPowerKw;
    const busy = this.connectors.filter((c) => c.session?.phase === 'charging' && c.spec.currentType === 'DC').length;
    return conn.spec.maxPowerKw / Math.max(1, busy);
  }

  private advance(conn: ConnectorState, s: Session, to: number): void {
    if (to <= s.advancedTo) return;
    const dt = to - s.advancedTo;
    if (s.phase === 'charging') {
      const next = integrate(
        { soc: s.soc, energyWh: s.energyWh, powerW: s.powerW },
        s.plan.vehicle,
        this.availableKw(conn),
        conn.spec.currentType,
        dt,
        s.plan.socTarget,
      );
      conn.registerWh += next.energyWh - s.energyWh;
      Object.assign(s, next);
      if (s.overheatRiseCPerMin > 0) s.extraGunC += (s.overheatRiseCPerMin * dt) / MINUTE;
    } else s.powerW = 0;
    s.advancedTo = to;
  }

  private ensureMeterTicks(from: number): void {
    if (this.timers.meter && !this.timers.meter.cancelled) return;
    this.timers.meter = this.ctx.scheduler.at(from + this.settings.meterIntervalS * SECOND, (at) => this.meterTick(at));
  }

  private meterTick(at: number): void {
    this.timers.meter = undefined;
    if (!this.powered) return;
    let active = false;
    for (const conn of this.connectors) {
      const s = conn.session;
      if (!s || (s.phase !== 'charging' && s.phase !== 'full')) continue;
      active = true;
      this.advance(conn, s, at);
      const reached = s.phase === 'charging' && s.soc >= s.plan.socTarget - 1e-9;
      if (reached && conn.spec.currentType === 'DC') {
        // DC drivers end the session when they have enough and drive off; the stop carries the last reading.
        this.endSession(conn, at, { kind: 'Local' });
        continue;
      }
      this.send(this.dialect.transactionSample(this, conn, s, at, readMeter(conn, at, this.settings.measurands, 'Sample.Periodic')));
      if (reached) {
        s.phase = 'full';
        s.powerW = 0;
        this.send(this.dialect.chargingStateChanged(this, conn, s, at));
        this.setStatus(conn, 'SuspendedEV', at);
      }
      if (s.overheatRiseCPerMin > 0 && s.phase === 'charging') {
        const { current } = electrical(conn.spec.currentType, s.powerW, s.soc, s.plan.vehicle, 0);
        if (temperatures(at, s.powerW, conn.spec.maxPowerKw, current, s.extraGunC).gun >= tripTemperature.gun)
          this.raiseFault('gunOverTemperature', conn, at, this.faultDuration());
      }
    }
    if (active) this.ensureMeterTicks(at);
  }

  /** The car's time is up: it leaves, unplugging (ending the session if one runs). */
  private depart(conn: ConnectorState, s: Session, at: number): void {
    if (conn.session !== s) return;
    if (s.phase === 'plugged' || s.phase === 'authorizing') return this.abandon(conn, s, at);
    this.endSession(conn, at, { kind: 'EVDisconnected' });
  }

  /** Ends the connector's session at `at` with `cause` (no-op without one). */
  endSession(conn: ConnectorState, at: number, cause: StopCause): void {
    const s = conn.session;
    if (!s || s.phase === 'ended') return;
    this.ctx.scheduler.cancel(s.departTimer);
    this.ctx.scheduler.cancel(s.authorizeTimer);
    if (s.phase === 'plugged' || s.phase === 'authorizing') {
      s.phase = 'ended';
      conn.session = undefined;
      if (cause.kind !== 'PowerLoss' && cause.kind !== 'Reset') this.setStatus(conn, this.restingStatus(conn), at);
      return;
    }
    this.advance(conn, s, at);
    s.phase = 'ended';
    s.powerW = 0;
    const samples = readMeter(conn, at, this.settings.measurands, 'Transaction.End');
    this.send(this.dialect.transactionEnded(this, conn, s, at, cause, samples));
    this.ctx.stats.sessionsEnded++;
    conn.session = undefined;
    if (conn.inoperativeScheduled) {
      conn.inoperativeScheduled = false;
      conn.operative = false;
    }
    switch (cause.kind) {
      case 'PowerLoss':
      case 'Reset':
        conn.status = this.restingStatus(conn); // reported after the reboot
        this.refreshGauges();
        break;
      case 'Fault':
        break; // the caller reports Faulted
      case 'EVDisconnected':
        this.setStatus(conn, this.restingStatus(conn), at);
        break;
      default: {
        this.setStatus(conn, 'Finishing', at);
        const unplugAfter = cause.kind === 'UnlockCommand' ? 10 * SECOND : this.rng.sessions.int(30, 180) * SECOND;
        this.ctx.scheduler.at(at + unplugAfter, (t) => {
          if (!conn.session && conn.status === 'Finishing') this.setStatus(conn, this.restingStatus(conn), t);
        });
      }
    }
    if (this.pendingReset && this.connectors.every((c) => !c.session)) {
      const { hard } = this.pendingReset;
      this.pendingReset = undefined;
      this.ctx.scheduler.after(2 * SECOND, (t) => this.reboot(t, hard), at);
    }
  }

  private scheduleArrival(conn: ConnectorState, from: number): void {
    this.ctx.scheduler.cancel(conn.arrivalTimer);
    conn.arrivalTimer = undefined;
    const rng = this.arrivalRng[this.connectors.indexOf(conn)]!;
    const t = nextArrival(rng, this.curve, from);
    if (t === undefined) return;
    conn.arrivalTimer = this.ctx.scheduler.at(t, (at) => {
      if (this.free(conn)) {
        const s = this.arrive(conn, at);
        s.authorizeTimer = this.ctx.scheduler.at(at + s.plan.authorizeAfterS * SECOND, (t2) => this.authorize(conn, s, t2));
      }
      if (this.powered && !this.stopped) this.scheduleArrival(conn, at);
    });
  }

  // ---------------------------------------------------------------- faults and incidents

  private faultDuration(): number {
    const [lo, hi] = this.ctx.scenario.faults.durationS;
    return this.rng.incidents.between(lo, hi) * SECOND;
  }

  /**
   * Raises a fault now (or at `at`). Connector faults hit `evseId` (default: a random connector); pile-wide
   * faults hit every connector. A running session stops with the fault's reason. Clears after `durationMs`
   * (default: drawn from the scenario); `Infinity` keeps it until `clearFault`.
   */
  fault(kind: FaultKind, opts: { evseId?: number; durationMs?: number; at?: number } = {}): void {
    const at = opts.at ?? this.now;
    const conn =
      opts.evseId !== undefined ? this.connector(opts.evseId) : this.connectors[this.rng.incidents.int(0, this.connectors.length - 1)];
    if (!conn) throw new SimulatorError('PW_SIM_INVALID_STATE', `${this.id}: no connector ${opts.evseId}`);
    this.raiseFault(kind, conn, at, opts.durationMs ?? this.faultDuration());
  }

  private raiseFault(kind: FaultKind, conn: ConnectorState, at: number, durationMs: number): void {
    const spec = faultCatalogue[kind];
    const targets = spec.scope === 'charger' ? this.connectors : [conn];
    const raised: ConnectorState[] = [];
    for (const c of targets) {
      if (c.fault) continue;
      c.fault = { kind, since: at, eventId: this.nextEventId() };
      raised.push(c);
      if (c.session) this.endSession(c, at, { kind: 'Fault', fault: kind });
    }
    if (raised.length === 0) return;
    this.ctx.stats.faults++;
    const first = raised[0]!;
    this.send(this.dialect.fault(this, spec.scope === 'charger' ? undefined : first, first.fault!, at, false));
    if (spec.scope === 'charger' && this.link === 'open' && this.registration === 'Accepted')
      this.send(this.dialect.chargerStatus(this, at));
    for (const c of raised) this.setStatus(c, 'Faulted', at);
    if (Number.isFinite(durationMs)) {
      const clearTimer = this.ctx.scheduler.at(at + durationMs, (t) => this.clearFaultOn(raised, kind, t));
      for (const c of raised) c.fault!.clearTimer = clearTimer;
    }
  }

  /** Clears the fault on `evseId` (default: every connector's). */
  clearFault(evseId?: number): void {
    const targets = this.connectors.filter((c) => c.fault && (evseId === undefined || c.spec.evseId === evseId));
    const kinds = new Set(targets.map((c) => c.fault!.kind));
    for (const kind of kinds) {
      const all = faultCatalogue[kind].scope === 'charger' ? this.connectors.filter((c) => c.fault?.kind === kind) : targets.filter((c) => c.fault?.kind === kind);
      this.clearFaultOn(all, kind, this.now);
    }
  }

  private clearFaultOn(conns: ConnectorState[], kind: FaultKind, at: number): void {
    const affected = conns.filter((c) => c.fault?.kind === kind);
    if (affected.length === 0) return;
    const fault = affected[0]!.fault!;
    for (const c of affected) {
      this.ctx.scheduler.cancel(c.fault?.clearTimer);
      c.fault = undefined;
    }
    if (!this.powered) {
      for (const c of affected) c.status = this.restingStatus(c);
      this.refreshGauges();
      return;
    }
    const scope = faultCatalogue[kind].scope;
    this.send(this.dialect.fault(this, scope === 'charger' ? undefined : affected[0], fault, at, true));
    if (scope === 'charger' && this.link === 'open' && this.registration === 'Accepted') this.send(this.dialect.chargerStatus(this, at));
    for (const c of affected) this.setStatus(c, this.restingStatus(c), at);
  }

  /** Heats the gun of every running DC session until it trips (°C per simulated minute). */
  overheat(riseCPerMin = 4): void {
    for (const c of this.connectors) {
      if (c.session && c.spec.currentType === 'DC') c.session.overheatRiseCPerMin = riseCPerMin;
    }
  }

  /**
   * The power goes: the socket drops without a close frame, running transactions end with reason
   * PowerLoss (kept in the non-volatile queue), and the pile boots again when the power is back.
   */
  powerLoss(outageMs: number, at = this.now): void {
    if (!this.powered || this.stopped) return;
    this.powered = false;
    this.cutLink();
    this.ctx.scheduler.cancel(this.timers.meter);
    this.timers.meter = undefined;
    // The pile saved its running transactions; their stops go out, stamped with this instant, after it boots.
    for (const c of this.connectors) if (c.session) this.endSession(c, at, { kind: 'PowerLoss' });
    for (const c of this.connectors) {
      this.ctx.scheduler.cancel(c.arrivalTimer);
      c.arrivalTimer = undefined;
    }
    this.ctx.scheduler.cancel(this.timers.power);
    this.timers.power = this.ctx.scheduler.at(at + outageMs, (t) => {
      if (!this.stopped) this.powerOn(t, 'PowerUp');
    });
  }

  /** The network goes (the pile keeps charging and queues its transaction messages) and comes back. */
  networkLoss(outageMs: number, at = this.now): void {
    if (this.stopped) return;
    this.networkUp = false;
    this.cutLink();
    this.ctx.scheduler.cancel(this.timers.network);
    this.timers.network = this.ctx.scheduler.at(at + outageMs, () => this.networkRestored());
  }

  /** Takes the network away until `networkRestored()` (tests). */
  goOffline(): void {
    this.networkUp = false;
    this.ctx.scheduler.cancel(this.timers.network);
    this.cutLink();
  }

  networkRestored(): void {
    this.ctx.scheduler.cancel(this.timers.network);
    this.networkUp = true;
    this.backoffAttempt = 0;
    this.connect();
  }

  /** Connection flapping: up for `upS`, down for `downS` (ranges, simulated seconds), for `durationMs`. */
  flap(durationMs: number, upS: readonly [number, number], downS: readonly [number, number], at = this.now): void {
    const end = at + durationMs;
    const cycle = (t: number) => {
      if (t >= end || this.stopped) return;
      const down = this.rng.network.between(downS[0], downS[1]) * SECOND;
      this.networkLoss(down, t);
      const next = t + down + this.rng.network.between(upS[0], upS[1]) * SECOND;
      this.timers.incidents.push(this.ctx.scheduler.at(next, cycle));
    };
    this.timers.incidents.push(this.ctx.scheduler.at(at, cycle));
  }

  setClockSkew(ms: number): void {
    this.skewMs = ms;
  }

  /** The energy meter is replaced or resets: its register starts again from zero. */
  resetMeter(evseId?: number): void {
    for (const c of this.connectors) if (evseId === undefined || c.spec.evseId === evseId) c.registerWh = 0;
  }

  /** Sends one malformed frame (chaos mode); returns the frame, or undefined when offline. */
  sendChaosFrame(kind?: ChaosFrameKind): string | undefined {
    if (!this.socket || this.link !== 'open') return undefined;
    const frame = chaosFrame(kind ?? this.rng.chaos.pick(chaosFrameKinds), this.rng.chaos);
    this.socket.sendFrame(frame);
    this.ctx.stats.chaosFrames++;
    return frame;
  }

  /**
   * Drops the connection without a close frame and treats it as gone at once, so nothing more is written
   * to it while the socket finishes closing.
   */
  private cutLink(): void {
    this.ctx.scheduler.cancel(this.timers.reconnect);
    if (this.link === 'open') {
      this.linkLost();
      this.socket?.dropWithoutClose();
    } else if (this.link === 'connecting') {
      this.link = 'offline';
      void this.socket?.close({ force: true }).catch(() => undefined);
    }
  }

  /** Random incidents at the scenario's rates: faults, drops and power cuts, meter resets, chaos frames. */
  private scheduleIncidents(from: number): void {
    const sc = this.ctx.scenario;
    const rng = this.rng.incidents;
    const every = (perDay: number, act: (at: number) => void) => {
      if (!(perDay > 0)) return;
      const next = (t: number) => {
        const timer = this.ctx.scheduler.at(t + rng.exponential(DAY / perDay), (at) => {
          if (this.powered && !this.stopped) act(at);
          if (!this.stopped) next(at);
        });
        this.timers.incidents.push(timer);
      };
      next(from);
    };
    const mix = { ...defaultFaultMix, ...sc.faults.mix };
    every(sc.faults.perChargerPerDay, (at) => {
      const conn = this.connectors[rng.int(0, this.connectors.length - 1)]!;
      this.raiseFault(rng.weighted(mix), conn, at, this.faultDuration());
    });
    every(sc.connectivity.dropsPerChargerPerDay, (at) => {
      const outage = rng.between(sc.connectivity.outageS[0], sc.connectivity.outageS[1]) * SECOND;
      if (rng.chance(sc.connectivity.powerLossShare)) this.powerLoss(outage, at);
      else this.networkLoss(outage, at);
    });
    every(sc.meterResetsPerChargerPerDay, () => this.resetMeter(this.connectors[rng.int(0, this.connectors.length - 1)]!.spec.evseId));
    if (this.ctx.chaos) every(sc.chaosFramesPerChargerPerHour * 24, () => this.sendChaosFrame());
    // Keep the incident list from growing without bound over a long run.
    this.timers.incidents = this.timers.incidents.filter((t) => !t.cancelled);
  }

  // ---------------------------------------------------------------- commands from the central system

  commandReceived(action: string): void {
    this.ctx.stats.commandReceived(action);
    this.ctx.onEvent?.({ chargerId: this.id, kind: 'command', detail: action });
  }

  remoteStart(req: { evseId?: number; idTag: string; remoteStartId?: number }): 'Accepted' | 'Rejected' {
    const conn =
      req.evseId !== undefined && req.evseId > 0
        ? this.connector(req.evseId)
        : (this.connectors.find((c) => c.session && (c.session.phase === 'plugged' || c.session.phase === 'authorizing')) ??
          this.connectors.find((c) => this.free(c)));
    if (!conn || this.registration !== 'Accepted') return 'Rejected';
    const waiting = conn.session && (conn.session.phase === 'plugged' || conn.session.phase === 'authorizing');
    if (!waiting && !this.free(conn)) return 'Rejected';
    setImmediate(() => {
      const at = this.now;
      let s = conn.session;
      if (s && waiting) {
        s.idTag = req.idTag;
        if (req.remoteStartId !== undefined) s.remoteStartId = req.remoteStartId;
        this.ctx.scheduler.cancel(s.authorizeTimer);
      } else {
        if (!this.free(conn)) return;
        s = this.arrive(conn, at, { idTag: req.idTag, ...(req.remoteStartId !== undefined ? { remoteStartId: req.remoteStartId } : {}) });
      }
      const session = s;
      if (this.settings.authorizeRemoteStart) {
        session.phase = 'plugged';
        this.authorize(conn, session, at);
      } else {
        session.phase = 'authorizing';
        this.startWhenDue(conn, session, at + 2 * SECOND);
      }
    });
    return 'Accepted';
  }

  remoteStop(txRef: string): 'Accepted' | 'Rejected' {
    const conn = this.connectors.find((c) => c.session?.txRef === txRef && c.session.phase !== 'ended');
    if (!conn) return 'Rejected';
    setImmediate(() => this.endSession(conn, this.now, { kind: 'Remote' }));
    return 'Accepted';
  }

  reset(req: { hard: boolean; onIdle: boolean }): 'Accepted' | 'Scheduled' | 'Rejected' {
    if (req.onIdle && this.connectors.some((c) => c.session)) {
      this.pendingReset = { hard: req.hard };
      return 'Scheduled';
    }
    setImmediate(() => {
      const at = this.now;
      for (const c of this.connectors) if (c.session) this.endSession(c, at, { kind: 'Reset', hard: req.hard });
      // A soft reset lets the stop messages out before going down.
      this.ctx.scheduler.after(this.ctx.clock.fromReal(req.hard ? 0 : SECOND), (t) => this.reboot(t, req.hard), at);
    });
    return 'Accepted';
  }

  /** Goes down and comes back: close (hard: drop) the connection, boot again after a short delay. */
  private reboot(at: number, hard: boolean): void {
    if (this.stopped) return;
    this.rebooting = true;
    this.registration = 'none';
    this.needsBoot = true;
    this.bootReason = 'RemoteReset';
    this.ctx.scheduler.cancel(this.timers.heartbeat);
    this.ctx.scheduler.cancel(this.timers.meter);
    this.timers.meter = undefined;
    if (hard) this.cutLink();
    else void this.socket?.close({ code: 1012, reason: 'reset' }).catch(() => undefined);
    this.refreshGauges();
    this.ctx.scheduler.at(at + this.ctx.clock.fromReal(500), (t) => {
      this.rebooting = false;
      if (this.link === 'offline') this.powerOn(t, 'RemoteReset');
      else this.ctx.scheduler.after(this.ctx.clock.fromReal(200), (t2) => this.powerOn(t2, 'RemoteReset'));
    });
  }

  changeAvailability(evseId: number | undefined, operative: boolean): 'Accepted' | 'Scheduled' | 'Rejected' {
    const targets = evseId === undefined || evseId === 0 ? this.connectors : this.connectors.filter((c) => c.spec.evseId === evseId);
    if (targets.length === 0) return 'Rejected';
    let scheduled = false;
    const changed: ConnectorState[] = [];
    for (const c of targets) {
      if (operative) {
        c.inoperativeScheduled = false;
        if (!c.operative) {
          c.operative = true;
          changed.push(c);
        }
      } else if (c.session) {
        c.inoperativeScheduled = true;
        scheduled = true;
      } else if (c.operative) {
        c.operative = false;
        changed.push(c);
      }
    }
    setImmediate(() => {
      const at = this.now;
      if (evseId === undefined || evseId === 0) this.send(this.link === 'open' && this.registration === 'Accepted' ? this.dialect.chargerStatus(this, at) : undefined);
      for (const c of changed) if (!c.session && c.status !== 'Finishing') this.setStatus(c, this.restingStatus(c), at);
    });
    return scheduled ? 'Scheduled' : 'Accepted';
  }

  trigger(message: TriggerableMessage, evseId?: number): 'Accepted' | 'Rejected' | 'NotImplemented' {
    const targets = evseId === undefined || evseId === 0 ? this.connectors : this.connectors.filter((c) => c.spec.evseId === evseId);
    if (targets.length === 0) return 'Rejected';
    const triggered = (m: Outgoing | undefined) => m && { ...m, beforeAccepted: true, transactional: false };
    let act: (at: number) => void;
    switch (message) {
      case 'BootNotification':
        act = () => this.sendBoot();
        break;
      case 'Heartbeat':
        act = () => this.send(triggered(this.dialect.heartbeat()));
        break;
      case 'StatusNotification':
        act = (at) => {
          if (evseId === undefined || evseId === 0) this.send(triggered(this.dialect.chargerStatus(this, at)));
          for (const c of targets) this.send(triggered(this.dialect.status(this, c, at, true)));
        };
        break;
      case 'MeterValues':
        act = (at) => {
          for (const c of targets) {
            if (c.session) this.advance(c, c.session, at);
            this.send(triggered(this.dialect.triggeredMeterValues(this, c, at, readMeter(c, at, this.settings.measurands, 'Trigger'))));
          }
        };
        break;
      case 'TransactionEvent':
        act = (at) => {
          for (const c of targets) {
            if (!c.session || (c.session.phase !== 'charging' && c.session.phase !== 'full')) continue;
            this.advance(c, c.session, at);
            this.send(this.dialect.triggeredTransactionEvent(this, c, at, readMeter(c, at, this.settings.measurands, 'Trigger')));
          }
        };
        break;
      case 'FirmwareStatusNotification':
        act = () => this.send(triggered(this.dialect.firmwareStatus()));
        break;
      case 'DiagnosticsStatusNotification':
      case 'LogStatusNotification':
        act = () => this.send(triggered(this.dialect.diagnosticsStatus()));
        break;
      default:
        return 'NotImplemented';
    }
    setImmediate(() => act(this.now));
    return 'Accepted';
  }

  unlock(evseId: number, connectorId: number): 'Unlocked' | 'UnlockFailed' | 'UnknownConnector' {
    const conn = this.connectors.find((c) => c.spec.evseId === evseId && c.spec.connectorId === connectorId);
    if (!conn) return 'UnknownConnector';
    if (conn.fault?.kind === 'connectorLockFailure') return 'UnlockFailed';
    if (conn.session) {
      const s = conn.session;
      setImmediate(() => {
        if (conn.session === s) this.endSession(conn, this.now, { kind: 'UnlockCommand' });
      });
    }
    return 'Unlocked';
  }

  settingsChanged(name: keyof ChargerSettings): void {
    if (name === 'heartbeatIntervalS' && this.link === 'open' && this.registration === 'Accepted') this.scheduleHeartbeat();
    if (name === 'meterIntervalS' && this.timers.meter) {
      this.ctx.scheduler.cancel(this.timers.meter);
      this.timers.meter = undefined;
      if (this.connectors.some((c) => c.session?.phase === 'charging' || c.session?.phase === 'full')) this.ensureMeterTicks(this.now);
    }
    if (name === 'webSocketPingIntervalS')
      this.socket?.reconfigure({ pingIntervalMs: this.settings.webSocketPingIntervalS * SECOND } as Parameters<ChargerSocket['reconfigure']>[0]);
  }
}

