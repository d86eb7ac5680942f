/**
 * Pushes to a test province (push-receiver.ts, node:http with its own codec) from a running pilewatch:
 * the central system's events go through the Redis bus to the worker, which records each push and
 * sends it as BullMQ jobs. A simulated pile's fault, recovery, network loss and return arrive in order
 * per connector even while the receiver is failing; a push that fails twice is delivered exactly once;
 * an expired token is fetched again; Status 1 is never retried; a push that keeps failing ends `failed`
 * with its reason, visible through the admin API; station and pile changes are pushed as StationInfo.
 */
import ocppRpc from 'ocpp-rpc';
import type RPCClientType from 'ocpp-rpc/lib/client';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCharger, importFleet, upsertConnectors, upsertStation } from '@pilewatch/store';
import { generateFleet, quietScenario, runFleet, type Fleet, type SimulationHandle, type VirtualCharger } from '@pilewatch/simulator';
import { provincePushQueue } from '@pilewatch/worker';
import { PushReceiver } from './push-receiver.js';
import { connectorIdOf } from './test-province.js';
import { operatorIdFor, secret16, startStack, until, type Stack } from './stack.js';

const LONG = 60_000;
const ATTEMPTS = 4;

const ours = { operatorId: operatorIdFor('X'), operatorSecret: secret16() };
const secrets = { dataSecret: secret16(), dataSecretIv: secret16(), sigSecret: secret16() };
const provinceId = operatorIdFor('S');

let stack: Stack;
let receiver: PushReceiver;
let fleet: Fleet;
let sim: SimulationHandle;
let pile: VirtualCharger;
let charger: RPCClientType;

interface Delivery {
  id: string;
  partnerId: string;
  interface: string;
  subject: string;
  state: string;
  attempts: number;
  errorCode: string | null;
  lastError: string | null;
  data: unknown;
}

const statusesOf = (connectorId: string) =>
  receiver
    .of('notification_stationStatus')
    .map((r) => r.data.ConnectorStatusInfo as { ConnectorID: string; Status: number })
    .filter((c) => c.ConnectorID === connectorId)
    .map((c) => c.Status);

const statusIn = (d: Delivery) => (d.data as { ConnectorStatusInfo: { Status: number } }).ConnectorStatusInfo.Status;

async function deliveries(subject: string): Promise<Delivery[]> {
  const { status, body } = await stack.admin<{ items: Delivery[] }>(`/api/v1/province/pushes?subject=${subject}&limit=500`);
  expect(status).toBe(200);
  return body.items.reverse();
}

/** Waits until nothing is pending for anyone: every push ended one way or another. */
async function settled(): Promise<void> {
  await until(async () => {
    const [row] = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM province_deliveries WHERE state = 'pending'`);
    return row!.n === 0 ? true : undefined;
  }, 'every push to end', 30_000);
}

/** CP-RPC reports a status; resolves once the push it causes is recorded (not yet sent). */
async function status(connectorId: number, value: string): Promise<void> {
  const subject = connectorIdOf('CP-RPC', connectorId, 1);
  const [{ n: before }] = (await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM province_deliveries WHERE subject = $1`, [subject])) as [{ n: number }];
  await charger.call('StatusNotification', { connectorId, errorCode: 'NoError', status: value, timestamp: new Date().toISOString() });
  await until(async () => {
    const [row] = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM province_deliveries WHERE subject = $1`, [subject]);
    return row!.n > before ? true : undefined;
  }, `the push of ${value} to be recorded`);
}

beforeAll(async () => {
  receiver = new PushReceiver({ caller: ours, secrets });
  const baseUrl = await receiver.start();
  fleet = generateFleet({ chargers: 1, seed: 'province-push' });
  stack = await startStack({
    env: { PILEWATCH_PROVINCE_PUSH_ATTEMPTS: String(ATTEMPTS) },
    partners: [
      {
        name: 'Shanxi energy supervision platform',
        operatorId: provinceId,
        outbound: { baseUrl, ...ours, ...secrets, pushes: ['notification_stationStatus', 'notification_stationInfo'] },
      },
    ],
  });
  await importFleet(stack.db, fleet);
  const operatorId = fleet.operators[0]!.id;
  await upsertStation(stack.db, {
    id: 'ST-RPC',
    operatorId,
    name: '原平市推送测试站',
    address: '山西省忻州市原平市新原路8号',
    countyCode: '140981',
    category: 'urban_public',
    isPublic: true,
    lat: 38.73,
    lon: 112.71,
    serviceTel: '0350-7654321',
  });
  await addCharger(stack.db, { id: 'CP-RPC', operatorId, stationId: 'ST-RPC', password: 'password-of-cp-rpc' });
  await upsertConnectors(stack.db, 'CP-RPC', [{ evseId: 1, connectorId: 1, currentType: 'AC', connectorType: 'gbt_ac', maxPowerKw: 7 }]);

  sim = runFleet({ url: stack.ocppUrl, fleet, scenario: quietScenario({ speed: 1 }), rampPerSecond: 100, backoff: { initialMs: 50, maxMs: 300 } });
  pile = sim.chargers()[0]!;
  charger = new ocppRpc.RPCClient({
    endpoint: stack.ocppUrl,
    identity: 'CP-RPC',
    protocols: ['ocpp1.6'],
    password: 'password-of-cp-rpc',
    strictMode: true,
    reconnect: false,
  } as RPC_ClientOptions);
  await charger.connect();
  await charger.call('BootNotification', { chargePointVendor: 'Xinzhou EV', chargePointModel: 'AC7' });
  await status(1, 'Available');
  await until(() => (sim.stats().booted === 1 ? true : undefined), 'the simulated pile to boot');
  await until(() => (statusesOf('CP-RPC011').length === 1 ? true : undefined), 'the first status push');
  // The simulated pile's first statuses too: a push still on its way would take a later test's failure.
  const simulated = pile.connectors.map((c) => connectorIdOf(pile.id, c.spec.evseId, c.spec.connectorId));
  await until(() => (simulated.every((c) => statusesOf(c).length >= 1) ? true : undefined), "the simulated pile's first status pushes");
  // New stations are changes too: both are pushed, ST-RPC again once CP-RPC's boot names its vendor.
  await until(() => {
    const infos = receiver.of('notification_stationInfo').map((r) => r.data.StationInfo as { StationID: string; EquipmentInfos?: Array<{ ManufacturerName?: string }> });
    const rpc = infos.filter((i) => i.StationID === 'ST-RPC').at(-1);
    return infos.some((i) => i.StationID === fleet.stations[0]!.id) && rpc?.EquipmentInfos?.[0]?.ManufacturerName === 'Xinzhou EV' ? true : undefined;
  }, 'the new stations to be pushed');
  await settled();
}, LONG);

afterAll(async () => {
  await sim?.stop();
  await charger?.close({ force: true }).catch(() => undefined);
  await stack?.close();
  await receiver?.close();
}, LONG);

describe('notification_stationStatus', () => {
  it('sends a simulated fault, its clearing, a network loss and the return in order, per connector, through a failing receiver', async () => {
    const connectors = pile.connectors.map((c) => connectorIdOf(pile.id, c.spec.evseId, c.spec.connectorId));
    for (const c of connectors) expect(statusesOf(c)).toEqual([1]);

    // The receiver holds the fault's pushes unanswered: the clearing is recorded, and waits behind them.
    receiver.hold();
    pile.fault('emergencyStop', { durationMs: Infinity });
    await until(() => (receiver.holding === connectors.length ? true : undefined), 'the fault pushes to reach the receiver');
    pile.clearFault();
    await until(async () => {
      const latest = await Promise.all(connectors.map(async (c) => (await deliveries(c)).slice(-2)));
      return latest.every(([fault, clear]) => clear && statusIn(clear) === 1 && statusIn(fault!) === 255) ? latest : undefined;
    }, 'the clearing to be recorded');
    for (const c of connectors) {
      const [fault, clear] = (await deliveries(c)).slice(-2);
      expect(fault).toMatchObject({ state: 'pending', attempts: 1 });
      expect(clear).toMatchObject({ state: 'pending', attempts: 0 });
    }
    // Then the held requests fail, and the fault's pushes are retried before the clearing goes.
    receiver.failNext(connectors.length, 'http-500');
    receiver.release();
    await until(() => (connectors.every((c) => statusesOf(c).length >= 3) ? true : undefined), 'the clearing to arrive');
    pile.networkLoss(1500);
    await until(() => (connectors.every((c) => statusesOf(c).length >= 5) ? true : undefined), 'the loss and the return to arrive');
    await settled();

    for (const c of connectors) expect(statusesOf(c)).toEqual([1, 255, 1, 0, 1]);
    expect(receiver.attempts.filter((a) => a.answered === 'http-500')).toHaveLength(connectors.length);
    for (const c of connectors) expect((await deliveries(c)).find((d) => statusIn(d) === 255)).toMatchObject({ state: 'delivered', attempts: 2 });
    // Each push went out as BullMQ jobs on Redis.
    expect((await stack.bus.queue(provincePushQueue).counts()).completed).toBeGreaterThanOrEqual(connectors.length * 5);
  }, LONG);

  it('delivers a push the receiver fails twice exactly once, on the third attempt', async () => {
    const before = statusesOf('CP-RPC011').length;
    receiver.failNext(1, 'http-500');
    receiver.failNext(1, 'ret-500');
    await status(1, 'Preparing');
    await settled();
    expect(statusesOf('CP-RPC011').slice(before)).toEqual([2]);
    const [last] = (await deliveries('CP-RPC011')).slice(-1);
    expect(last).toMatchObject({ state: 'delivered', attempts: 3, data: { ConnectorStatusInfo: { ConnectorID: 'CP-RPC011', Status: 2 } } });
  }, LONG);

  it('fetches a new token when the receiver says the old one expired (4002), and delivers once', async () => {
    const before = statusesOf('CP-RPC011').length;
    const tokens = receiver.tokensIssued;
    receiver.expireTokens();
    await status(1, 'Charging');
    await settled();
    expect(receiver.tokensIssued).toBe(tokens + 1);
    expect(receiver.attempts.filter((a) => a.interface === 'notification_stationStatus').slice(-2)).toEqual([
      { interface: 'notification_stationStatus', answered: '4002' },
      { interface: 'notification_stationStatus', answered: 'Status 0' },
    ]);
    expect(statusesOf('CP-RPC011').slice(before)).toEqual([3]);
    expect((await deliveries('CP-RPC011')).at(-1)).toMatchObject({ state: 'delivered', attempts: 1 });
  }, LONG);

  it('does not retry a push answered Status 1 (ignored)', async () => {
    const requests = receiver.attempts.length;
    receiver.answerStatus(1);
    try {
      await status(1, 'Finishing');
      await settled();
    } finally {
      receiver.answerStatus(0);
    }
    expect(receiver.attempts.slice(requests)).toEqual([{ interface: 'notification_stationStatus', answered: 'Status 1' }]);
    expect((await deliveries('CP-RPC011')).at(-1)).toMatchObject({ state: 'ignored', attempts: 1 });
  }, LONG);

  it('gives up after the configured attempts, shows the push failed with why, and goes on with the next change', async () => {
    receiver.failNext(ATTEMPTS, 'ret-500');
    await status(1, 'Faulted');
    await settled();
    const failed = (await deliveries('CP-RPC011')).at(-1)!;
    expect(failed).toMatchObject({ state: 'failed', attempts: ATTEMPTS, errorCode: 'PW_TCEC_REMOTE_FAILURE' });
    expect(failed.lastError).toMatch(new RegExp(`gave up after ${ATTEMPTS} attempts: .*Ret 500`));

    const listed = await stack.admin<{ items: Delivery[] }>(`/api/v1/province/pushes?state=failed&partnerId=${provinceId}`);
    expect(listed.body.items.map((d) => d.id)).toContain(failed.id);
    const one = await stack.admin<Delivery>(`/api/v1/province/pushes/${failed.id}`);
    expect(one.body).toMatchObject({ state: 'failed', subject: 'CP-RPC011' });
    const summary = await stack.admin<{ partners: Array<{ partnerId: string; counts: Record<string, number>; lastError: string | null }> }>(
      '/api/v1/province/pushes/summary',
    );
    expect(summary.body.partners).toEqual([
      expect.objectContaining({ partnerId: provinceId, counts: expect.objectContaining({ failed: 1, ignored: 1, pending: 0 }) }),
    ]);

    await status(1, 'Available');
    await settled();
    expect(statusesOf('CP-RPC011').at(-1)).toBe(1);
  }, LONG);

  it('fails a push the receiver refuses as bad data (4004) at once, without retrying', async () => {
    receiver.failNext(1, 'ret-4004');
    await status(1, 'Unavailable');
    await settled();
    expect((await deliveries('CP-RPC011')).at(-1)).toMatchObject({ state: 'failed', attempts: 1, errorCode: 'PW_TCEC_REMOTE_FAILURE' });
    await status(1, 'Available');
    await settled();
  }, LONG);

  it('tells the receiver a connector is offline when its charger disconnects', async () => {
    await charger.close({ force: true });
    await until(() => (statusesOf('CP-RPC011').at(-1) === 0 ? true : undefined), 'the offline push');
    await settled();
  }, LONG);
});

describe('notification_stationInfo', () => {
  it('pushes the new StationInfo when a station or one of its piles changes', async () => {
    const infos = () => receiver.of('notification_stationInfo').map((r) => r.data.StationInfo as { StationID: string; ParkNums: number; EquipmentInfos: Array<{ Power: number }> });
    const before = infos().length;
    const patch = await fetch(`${stack.apiUrl}/api/v1/stations/ST-RPC`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ parkingSpaces: 9 }),
    });
    expect(patch.status).toBe(200);
    await until(() => (infos().length > before ? true : undefined), 'the station push');
    expect(infos().slice(before)).toEqual([expect.objectContaining({ StationID: 'ST-RPC', ParkNums: 9, EquipmentInfos: [expect.objectContaining({ Power: 7 })] })]);

    await upsertConnectors(stack.db, 'CP-RPC', [{ evseId: 1, connectorId: 1, currentType: 'AC', connectorType: 'gbt_ac', maxPowerKw: 11 }]);
    await until(() => (infos().length > before + 1 ? true : undefined), 'the pile push');
    expect(infos().slice(before + 1)).toEqual([expect.objectContaining({ StationID: 'ST-RPC', EquipmentInfos: [expect.objectContaining({ Power: 11 })] })]);
    await settled();
    expect((await deliveries('ST-RPC')).map((d) => [d.interface, d.state]).slice(-2)).toEqual([
      ['notification_stationInfo', 'delivered'],
      ['notification_stationInfo', 'delivered'],
    ]);
  }, LONG);
});

describe('the log', () => {
  it('never carries our secrets or the tokens the receiver issued', () => {
    const log = stack.logs.join('\n');
    expect(log).toMatch(/push delivered/);
    for (const value of [ours.operatorSecret, secrets.dataSecret, secrets.dataSecretIv, secrets.sigSecret]) expect(log).not.toContain(value);
    expect(receiver.issued.length).toBeGreaterThan(1);
    for (const token of receiver.issued) expect(log).not.toContain(token);
  });
});
