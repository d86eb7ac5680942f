import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '@pilewatch/config';
import { addCharger } from '../chargers.js';
import { openDatabase, type Database } from '../database.js';
import { isStoreError } from '../errors.js';
import { runMaintenance } from '../maintenance.js';
import { migrate } from '../migrate.js';
import { migrations } from '../migrations/index.js';
import { catalogSnapshot, timeBucketCases } from '../test-support/catalog.js';
import { ocppCall } from '../test-support/ocpp-calls.js';
import { createWriter } from '../writer.js';

const hour = 3600 * 1000;
const day = 24 * hour;

describe('the embedded TimescaleDB engine', () => {
  let dataDir: string;
  let config: Config;
  let db: Database;
  const q = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pw-embedded-'));
    config = loadConfig({ PILEWATCH_DATA_DIR: dataDir });
    db = await openDatabase(config);
  });
  afterAll(async () => {
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates to hypertables, continuous aggregates and the configured policies', async () => {
    expect(await migrate(db, config)).toEqual({ applied: migrations.map((m) => m.version) });

    expect(db).toMatchObject({ engine: 'embedded-timescaledb', timescale: true, url: expect.stringMatching(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/) });
    const hypertables = await q(`SELECT hypertable_name AS name, compression_enabled AS compressed FROM timescaledb_information.hypertables ORDER BY 1`);
    expect(hypertables).toEqual(
      ['charger_events', 'connectivity_events', 'meter_samples', 'ocpp_messages', 'status_events'].map((name) => ({ name, compressed: true })),
    );
    expect(await q(`SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1`)).toEqual([
      { view_name: 'meter_15m' },
      { view_name: 'meter_1d' },
      { view_name: 'meter_1h' },
    ]);
    const retention = await q(
      `SELECT hypertable_name AS t, config->>'drop_after' AS after FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' ORDER BY 1`,
    );
    expect(retention).toContainEqual({ t: 'ocpp_messages', after: '180 days' });
    expect(retention).toContainEqual({ t: 'meter_samples', after: '1095 days' });
  });

  it('changes nothing when migrated again', async () => {
    const before = await catalogSnapshot(db);
    expect(await migrate(db, config)).toEqual({ applied: [] });
    expect(await catalogSnapshot(db)).toEqual(before);
  });

  it('changes exactly the policy whose setting changed', async () => {
    const jobs = async () =>
      q(`SELECT job_id, proc_name, hypertable_name, config->>'drop_after' AS drop_after FROM timescaledb_information.jobs WHERE job_id >= 1000 ORDER BY job_id`);
    const before = await jobs();
    await migrate(db, loadConfig({ PILEWATCH_DATA_DIR: dataDir, PILEWATCH_JOURNAL_RETENTION_DAYS: '90' }));
    const after = await jobs();

    const journal = (rows: typeof before) => rows.filter((j) => j.proc_name === 'policy_retention' && j.hypertable_name === 'ocpp_messages');
    expect(journal(after)).toMatchObject([{ drop_after: '90 days' }]);
    const others = (rows: typeof before) => rows.filter((j) => !journal(rows).includes(j));
    expect(others(after)).toEqual(others(before));
    await migrate(db, config);
  });

  it.each(timeBucketCases)('buckets $ts by $width $zone like the plain-PostgreSQL stand-in', async ({ width, ts, zone, bucket }) => {
    const rows = zone
      ? await q('SELECT time_bucket($1::interval, $2::timestamptz, $3) AS b', [width, ts, zone])
      : await q('SELECT time_bucket($1::interval, $2::timestamptz) AS b', [width, ts]);
    expect(rows[0]!.b).toEqual(new Date(bucket));
  });

  it('fills the 15-minute aggregate when maintenance runs, as the job scheduler would', async () => {
    await addCharger(db, { id: 'AGG-1', password: 'p' });
    const writer = createWriter(db, { batchMax: 100, batchWaitMs: 5 });
    const now = new Date();
    const quarter = Math.floor((now.getTime() - 2 * hour) / (15 * 60_000)) * 15 * 60_000;
    for (const [minute, wh] of [[1, 1000], [7, 1400], [14, 1900]] as const) {
      await writer.apply(
        ocppCall('AGG-1', 'ocpp1.6', 'MeterValues', {
          connectorId: 1,
          meterValue: [{ timestamp: new Date(quarter + minute * 60_000).toISOString(), sampledValue: [{ value: String(wh), unit: 'Wh' }] }],
        }),
      );
    }
    await writer.close();
    const aggregate = () => q(`SELECT bucket, energy_min_wh, energy_max_wh, samples::int FROM meter_15m WHERE charger_id = 'AGG-1'`);
    expect(await aggregate()).toEqual([]);

    const report = await runMaintenance(db, config, now);

    expect(report.refreshed).toEqual(['meter_15m', 'meter_1h', 'meter_1d']);
    expect(await aggregate()).toEqual([{ bucket: new Date(quarter), energy_min_wh: 1000, energy_max_wh: 1900, samples: 3 }]);
  });

  it('compresses chunks past the configured age and drops chunks past retention', async () => {
    const now = new Date();
    // One sample old enough to compress, one past the 1095-day history retention.
    for (const [ageDays, value] of [[10, 1], [1200, 2]] as const) {
      await q(
        `INSERT INTO meter_samples (time, received_at, charger_id, evse_id, connector_id, measurand, unit, value)
         VALUES ($1, now(), 'AGG-1', 1, 1, 'Energy.Active.Import.Register', 'Wh', $2)`,
        [new Date(now.getTime() - ageDays * day), value],
      );
    }
    const report = await runMaintenance(db, config, now);

    expect(report.compressedChunks).toBeGreaterThanOrEqual(1);
    expect(report.droppedChunks).toBeGreaterThanOrEqual(1);
    expect(await q(`SELECT value FROM meter_samples WHERE time < $1 ORDER BY time`, [new Date(now.getTime() - 5 * day)])).toEqual([{ value: 1 }]);
    expect(await q(`SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'meter_samples' AND is_compressed`)).toEqual([{ n: 1 }]);
    // A sample resent into a compressed chunk is still recognised.
    await q(
      `INSERT INTO meter_samples (time, received_at, charger_id, evse_id, connector_id, measurand, unit, value)
       VALUES ($1, now(), 'AGG-1', 1, 1, 'Energy.Active.Import.Register', 'Wh', 1) ON CONFLICT DO NOTHING`,
      [new Date(now.getTime() - 10 * day)],
    );
    expect(await q(`SELECT count(*)::int AS n FROM meter_samples WHERE time < $1`, [new Date(now.getTime() - 5 * day)])).toEqual([{ n: 1 }]);
  });

  it('forgets retransmission records after two days', async () => {
    await q(`INSERT INTO processed_messages (charger_id, message_id, payload_hash, action, processed_at) VALUES ('AGG-1', 'old', 'h', 'Heartbeat', now() - interval '3 days'), ('AGG-1', 'new', 'h', 'Heartbeat', now())`);
    const report = await runMaintenance(db, config);
    expect(report.processedMessagesDeleted).toBe(1);
    expect(await q(`SELECT message_id FROM processed_messages WHERE message_id IN ('old', 'new')`)).toEqual([{ message_id: 'new' }]);
  });

  it('refuses a second opener of the same data directory with an error naming the holder', async () => {
    const err = await openDatabase(config).catch((e: unknown) => e);
    expect(isStoreError(err, 'PW_STORE_EMBEDDED_IN_USE')).toBe(true);
    expect((err as Error).message).toContain(`the embedded database in ${dataDir} is in use by process ${process.pid}`);
    expect((err as Error).message).toContain('stop it or set DATABASE_URL');
  });

  it('keeps its data across close and reopen', async () => {
    const before = await q(`SELECT count(*)::int AS n FROM meter_samples`);
    await db.close();
    db = await openDatabase(config);
    expect(await migrate(db, config)).toEqual({ applied: [] });
    // Compressed chunks included: TimescaleDB must be loaded again, not merely present in the catalog.
    expect(await q(`SELECT count(*)::int AS n FROM meter_samples`)).toEqual(before);
    expect(before[0]!.n).toBeGreaterThan(0);
    await q(
      `INSERT INTO meter_samples (time, received_at, charger_id, evse_id, connector_id, measurand, unit, value)
       VALUES (now(), now(), 'AGG-1', 1, 1, 'Energy.Active.Import.Register', 'Wh', 5)`,
    );
    expect(await q(`SELECT count(*)::int AS n FROM ONLY meter_samples`)).toEqual([{ n: 0 }]);
  });
});
