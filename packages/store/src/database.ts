/**
 * Opening the database: a pool to a PostgreSQL/TimescaleDB server when `DATABASE_URL` is set, otherwise
 * the embedded TimescaleDB behind a pool of one connection. Everything else in pilewatch sees only this.
 */
import pg from 'pg';
import type { Config } from '@pilewatch/config';
import { startEmbedded } from './embedded/engine.js';
import { databaseError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';

export type Engine = 'timescaledb' | 'postgresql' | 'embedded-timescaledb';

export interface Database {
  pool: pg.Pool;
  /** What runs behind the pool; `migrate` corrects `timescaledb` to `postgresql` if the extension cannot be created. */
  engine: Engine;
  /** TimescaleDB features (hypertables, compression, policies, continuous aggregates) are in use. */
  timescale: boolean;
  /** Connection URL; for a server it is the configured one and may carry a password: never log it. */
  url: string;
  close(): Promise<void>;
}

/** How long a query waits for a connection before the database counts as unavailable. */
const connectTimeoutMs = 5_000;

export async function openDatabase(config: Config, log: Logger = silentLogger): Promise<Database> {
  const { url, poolSize, dataDir, embeddedPort } = config.database;
  if (url) {
    const pool = createPool(url, poolSize, log);
    try {
      const timescale = await timescaleAvailable(pool);
      return {
        pool,
        engine: timescale ? 'timescaledb' : 'postgresql',
        timescale,
        url,
        close: () => pool.end(),
      };
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw databaseError(err, 'opening the database');
    }
  }
  const embedded = await startEmbedded(dataDir, embeddedPort, log);
  // One connection: PGlite serves a single session. A longer idle timeout than the default keeps it
  // from reconnecting (a session reset) between bursts of writes.
  // Its one connection may be busy with maintenance (compressing a chunk) for a while: waiting longer
  // before calling the database unavailable avoids refusing chargers' messages needlessly.
  const pool = createPool(embedded.url, 1, log, 60_000, 15_000);
  return {
    pool,
    engine: 'embedded-timescaledb',
    timescale: true,
    url: embedded.url,
    async close() {
      try {
        await pool.end();
      } finally {
        await embedded.stop();
      }
    },
  };
}

function createPool(url: string, max: number, log: Logger, idleTimeoutMillis = 10_000, connectionTimeoutMillis = connectTimeoutMs): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis, connectionTimeoutMillis });
  // An idle connection the server drops emits here; without a listener it would crash the process.
  // The pool discards that connection and opens a new one on the next query.
  pool.on('error', (err) => log.warn({ err: err.message }, 'database connection lost; reconnecting on next use'));
  // A connection that drops while checked out (between the statements of a batch) emits on the client
  // itself, where the pool's listener is not attached: the statement in flight fails with the error, and
  // this listener keeps the event from becoming an uncaught exception that would end the process.
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ err: err.message }, 'database connection lost while in use'));
  });
  return pool;
}

/** TimescaleDB is installed or can be installed on this server. */
async function timescaleAvailable(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ available: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available`,
  );
  return rows[0]?.available === true;
}
