/**
 * A charger's outgoing queue. OCPP-J allows one CALL in flight per direction, so every message waits its
 * turn here. Transaction messages (start, meter values, stop) survive losing the connection and a power
 * cut: they stay queued with their original timestamps and go out in order after reconnecting, retried
 * on errors up to the configured number of attempts. Other messages (heartbeats, status) are only sent
 * live: they are dropped when the connection goes, and the charger reports its fresh state instead.
 */
import type { FleetStats } from '../run/stats.js';
import type { Scheduler, Timer } from '../scheduler.js';
import type { Ledger, LedgerEntry } from './ledger.js';

/** A message as a dialect builds it. */
export interface Outgoing {
  action: string;
  payload: Record<string, unknown>;
  transactional: boolean;
  /** Simulated instant the message carries as its timestamp, if any. */
  timestamp?: number;
  /** May be sent while the boot is not (yet) accepted: BootNotification and triggered messages. */
  beforeAccepted?: boolean;
  /** Fills late-bound fields just before each attempt; returns a reason when the message cannot be sent. */
  prepare?: () => string | undefined;
}

export interface Delivery {
  onAck?: (response: unknown) => void;
  /** The message was given up on (error answers exhausted its attempts, or it was dropped offline). */
  onFail?: (error: string) => void;
}

interface Item extends Outgoing, Delivery {
  entry: LedgerEntry;
}

export interface OutboxHost {
  readonly chargerId: string;
  readonly stats: FleetStats;
  readonly ledger: Ledger;
  readonly scheduler: Scheduler;
  /** Whether `item` may go now (connection open; accepted, or the item may go before that). */
  canSend(item: Outgoing): boolean;
  /** Sends one CALL; resolves with the answer, rejects with the error; `onId` gets the message id. */
  call(action: string, payload: Record<string, unknown>, onId: (id: string) => void): Promise<unknown>;
  isOnline(): boolean;
  maxAttempts(): number;
  /** Simulated ms to wait before retrying after the n-th failed attempt. */
  retryDelay(attempt: number): number;
  /** Offline queue limit; the oldest meter values go first when it is reached. */
  readonly queueLimit: number;
  toIso(t: number): string;
}

/** What went wrong with one attempt: an error answer, no answer in time, or no connection. */
export function classify(err: unknown): { kind: 'answered' | 'timeout' | 'connection'; message: string } {
  const e = err as { rpcErrorCode?: string; name?: string; message?: string };
  if (e && typeof e.rpcErrorCode === 'string') return { kind: 'answered', message: `${e.rpcErrorCode}: ${e.message ?? ''}` };
  if (e?.name === 'TimeoutError') return { kind: 'timeout', message: 'no answer in time' };
  return { kind: 'connection', message: e?.message ?? String(err) };
}

export class Outbox {
  private items: Item[] = [];
  private inFlight: Item | undefined;
  private retryTimer: Timer | undefined;
  private closed = false;

  constructor(private readonly host: OutboxHost) {}

  /** Messages waiting (not counting the one in flight). */
  get length(): number {
    return this.items.length;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Transaction messages waiting or in flight. */
  get pendingTransactional(): number {
    return this.items.filter((i) => i.transactional).length + (this.inFlight?.transactional ? 1 : 0);
  }

  /**
   * Queues a message. Non-transaction messages are not queued while offline (returns undefined): a real
   * charger would not report a heartbeat or a status it cannot deliver.
   */
  send(msg: Outgoing, delivery: Delivery = {}): LedgerEntry | undefined {
    const online = this.host.isOnline();
    if (this.closed || (!msg.transactional && !online)) return undefined;
    const entry = this.host.ledger.add({
      chargerId: this.host.chargerId,
      action: msg.action,
      payload: msg.payload,
      transactional: msg.transactional,
      ...(msg.timestamp !== undefined ? { timestamp: this.host.toIso(msg.timestamp) } : {}),
      createdAt: Date.now(),
      createdOffline: !online,
      attempts: 0,
      messageIds: [],
      outcome: 'queued',
    });
    if (msg.transactional) {
      this.host.stats.queued++;
      this.enforceLimit();
    }
    this.items.push({ ...msg, ...delivery, entry });
    this.pump();
    return entry;
  }

  /** Sends the next message that may go now, if nothing is in flight. */
  pump(): void {
    if (this.inFlight || this.retryTimer) return;
    const index = this.items.findIndex((i) => this.host.canSend(i));
    if (index < 0) return;
    // Transaction messages keep their order: a later one never overtakes an earlier one still waiting.
    const firstTx = this.items.findIndex((i) => i.transactional);
    if (this.items[index]!.transactional && firstTx !== index) return;
    const item = this.items.splice(index, 1)[0]!;
    this.inFlight = item;
    void this.attempt(item);
  }

  private async attempt(item: Item): Promise<void> {
    const { entry } = item;
    const problem = item.prepare?.();
    if (problem) {
      this.inFlight = undefined;
      this.finish(item, 'failed', problem);
      this.pump();
      return;
    }
    entry.attempts++;
    entry.outcome = 'sent';
    entry.sentAt = Date.now();
    entry.payload = item.payload;
    this.host.stats.messageSent(item.action);
    const sentAt = performance.now();
    try {
      const response = await this.host.call(item.action, item.payload, (id) => entry.messageIds.push(id));
      const latency = performance.now() - sentAt;
      this.host.stats.messageAcked(item.action, latency);
      entry.ackedAt = Date.now();
      entry.latencyMs = latency;
      entry.response = response;
      entry.error = undefined;
      this.inFlight = undefined;
      this.finish(item, 'acked');
      try {
        item.onAck?.(response);
      } finally {
        this.pump();
      }
    } catch (err) {
      this.host.stats.messageFailed(item.action);
      const { kind, message } = classify(err);
      entry.error = message;
      this.inFlight = undefined;
      if (!item.transactional || this.closed) {
        this.finish(item, 'failed', message);
        item.onFail?.(message);
        this.pump();
        return;
      }
      if (kind === 'answered' && entry.attempts >= this.host.maxAttempts()) {
        this.finish(item, 'failed', message);
        item.onFail?.(message);
        this.pump();
        return;
      }
      // Back to the head of the queue. A lost connection resends on reconnect; an error answer or a
      // timeout waits the retry interval first.
      entry.outcome = 'queued';
      this.items.unshift(item);
      if (kind !== 'connection') {
        this.retryTimer = this.host.scheduler.after(this.host.retryDelay(entry.attempts), () => {
          this.retryTimer = undefined;
          this.pump();
        });
      }
    }
  }

  private finish(item: Item, outcome: 'acked' | 'failed', error?: string): void {
    item.entry.outcome = outcome;
    if (error !== undefined) item.entry.error = error;
    if (item.transactional) this.host.stats.queued--;
  }

  /** The connection is gone: live-only messages are dropped, transaction messages wait. */
  connectionLost(): void {
    const keep: Item[] = [];
    for (const item of this.items) {
      if (item.transactional) keep.push(item);
      else {
        this.finish(item, 'failed', 'connection lost before sending');
        item.onFail?.('connection lost before sending');
      }
    }
    this.items = keep;
  }

  /** Keeps at most `queueLimit` transaction messages, dropping the oldest meter samples first. */
  private enforceLimit(): void {
    let over = this.pendingTransactional - this.host.queueLimit;
    for (let i = 0; over > 0 && i < this.items.length; ) {
      const item = this.items[i]!;
      if (item.transactional && (item.action === 'MeterValues' || isPeriodicUpdate(item))) {
        this.items.splice(i, 1);
        this.finish(item, 'failed', 'offline queue full; oldest meter values dropped');
        over--;
      } else i++;
    }
  }

  /** Cancels everything (the simulation is stopping). */
  clear(): void {
    this.closed = true;
    this.host.scheduler.cancel(this.retryTimer);
    this.retryTimer = undefined;
    for (const item of this.items) this.finish(item, 'failed', 'simulation stopped');
    this.items = [];
  }
}

function isPeriodicUpdate(item: Outgoing): boolean {
  return item.action === 'TransactionEvent' && item.payload.eventType === 'Updated' && item.payload.triggerReason === 'MeterValuePeriodic';
}
