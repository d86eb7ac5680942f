/**
 * Uptime end to end on the real stack: a charger registered through the API reports yesterday's
 * statuses over OCPP 1.6 (replayed today, as a charger does after being offline), the worker rolls the
 * day up, and the API's figures match the timeline computed by hand — before and after an exclusion
 * entered through the API. A connector that never reported is "no data", not 100 %.
 *
 * Yesterday (Asia/Shanghai), connector 1: Available from 00:00, Faulted 09:00-10:30, Unavailable
 * 18:00-18:45, Available after. Connector 2 never reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '@pilewatch/supervision';
import { uptimeQueue } from '@pilewatch/worker';
import { connectCharger, type Charger } from '../csms/harness.js';
import { eventually, startAlertStack, type AlertStack } from './stack.js';

const LONG = 60_000;
const id = 'XZ-UPTIME-1';
const yesterday = addDays(shanghaiDay(new Date()), -1);
const at = (time: string) => new Date(`${yesterday}T${time}:00+08:00`).toISOString();

interface Figures {
  key: string | null;
  noData: boolean;
  connectors: number;
  connectorsWithData: number;
  connectorDays: number;
  windowMinutes: number;
  observedMinutes: number;
  faultedMinutes: number;
  unavailableMinutes: number;
  offlineMinutes: number;
  outageMinutes: number;
  excludedMinutes: number;
  outageCount: number;
  uptimePercent: number | null;
  onlineRatePercent: number | null;
  faultRatePercent: number | null;
  mttrMinutes: number | null;
}

let stack: AlertStack;
let charger: Charger;
let operatorToken: string;
let rollups = 0;

beforeAll(async () => {
  // Late data is looked for up to a second before each rollup (two minutes in production).
  stack = await startAlertStack({ delivery: { attempts: 2, backoffMs: 100, timeoutMs: 2_000, concurrency: 1 }, lateDataMarginMs: 1_000 });
  const admin = stack.tokens.admin;
  expect((await stack.call(admin, 'POST', '/api/v1/operators', { id: 'op-up', name: '忻州充电' })).status).toBe(201);
  expect((await stack.call(admin, 'POST', '/api/v1/stations', { id: 'st-up', operatorId: 'op-up', name: '忻府区测试站', countyCode: '140902' })).status).toBe(201);
  const created = await stack.call<{ password: string }>(admin, 'POST', '/api/v1/chargers', { id, stationId: 'st-up' });
  expect(created.status).toBe(201);
  const connectors = await stack.call(admin, 'PUT', `/api/v1/chargers/${id}/connectors`, {
    connectors: [
      { evseId: 1, connectorId: 1, currentType: 'AC', maxPowerKw: 7 },
      { evseId: 2, connectorId: 1, currentType: 'AC', maxPowerKw: 7 },
    ],
  });
  expect(connectors.status).toBe(200);
  operatorToken = await stack.operatorToken('op-up');

  charger = await connectCharger(stack.ocppUrl, id, { password: created.body.password, protocol: 'ocpp1.6' });
  await charger.call('BootNotification', { chargePointVendor: 'JinYuan', chargePointModel: 'JY-AC7-D' });
  const statuses: Array<[string, string, string]> = [
    ['00:00', 'Available', 'NoError'],
    ['09:00', 'Faulted', 'GroundFailure'],
    ['10:30', 'Available', 'NoError'],
    ['18:00', 'Unavailable', 'NoError'],
    ['18:45', 'Available', 'NoError'],
  ];
  for (const [time, status, errorCode] of statuses) {
    // Acknowledged only once stored: the rollup below sees every one.
    await charger.call('StatusNotification', { connectorId: 1, status, errorCode, timestamp: at(time) });
  }
}, LONG);

afterAll(async () => {
  await charger?.close({ force: true }).catch(() => undefined);
  await stack?.close();
}, LONG);

/** Runs a rollup through the worker's queue and waits for its figures. */
async function rollUp(): Promise<void> {
  // Reports count as late once they are older than the margin.
  await new Promise((r) => setTimeout(r, 1_100));
  const before = (await stack.db.pool.query(`SELECT max(computed_at) AS t FROM uptime_daily WHERE day = $1`, [yesterday])).rows[0]?.t ?? null;
  await stack.bus.queue(uptimeQueue).add('rollup', {}, { jobId: `e2e-rollup-${++rollups}` });
  await eventually(async () => {
    const { rows } = await stack.db.pool.query(`SELECT max(computed_at) AS t FROM uptime_daily WHERE day = $1 AND charger_id = $2`, [yesterday, id]);
    const t = rows[0]?.t as Date | null;
    return t && (!before || t > before) ? true : undefined;
  }, 'the rollup of yesterday');
}

async function figures(query: string, token = operatorToken): Promise<Figures[]> {
  const { status, body } = await stack.call<{ items: Figures[] }>(token, 'GET', `/api/v1/uptime?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.items;
}

describe('uptime figures from the API', () => {
  it('match the hand-computed day: 90 faulted and 45 unavailable minutes of 1,440', async () => {
    await rollUp();
    const [gun1, gun2] = await figures(`level=connector&day=${yesterday}&chargerId=${id}`);
    expect(gun1).toMatchObject({
      key: `${id}:1:1`,
      noData: false,
      windowMinutes: 1440,
      observedMinutes: 1440,
      faultedMinutes: 90,
      unavailableMinutes: 45,
      offlineMinutes: 0,
      outageMinutes: 135,
      excludedMinutes: 0,
      outageCount: 2,
      uptimePercent: 90.625,
      onlineRatePercent: 100,
      faultRatePercent: 6.25,
      mttrMinutes: 67.5,
    });
    // Connector 2 never reported: no data, and no rate at all — not 100 %.
    expect(gun2).toMatchObject({ key: `${id}:2:1`, noData: true, observedMinutes: 0, uptimePercent: null, onlineRatePercent: null, mttrMinutes: null });
  }, LONG);

  it('leave excluded maintenance out once it is entered: (1440 − (135 − 45)) / 1440 = 93.75 %', async () => {
    const created = await stack.call<{ operatorId: string; createdBy: string }>(operatorToken, 'POST', '/api/v1/exclusions', {
      reason: 'maintenance',
      note: '更换充电枪',
      chargerId: id,
      evseId: 1,
      connectorId: 1,
      from: at('18:00'),
      to: at('19:00'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ operatorId: 'op-up', createdBy: 'operator op-up (operator)' });
    await rollUp();
    const [gun1] = await figures(`level=connector&day=${yesterday}&chargerId=${id}`);
    // Only the 45 outage minutes inside the exclusion count as excluded; that outage is not counted at all.
    expect(gun1).toMatchObject({ outageMinutes: 135, excludedMinutes: 45, outageCount: 1, uptimePercent: 93.75, mttrMinutes: 90 });
  }, LONG);

  it('give the charger, station, operator and county the same uptime: the silent connector adds no observed minutes', async () => {
    for (const level of ['charger', 'station', 'operator', 'county']) {
      const [group] = await figures(`level=${level}&day=${yesterday}`, stack.tokens.regulator);
      expect(group, level).toMatchObject({ connectors: 2, connectorsWithData: 1, windowMinutes: 2880, observedMinutes: 1440, uptimePercent: 93.75 });
    }
    const [city] = await figures(`level=city&rolling12MonthsTo=${yesterday}`, stack.tokens.regulator);
    expect(city).toMatchObject({ key: 'city', uptimePercent: 93.75, observedMinutes: 1440 });
  });

  it('refuse a request without exactly one window', async () => {
    const { status, body } = await stack.call<{ error: { code: string } }>(operatorToken, 'GET', `/api/v1/uptime?day=${yesterday}&month=2025-01`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('PW_API_VALIDATION');
  });
});
