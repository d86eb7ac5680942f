/**
 * The durable write path (ADR 0003): callers hand over messages, and each promise resolves only after
 * the transaction holding it commits. Messages queue and are committed together (group commit): a batch
 * is whatever arrived within `batchWaitMs`, at most `batchMax` messages, one transaction. A batch the
 * database refuses is retried message by message so that one bad message fails only itself.
 */
import type pg from 'pg';
import type { Database } from './database.js';
import { StoreError, databaseError, isStoreError, isUnavailable } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { insertJournal, writeBatch, type OpOutcome } from './write-batch.js';
import type { ApplyItem, ApplyResult, ConnectivityChange, JournalEntry, WriteOp } from './writer-types.js';
import { emptyWriterStats, observe, type WriterStats } from './writer-stats.js';

export interface WriterOptions {
  /** Most messages in one transaction. */
  batchMax: number;
  /** Longest a message waits for others to share its commit, in milliseconds. */
  batchWaitMs: number;
}

export interface Writer {
  /** Resolves only after this item is committed (or is recognised as a retransmission). */
  apply(item: ApplyItem): Promise<ApplyResult>;
  /** Outbound frames (our responses, our commands) and non-data inbound frames: journaled in the next batch. */
  journal(entry: JournalEntry): void;
  /** Connectivity changes, recorded in connectivity_events and charger_state. */
  connectivity(change: ConnectivityChange): Promise<void>;
  /** Resolves when everything handed over so far has been written (or refused). */
  flush(): Promise<void>;
  /** Batches, messages per batch and commit time so far (a copy). */
  stats(): WriterStats;
  /** Flushes, then refuses new items with PW_STORE_WRITER_CLOSED (journal entries the database cannot take are logged and dropped). */
  close(): Promise<void>;
}

interface Pending {
  op: WriteOp;
  resolve(result: ApplyResult | undefined): void;
  reject(err: StoreError): void;
}

/** Journal entries held back while the database is unreachable; beyond this the oldest are dropped. */
const journalBacklogMax = 100_000;
/** Retry of journal entries alone while the database is unreachable: first delay, doubled up to the max. */
const journalRetryMs = { first: 500, max: 30_000 };

export function createWriter(db: Database, options: WriterOptions, log: Logger = silentLogger): Writer {
  const batchMax = Math.max(1, options.batchMax);
  const journalPerBatch = batchMax * 4;
  const queue: Pending[] = [];
  let journalQueue: JournalEntry[] = [];
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let retryDelay = 0;
  /** The last batch could not write its journal entries because the database was unavailable. */
  let journalStalled = false;
  let closed = false;
  const counters = emptyWriterStats();

  const schedule = (delay = options.batchWaitMs) => {
    if (running) return; // the running batch starts the next one when it ends
    if (queue.length >= batchMax) return start();
    if (!timer) timer = setTimeout(start, delay);
  };

  const start = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running || (!queue.length && !journalQueue.length)) return;
    running = runBatch().finally(() => {
      running = undefined;
      // Whatever queued during the commit has waited long enough: it goes now. Journal entries alone
      // after a failure wait for the retry delay instead of spinning against a dead database.
      if (queue.length) start();
      else if (journalQueue.length) schedule(retryDelay || options.batchWaitMs);
    });
  };

  const runBatch = async () => {
    const batch = queue.splice(0, batchMax);
    const journal = journalQueue.splice(0, journalPerBatch);
    const started = Date.now();
    const journalWritten = await commit(batch, journal);
    journalStalled = !journalWritten;
    if (!journalWritten) holdBack(journal);
    log.debug({ items: batch.length, journal: journal.length, ms: Date.now() - started }, 'batch written');
  };

  /** Writes a batch, falling back to one transaction per item; returns whether the journal was written. */
  const commit = async (batch: Pending[], journal: JournalEntry[]): Promise<boolean> => {
    const started = Date.now();
    try {
      const outcomes = await withClient((client) => writeBatch(client, batch.map((p) => p.op), journal));
      if (batch.length) {
        // One successful transaction: what /metrics reports as a batch and its commit time.
        counters.batches += 1;
        counters.items += batch.length;
        observe(counters.batchSize, batch.length);
        observe(counters.commitMs, Date.now() - started);
      }
      settle(batch, outcomes);
      retryDelay = 0;
      return true;
    } catch (err) {
      if (isUnavailable(err)) {
        const error = databaseError(err, 'writing OCPP data');
        log.error({ err: error.message, items: batch.length, journal: journal.length }, 'database unavailable; batch refused');
        for (const p of batch) p.reject(error);
        if (batch.length) counters.failedBatches += 1;
        retryDelay = Math.min(journalRetryMs.max, retryDelay ? retryDelay * 2 : journalRetryMs.first);
        return false;
      }
      if (batch.length <= 1 && !journal.length) {
        const error = databaseError(err, 'writing OCPP data');
        log.error({ err: error.message, ...describe(batch[0]) }, 'database refused an item');
        for (const p of batch) p.reject(error);
        return true;
      }
      counters.failedBatches += 1;
      log.warn({ err: (err as Error).message, items: batch.length }, 'batch refused; retrying item by item');
      for (const p of batch) await commit([p], []);
      return commitJournalAlone(journal);
    }
  };

  /** A journal entry the database refuses (e.g. a NUL character in the frame) is logged and dropped alone. */
  const commitJournalAlone = async (journal: JournalEntry[]): Promise<boolean> => {
    if (!journal.length) return true;
    try {
      await withClient((client) => insertJournal(client, journal));
      return true;
    } catch (err) {
      if (isUnavailable(err)) return false;
      if (journal.length === 1) {
        log.error({ err: (err as Error).message, chargerId: journal[0]!.chargerId, messageId: journal[0]!.messageId }, 'journal entry refused; dropped');
        return true;
      }
      for (const entry of journal) if (!(await commitJournalAlone([entry]))) return false;
      return true;
    }
  };

  const withClient = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await db.pool.connect();
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (err) {
      if (isUnavailable(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  };

  const settle = (batch: Pending[], outcomes: OpOutcome[]) => {
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) p.resolve(outcome.result);
      else {
        log.warn({ err: outcome.error.message, code: outcome.error.code, ...describe(p) }, 'item refused');
        p.reject(outcome.error);
      }
    });
  };

  const holdBack = (journal: JournalEntry[]) => {
    journalQueue = [...journal, ...journalQueue];
    const excess = journalQueue.length - journalBacklogMax;
    if (excess > 0) {
      journalQueue.splice(0, excess);
      log.error({ dropped: excess }, 'journal backlog full while the database is unavailable; oldest frames dropped');
    }
  };

  const enqueue = <T>(op: WriteOp): Promise<T> => {
    if (closed) return Promise.reject(new StoreError('PW_STORE_WRITER_CLOSED', 'the writer is closed; nothing more is accepted'));
    return new Promise<T>((resolve, reject) => {
      queue.push({ op, resolve: resolve as (r: ApplyResult | undefined) => void, reject });
      schedule();
    });
  };

  const flush = async () => {
    while (running || queue.length || journalQueue.length) {
      if (running) await running;
      else {
        start();
        await running;
        // Items always settle; journal entries that could not be written would loop here forever.
        if (journalStalled && !queue.length) {
          throw new StoreError('PW_STORE_UNAVAILABLE', `${journalQueue.length} journal entries could not be written; the database is unavailable`);
        }
      }
    }
  };

  return {
    apply: (item) => enqueue<ApplyResult>({ kind: 'apply', item }),
    connectivity: (change) => enqueue<undefined>({ kind: 'connectivity', change }).then(() => undefined),
    journal(entry) {
      if (closed) {
        log.error({ code: 'PW_STORE_WRITER_CLOSED', chargerId: entry.chargerId, messageId: entry.messageId }, 'journal entry after close; dropped');
        return;
      }
      journalQueue.push(entry);
      schedule();
    },
    flush,
    stats: () => structuredClone(counters),
    async close() {
      closed = true;
      try {
        await flush();
      } catch (err) {
        // Every item has settled by now; only journal entries can be left, and they are reported below.
        if (!isStoreError(err, 'PW_STORE_UNAVAILABLE')) throw err;
      } finally {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (journalQueue.length) log.error({ dropped: journalQueue.length }, 'writer closed with unwritten journal entries (database unavailable)');
        journalQueue = [];
      }
    },
  };
}

function describe(p: Pending | undefined): Record<string, unknown> {
  if (!p) return {};
  return p.op.kind === 'apply'
    ? { chargerId: p.op.item.chargerId, messageId: p.op.item.messageId, action: p.op.item.action }
    : { chargerId: p.op.change.chargerId, event: p.op.change.event };
}
