/**
 * What TimescaleDB's job scheduler does on a server, for the embedded engine, which has no background
 * workers: refresh the continuous aggregates, compress old chunks, drop chunks past retention. Plus the
 * one chore every engine needs: forgetting retransmission records once no charger will resend them.
 * The worker calls this periodically.
 */
import type { Config } from '@pilewatch/config';
import type { Database } from './database.js';
import { databaseError, isUnavailable } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { policyPlan } from './policies.js';

/** Chargers resend an unanswered message within minutes; two days of records is ample. */
export const processedMessagesKeepMs = 2 * 24 * 3600 * 1000;

export interface MaintenanceReport {
  refreshed: string[];
  compressedChunks: number;
  droppedChunks: number;
  processedMessagesDeleted: number;
}

const dayMs = 24 * 3600 * 1000;

export async function runMaintenance(db: Database, config: Config, now: Date = new Date(), log: Logger = silentLogger): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { refreshed: [], compressedChunks: 0, droppedChunks: 0, processedMessagesDeleted: 0 };
  // One client throughout: the embedded engine has one connection, and the refresh must not run inside
  // a transaction block, which a single statement on a plain connection never is.
  const client = await db.pool.connect().catch((err: unknown) => {
    throw databaseError(err, 'maintenance');
  });
  let broken: Error | undefined;
  try {
    if (db.engine === 'embedded-timescaledb') {
      const plan = policyPlan(config.retention);
      for (const p of plan.refresh) {
        const { rows } = await client.query<{ from: Date; to: Date }>(
          `SELECT $1::timestamptz - $2::interval AS from, $1::timestamptz - $3::interval AS to`,
          [now, p.startOffset, p.endOffset],
        );
        await client.query(`CALL refresh_continuous_aggregate($1::regclass, $2::timestamptz, $3::timestamptz)`, [p.view, rows[0]!.from, rows[0]!.to]);
        report.refreshed.push(p.view);
      }
      for (const p of plan.compression) {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(compress_chunk(format('%I.%I', chunk_schema, chunk_name)::regclass)) AS n
             FROM timescaledb_information.chunks
            WHERE hypertable_name = $1 AND NOT is_compressed AND range_end <= $2`,
          [p.table, new Date(now.getTime() - p.afterDays * dayMs)],
        );
        report.compressedChunks += Number(rows[0]?.n ?? 0);
      }
      for (const p of plan.retention) {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM drop_chunks($1::regclass, older_than => $2::timestamptz)`,
          [p.table, new Date(now.getTime() - p.dropAfterDays * dayMs)],
        );
        report.droppedChunks += Number(rows[0]?.n ?? 0);
      }
    } else if (db.engine === 'postgresql') {
      log.info({ engine: db.engine }, 'no TimescaleDB: aggregates are views, nothing to refresh, compress or drop');
    }
    // On a TimescaleDB server the job scheduler runs the policies; only this chore is left to us.
    const { rowCount } = await client.query('DELETE FROM processed_messages WHERE processed_at < $1', [
      new Date(now.getTime() - processedMessagesKeepMs),
    ]);
    report.processedMessagesDeleted = rowCount ?? 0;
    log.debug({ ...report }, 'maintenance done');
    return report;
  } catch (err) {
    if (isUnavailable(err)) broken = err as Error;
    throw databaseError(err, 'maintenance');
  } finally {
    client.release(broken);
  }
}
