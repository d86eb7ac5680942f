/**
 * Every message a charger sends, with whether and when the central system acknowledged it. A test reads
 * the ledger to prove that everything acknowledged is in the database, exactly once; the load generator
 * keeps only the counts (`counts` mode) so ten thousand chargers stay small.
 */

export type LedgerOutcome = 'queued' | 'sent' | 'acked' | 'failed';

export interface LedgerEntry {
  /** Order in which this charger created the message. */
  seq: number;
  chargerId: string;
  action: string;
  /** The payload as last sent (1.6 transaction ids are filled in just before sending). */
  payload: Record<string, unknown>;
  /** Transaction messages are kept and retried until acknowledged; others are dropped when offline. */
  transactional: boolean;
  /** The charger's timestamp the message carries (simulated time, ISO 8601), when it carries one. */
  timestamp?: string;
  /** Wall-clock epoch ms the message was created. */
  createdAt: number;
  /** Created while the charger had no connection (queued, sent after reconnecting). */
  createdOffline: boolean;
  attempts: number;
  /** OCPP message id of each attempt. */
  messageIds: string[];
  sentAt?: number;
  ackedAt?: number;
  /** Wall-clock ms from the last send to its acknowledgement. */
  latencyMs?: number;
  response?: unknown;
  outcome: LedgerOutcome;
  /** Why the last attempt (or the message) failed. */
  error?: string;
}

export type LedgerMode = 'full' | 'counts';

export class Ledger {
  private readonly list: LedgerEntry[] = [];
  private nextSeq = 0;

  constructor(readonly mode: LedgerMode) {}

  /** Allocates the next sequence number, and keeps the entry in `full` mode. */
  add(entry: Omit<LedgerEntry, 'seq'>): LedgerEntry {
    const e = entry as LedgerEntry;
    e.seq = this.nextSeq++;
    if (this.mode === 'full') this.list.push(e);
    return e;
  }

  entries(): readonly LedgerEntry[] {
    return this.list;
  }

  acked(action?: string): LedgerEntry[] {
    return this.list.filter((e) => e.outcome === 'acked' && (!action || e.action === action));
  }
}
