/**
 * Daily uptime rollups. Each run (once a period across workers, or on demand through the `uptime`
 * queue) brings the stored days up to date:
 * - every day since the last one completed, and today so far, for every connector;
 * - days that late data touched: status reports received since the last run but stamped on a day
 *   already rolled up (a charger replaying its offline queue) dirty that day and the ones after it, up
 *   to the days recomputed anyway, for that charger (its state carries over to the next days);
 * - days marked dirty by others (an exclusion added or deleted through the API).
 * Runs hold a PostgreSQL advisory lock, so two never interleave, and use one connection throughout.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  clearUptimeDirty,
  connectivityHistory,
  dirtyUptimeDays,
  earliestHistoryDay,
  exclusionsOverlapping,
  lateStatusReports,
  markUptimeDirty,
  saveDailyUptime,
  setUptimeBookmark,
  statusHistory,
  uptimeBookmark,
  uptimeConnectors,
  type Database,
} from '@pilewatch/store';
import { addDays, dayWindow, shanghaiDay, startOfDay } from '@pilewatch/supervision';
import { offerEveryPeriod } from '../periodic.js';
import type { WorkerModule } from '../worker.js';
import { dailyUptimeRows } from './uptime-rollup.js';

export const uptimeQueue = 'uptime';

export interface UptimeOptions {
  /** How often the rollup runs. */
  intervalMs: number;
  /** Days before today that are ever (re)computed: older late data and exclusions are left alone. */
  maxBackfillDays: number;
  /** Status reports received this recently may still be committing; the next run looks at them. */
  lateDataMarginMs: number;
}

export const defaultUptimeOptions: UptimeOptions = { intervalMs: 5 * 60_000, maxBackfillDays: 400, lateDataMarginMs: 2 * 60_000 };

/** Arbitrary constant: one rollup at a time across every worker. */
const rollupLockKey = 7_204_117_520;

export interface RollupReport {
  /** Days computed for every connector (today included). */
  fullDays: string[];
  /** Days recomputed for some chargers (late data, exclusions), with how many chargers each ('all' for every one). */
  dirtyDays: Record<string, number | 'all'>;
  connectorDays: number;
}

async function computeDay(client: pg.PoolClient, day: string, now: Date, log: Logger, chargerIds?: readonly string[]): Promise<number> {
  const whole = dayWindow(day);
  const window = { from: whole.from, to: whole.to > now ? now : whole.to };
  if (window.from >= window.to) return 0;
  const [connectors, statuses, connectivity, exclusions] = [
    await uptimeConnectors(client, chargerIds),
    await statusHistory(client, window, chargerIds),
    await connectivityHistory(client, window, chargerIds),
    await exclusionsOverlapping(client, window),
  ];
  const rows = dailyUptimeRows(day, window, { connectors, statuses, connectivity, exclusions }, (stationId, spec) =>
    log.warn({ stationId, openingHours: spec }, 'station opening hours cannot be read; no closed-hours exclusion applied'),
  );
  await saveDailyUptime(client, rows);
  return rows.length;
}

/** Brings the daily rollups up to date as of `now`. */
export async function rollupUptime(db: Database, now: Date, log: Logger, options: UptimeOptions = defaultUptimeOptions): Promise<RollupReport> {
  const client = await db.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [rollupLockKey]);
    try {
      return await rollup(client, now, log, options);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [rollupLockKey]).catch((err: Error) => {
        broken = err;
      });
    }
  } finally {
    client.release(broken);
  }
}

async function rollup(client: pg.PoolClient, now: Date, log: Logger, options: UptimeOptions): Promise<RollupReport> {
  const today = shanghaiDay(now);
  const floor = addDays(today, -options.maxBackfillDays);
  const completed = await uptimeBookmark(client, 'complete_through');
  let start = completed ? addDays(completed, 1) : ((await earliestHistoryDay(client)) ?? today);
  if (start < floor) start = floor;
  if (start > today) start = today;

  // Late data: reports received since the last look, stamped before the days computed below anyway.
  const scanUntil = new Date(now.getTime() - options.lateDataMarginMs);
  const scannedFrom = await uptimeBookmark(client, 'late_scan_until');
  if (scannedFrom) {
    const late = await lateStatusReports(client, { from: new Date(scannedFrom), to: scanUntil }, startOfDay(start));
    const marks: Array<{ chargerId: string; day: string }> = [];
    for (const { chargerId, earliest } of late) {
      let day = shanghaiDay(earliest);
      if (day < floor) day = floor;
      for (; day < start; day = addDays(day, 1)) marks.push({ chargerId, day });
    }
    await markUptimeDirty(client, marks);
    if (late.length) log.info({ chargers: late.length, days: marks.length }, 'late status reports: recomputing the days they touch');
  }

  const report: RollupReport = { fullDays: [], dirtyDays: {}, connectorDays: 0 };
  for (let day = start; day <= today; day = addDays(day, 1)) {
    report.connectorDays += await computeDay(client, day, now, log);
    report.fullDays.push(day);
  }

  // Dirty days, in batches; those computed in full above (or in the future, or too old) only need clearing.
  for (;;) {
    const dirty = await dirtyUptimeDays(client, 5_000);
    if (dirty.length === 0) break;
    const byDay = new Map<string, Set<string>>();
    for (const d of dirty) {
      if (d.day < floor || d.day >= start) continue;
      let set = byDay.get(d.day);
      if (!set) byDay.set(d.day, (set = new Set()));
      set.add(d.chargerId);
    }
    for (const [day, chargers] of byDay) {
      const all = chargers.has('');
      report.connectorDays += await computeDay(client, day, now, log, all ? undefined : [...chargers]);
      report.dirtyDays[day] = all ? 'all' : chargers.size;
    }
    await clearUptimeDirty(client, dirty);
    if (dirty.length < 5_000) break;
  }

  await setUptimeBookmark(client, 'complete_through', addDays(today, -1));
  await setUptimeBookmark(client, 'late_scan_until', scanUntil.toISOString());
  return report;
}

export function uptime(overrides: Partial<UptimeOptions> = {}): WorkerModule {
  const options = { ...defaultUptimeOptions, ...overrides };
  return {
    name: 'uptime',
    async start({ db, bus, log }) {
      const queue = bus.queue(uptimeQueue);
      const worker = queue.work(async () => {
        const report = await rollupUptime(db, new Date(), log, options);
        log.info({ fullDays: report.fullDays, dirtyDays: report.dirtyDays, connectorDays: report.connectorDays }, 'uptime rolled up');
        return report;
      });
      worker.on('failed', (job, err) => log.error({ err, jobId: job.id }, 'uptime rollup failed; it runs again next period'));
      const periodic = offerEveryPeriod(queue, 'rollup', options.intervalMs, (err) => log.error({ err }, 'could not schedule the uptime rollup'));
      return {
        async stop() {
          periodic.stop();
          await worker.close();
        },
      };
    },
  };
}
