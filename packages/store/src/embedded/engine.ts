/**
 * The embedded engine: PGlite with TimescaleDB, its files in the data directory, served on 127.0.0.1
 * over the PostgreSQL wire protocol so the rest of pilewatch talks to it through `pg` like to a server.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { StoreError } from '../errors.js';
import type { Logger } from '../logger.js';
import { lockDataDir } from './lock-file.js';
import { servableOverWire } from './pglite-wire.js';

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** PGlite's own files live in a subdirectory, leaving the data directory's top level to us (the lock). */
export const pgliteSubdir = 'pgdata';

export async function startEmbedded(dataDir: string, port: number, log: Logger): Promise<EmbeddedServer> {
  const dir = resolve(dataDir);
  await mkdir(join(dir, pgliteSubdir), { recursive: true });
  const lock = await lockDataDir(dir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    const started = Date.now();
    db = await PGlite.create({ dataDir: join(dir, pgliteSubdir), extensions: { timescaledb } });
    // A server preloads TimescaleDB (shared_preload_libraries); PGlite loads it only on CREATE EXTENSION.
    // Reopening an existing data directory without this leaves the planner blind to compressed chunks
    // (their rows vanish from queries) and inserts bypassing chunk routing.
    await db.exec(`LOAD 'timescaledb'`);
    // The socket package declares its peer PGlite type; ours is the TimescaleDB build of the same version.
    const served = (await servableOverWire(db)) as unknown as ConstructorParameters<typeof PGLiteSocketServer>[0]['db'];
    server = new PGLiteSocketServer({ db: served, port, host: '127.0.0.1' });
    await server.start().catch((err: NodeJS.ErrnoException) => {
      throw new StoreError(
        'PW_STORE_EMBEDDED_PORT',
        `the embedded database cannot listen on 127.0.0.1:${port} (${err.code ?? err.message}); choose another PILEWATCH_EMBEDDED_DB_PORT or 0`,
        { cause: err },
      );
    });
    const actualPort = Number(server.getServerConn().split(':').pop());
    await lock.setPort(actualPort);
    log.info({ dataDir: dir, port: actualPort, startupMs: Date.now() - started }, 'embedded TimescaleDB started');
    const running = { db, server };
    return {
      url: `postgres://postgres@127.0.0.1:${actualPort}/postgres`,
      port: actualPort,
      dataDir: dir,
      async stop() {
        try {
          await running.server.stop();
          await running.db.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await lock.release();
    throw err;
  }
}
