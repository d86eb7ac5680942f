/**
 * Test support: a fresh, empty PostgreSQL database per test file on the server at TEST_DATABASE_URL
 * (default the local server at 127.0.0.1:5432), dropped afterwards. In CI a missing server is an error,
 * never a skip. `openTestStore` gives a migrated store on either engine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '@pilewatch/config';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';

export const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'pw_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export type TestEngine = 'postgresql' | 'embedded';

export interface TestStore {
  db: Database;
  config: Config;
  /** Closes the database and removes what the test created (server database or data directory). */
  close(): Promise<void>;
}

/**
 * A migrated, empty store on either engine: a fresh database on the test server, or the embedded
 * TimescaleDB in a temporary directory (about 5 s to start; share one per test file).
 * `env` adds settings, e.g. retention ages.
 */
export async function openTestStore(engine: TestEngine, env: Record<string, string> = {}): Promise<TestStore> {
  if (engine === 'postgresql') {
    const server = await createTestDatabase();
    const config = loadConfig({ ...env, DATABASE_URL: server.url });
    const db = await openDatabase(config);
    await migrate(db, config);
    return {
      db,
      config,
      async close() {
        await db.close();
        await server.drop();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'pw-embedded-'));
  const config = loadConfig({ ...env, PILEWATCH_DATA_DIR: dataDir });
  const db = await openDatabase(config);
  await migrate(db, config);
  return {
    db,
    config,
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
