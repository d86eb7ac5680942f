import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@pilewatch/config';
import { openDatabase, type Database } from './database.js';
import { isStoreError } from './errors.js';
import type { Logger } from './logger.js';
import { migrate } from './migrate.js';
import { core } from './migrations/001-core.js';
import { migrations } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';
import { catalogSnapshot, timeBucketCases } from './test-support/catalog.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

function recordingLogger() {
  const warnings: string[] = [];
  const log: Logger = { debug() {}, info() {}, error() {}, warn: (_obj, msg) => void warnings.push(msg ?? '') };
  return { log, warnings };
}

describe('migrate on PostgreSQL without TimescaleDB', () => {
  let server: TestDatabase;
  let db: Database;
  const config = () => loadConfig({ DATABASE_URL: server.url });
  const opened: Array<{ db: Database; server: TestDatabase }> = [];
  const fresh = async () => {
    const s = await createTestDatabase();
    const d = await openDatabase(loadConfig({ DATABASE_URL: s.url }));
    opened.push({ db: d, server: s });
    return { db: d, config: loadConfig({ DATABASE_URL: s.url }) };
  };

  beforeAll(async () => {
    server = await createTestDatabase();
    db = await openDatabase(config());
  });
  afterAll(async () => {
    await db?.close();
    await server?.drop();
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.db.close();
      await o.server.drop();
    }
  });

  it('applies the core schema in its degraded form and says once what is lost', async () => {
    const { log, warnings } = recordingLogger();
    expect(await migrate(db, config(), log)).toEqual({ applied: migrations.map((m) => m.version) });

    expect(db).toMatchObject({ engine: 'postgresql', timescale: false });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no hypertables.*no retention.*plain views/s);
    const { rows } = await db.pool.query(
      `SELECT relname, relkind FROM pg_class WHERE relname IN ('meter_samples', 'meter_15m', 'meter_1h', 'meter_1d') ORDER BY relname`,
    );
    expect(rows).toEqual([
      { relname: 'meter_15m', relkind: 'v' },
      { relname: 'meter_1d', relkind: 'v' },
      { relname: 'meter_1h', relkind: 'v' },
      { relname: 'meter_samples', relkind: 'r' },
    ]);
  });

  it('changes nothing when run again', async () => {
    const before = await catalogSnapshot(db);
    expect(await migrate(db, config())).toEqual({ applied: [] });
    expect(await catalogSnapshot(db)).toEqual(before);
    expect(before.length).toBeGreaterThan(100);
  });

  it.each(timeBucketCases)('buckets $ts by $width $zone like TimescaleDB', async ({ width, ts, zone, bucket }) => {
    const { rows } = zone
      ? await db.pool.query('SELECT time_bucket($1::interval, $2::timestamptz, $3) AS b', [width, ts, zone])
      : await db.pool.query('SELECT time_bucket($1::interval, $2::timestamptz) AS b', [width, ts]);
    expect(rows[0].b).toEqual(new Date(bucket));
  });

  it('aggregates meter samples through the views', async () => {
    await db.pool.query(`INSERT INTO operators (id, name) VALUES ('op', 'Op')`);
    await db.pool.query(`INSERT INTO charge_points (id, operator_id) VALUES ('CP', 'op')`);
    await db.pool.query(
      `INSERT INTO meter_samples (time, received_at, charger_id, evse_id, connector_id, measurand, unit, value) VALUES
         ('2025-03-01T10:01Z', now(), 'CP', 1, 1, 'Energy.Active.Import.Register', 'Wh', 1000),
         ('2025-03-01T10:14Z', now(), 'CP', 1, 1, 'Energy.Active.Import.Register', 'Wh', 1600),
         ('2025-03-01T10:16Z', now(), 'CP', 1, 1, 'Energy.Active.Import.Register', 'Wh', 1700)`,
    );
    const { rows } = await db.pool.query(`SELECT bucket, energy_min_wh, energy_max_wh, samples::int FROM meter_15m ORDER BY bucket`);
    expect(rows).toEqual([
      { bucket: new Date('2025-03-01T10:00Z'), energy_min_wh: 1000, energy_max_wh: 1600, samples: 2 },
      { bucket: new Date('2025-03-01T10:15Z'), energy_min_wh: 1700, energy_max_wh: 1700, samples: 1 },
    ]);
  });

  it('rolls a failing migration back and names it', async () => {
    const { db: target, config: cfg } = await fresh();
    const broken: Migration = { version: 2, name: 'broken on purpose', up: () => ['CREATE TABLE half_done (a int)', 'SELECT no_such_function()'] };
    const err = await migrate(target, cfg, undefined, [core, broken]).catch((e: unknown) => e);

    expect(isStoreError(err, 'PW_STORE_MIGRATION_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(/migration 2 \(broken on purpose\)/);
    const { rows } = await target.pool.query(`SELECT version FROM schema_migrations ORDER BY version`);
    expect(rows).toEqual([{ version: 1 }]);
    expect((await target.pool.query(`SELECT to_regclass('half_done') AS t`)).rows).toEqual([{ t: null }]);
  });

  it('refuses a migration list that is not in increasing order', async () => {
    const { db: target, config: cfg } = await fresh();
    const again: Migration = { ...core, name: 'same number' };
    const err = await migrate(target, cfg, undefined, [core, again]).catch((e: unknown) => e);
    expect(isStoreError(err, 'PW_STORE_MIGRATION_LIST')).toBe(true);
  });

  it('lets processes starting together migrate without stepping on each other', async () => {
    const { db: first, config: cfg } = await fresh();
    const second = await openDatabase(cfg);
    try {
      const results = await Promise.all([migrate(first, cfg), migrate(second, cfg)]);
      expect(results.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version));
      expect(results.some((r) => r.applied.length === 0)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
