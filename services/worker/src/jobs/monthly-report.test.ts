/**
 * The monthly report job on a real PostgreSQL database and the in-process bus: offered on the 1st (once
 * across workers), generated on demand, stored with its CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createMemoryBus } from '@pilewatch/bus';
import { addCharger, findMonthlyReport, monthlyReportQueue, upsertConnectors, upsertOperator, upsertStation, type MonthlyReportJob } from '@pilewatch/store';
import { openTestStore, type TestStore } from '@pilewatch/store/testing';
import { startWorker } from '../worker.js';
import type { MonthlyReport } from './monthly-report-build.js';
import { dueMonth, generateMonthlyReport, monthlyReport } from './monthly-report.js';

const log = pino({ level: 'silent' });
let store: TestStore;

beforeAll(async () => {
  store = await openTestStore('postgresql');
  const { db } = store;
  await upsertOperator(db, { id: 'op', name: 'Op' });
  await upsertStation(db, { id: 'st', operatorId: 'op', name: 'Hub', countyCode: '140902', category: 'central_public', isPublic: true });
  await addCharger(db, { id: 'CP-1', operatorId: 'op', stationId: 'st' });
  await addCharger(db, { id: 'CP-2', operatorId: 'op', stationId: 'st' });
  await upsertConnectors(db, 'CP-1', [{ evseId: 1, connectorId: 1, currentType: 'DC' }]);
  await db.pool.query(`UPDATE charge_points SET commissioned_at = '2025-03-10T09:00:00+08:00' WHERE id = 'CP-1'`);
  await db.pool.query(
    `INSERT INTO status_events (time, received_at, charger_id, evse_id, connector_id, status)
     VALUES ('2025-03-11T09:00:00+08:00', now(), 'CP-1', 1, 1, 'Faulted')`,
  );
});
afterAll(() => store?.close());

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('when the report is due', () => {
  it.each([
    ['2025-04-01T02:00:00+08:00', '2025-03'],
    ['2025-04-01T01:59:59+08:00', '2025-02'],
    ['2025-04-30T23:00:00+08:00', '2025-03'],
    ['2026-01-01T02:30:00+08:00', '2025-12'],
    // 18:30 UTC on 31 March is already 1 April 02:30 in Shanghai.
    ['2025-03-31T18:30:00Z', '2025-03'],
  ])('at %s the scheduled report is for %s', (now, month) => expect(dueMonth(new Date(now))).toBe(month));
});

describe('generating a report', () => {
  it('counts the month from the registry and history, and stores JSON and CSV', async () => {
    const report = await generateMonthlyReport(store.db, { month: '2025-03', trigger: 'on_demand', requestedBy: 'admin' }, new Date('2025-04-02T10:00:00+08:00'));
    const xinfu = report.counties.find((c) => c.code === '140902')!;
    expect(xinfu).toMatchObject({ pilesAdded: 1, publicPiles: 2, planYearActual: 1, faults: 1, alerts: 0 });
    const stored = await findMonthlyReport(store.db, '2025-03');
    expect(stored).toMatchObject({ trigger: 'on_demand', requestedBy: 'admin' });
    expect((stored!.report as MonthlyReport).counties).toHaveLength(15);
    expect(stored!.csv.split('\r\n')[1]).toMatch(/^2025-03,140902,忻府区,Xinfu District,1,2,1,/);
  });

  it('reports a month still running up to the moment it is made', async () => {
    const report = await generateMonthlyReport(store.db, { month: '2025-03', trigger: 'on_demand' }, new Date('2025-03-05T12:00:00+08:00'));
    expect(report.asOf).toBe('2025-03-05T04:00:00.000Z');
    expect(report.counties.find((c) => c.code === '140902')).toMatchObject({ publicPiles: 1, planYearActual: 0 });
  });
});

describe('the monthly report module', () => {
  it('offers the due report once however many workers start, and makes it', async () => {
    const bus = createMemoryBus();
    const month = dueMonth(new Date());
    const workers = await Promise.all([1, 2].map(() => startWorker({ config: store.config, db: store.db, bus, log }, [monthlyReport])));
    try {
      const stored = await until(() => findMonthlyReport(store.db, month), `the report for ${month}`);
      expect(stored.trigger).toBe('schedule');
      const counts = await until(async () => {
        const c = await bus.queue(monthlyReportQueue).counts();
        return c.waiting === 0 && c.active === 0 ? c : undefined;
      }, 'the queue to drain');
      expect(counts).toMatchObject({ completed: 1, failed: 0 });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await bus.close();
    }
  });

  it('makes an on-demand report the API queued, replacing the stored one', async () => {
    const bus = createMemoryBus();
    const worker = await startWorker({ config: store.config, db: store.db, bus, log }, [monthlyReport]);
    try {
      const before = (await findMonthlyReport(store.db, '2025-03'))!.generatedAt;
      const job: MonthlyReportJob = { month: '2025-03', trigger: 'on_demand', requestedBy: 'city admin' };
      await bus.queue(monthlyReportQueue).add('generate', job, { jobId: 'monthly-report-2025-03-on-demand-1' });
      const after = await until(async () => {
        const r = await findMonthlyReport(store.db, '2025-03');
        return r && r.generatedAt.getTime() !== before.getTime() ? r : undefined;
      }, 'the regenerated report');
      expect(after).toMatchObject({ trigger: 'on_demand', requestedBy: 'city admin' });
    } finally {
      await worker.stop();
      await bus.close();
    }
  });
});
