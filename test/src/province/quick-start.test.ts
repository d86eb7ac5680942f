/**
 * The province link in the embedded quick start: the in-process TimescaleDB (one connection shared by
 * the central system, the API and the worker), the in-process bus and job queues, tokens and replay
 * guard in memory. One partner both pulls and receives pushes.
 */
import ocppRpc from 'ocpp-rpc';
import type RPCClientType from 'ocpp-rpc/lib/client';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCharger, upsertConnectors, upsertOperator, upsertStation } from '@pilewatch/store';
import { PushReceiver } from './push-receiver.js';
import { TestProvince } from './test-province.js';
import { operatorIdFor, secret16, startStack, until, type Stack } from './stack.js';

const LONG = 120_000;
const theirs = { operatorId: operatorIdFor('Q'), operatorSecret: secret16(), dataSecret: secret16(), dataSecretIv: secret16(), sigSecret: secret16() };
const ours = { operatorId: operatorIdFor('O'), operatorSecret: secret16() };
const pushSecrets = { dataSecret: secret16(), dataSecretIv: secret16(), sigSecret: secret16() };

let stack: Stack;
let receiver: PushReceiver;
let charger: RPCClientType;
let province: TestProvince;

beforeAll(async () => {
  receiver = new PushReceiver({ caller: ours, secrets: pushSecrets });
  const baseUrl = await receiver.start();
  const { operatorId, ...inbound } = theirs;
  stack = await startStack({
    engine: 'embedded',
    bus: 'memory',
    partners: [{ name: 'province', operatorId, inbound, outbound: { baseUrl, ...ours, ...pushSecrets, pushes: ['notification_stationStatus'] } }],
  });
  await upsertOperator(stack.db, { id: 'op-q', name: '忻州快充', orgCode: 'MA0QUICK1', contactPhone: '0350-2222222' });
  await upsertStation(stack.db, {
    id: 'ST-Q',
    operatorId: 'op-q',
    name: '快速开始站',
    address: '山西省忻州市忻府区七一路3号',
    countyCode: '140902',
    category: 'urban_public',
    isPublic: true,
    lat: 38.42,
    lon: 112.74,
  });
  await addCharger(stack.db, { id: 'CP-Q', operatorId: 'op-q', stationId: 'ST-Q', password: 'password-of-cp-q' });
  await upsertConnectors(stack.db, 'CP-Q', [{ evseId: 1, connectorId: 1, currentType: 'DC', maxPowerKw: 30 }]);
  charger = new ocppRpc.RPCClient({
    endpoint: stack.ocppUrl,
    identity: 'CP-Q',
    protocols: ['ocpp1.6'],
    password: 'password-of-cp-q',
    strictMode: true,
    reconnect: false,
  } as RPC_ClientOptions);
  await charger.connect();
  await charger.call('BootNotification', { chargePointVendor: 'Xinzhou EV', chargePointModel: 'DC30' });
  province = new TestProvince({ baseUrl: stack.tcecUrl, operatorId, operatorSecret: theirs.operatorSecret, secrets: theirs });
}, LONG);

afterAll(async () => {
  await charger?.close({ force: true }).catch(() => undefined);
  await stack?.close();
  await receiver?.close();
}, LONG);

describe('the province link on the embedded engine and the in-process bus', () => {
  it('pushes a status change through a failed attempt, and answers the same status to a pull', async () => {
    receiver.failNext(1, 'ret-busy');
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: new Date().toISOString() });
    await until(() => (receiver.of('notification_stationStatus').length === 1 ? true : undefined), 'the push', 30_000);
    expect(receiver.of('notification_stationStatus')[0]!.data).toEqual({ ConnectorStatusInfo: { ConnectorID: 'CP-Q011', Status: 3 } });

    const pulled = await province.call<{ StationStatusInfos: unknown[] }>('query_station_status', { StationIDs: ['ST-Q'] });
    expect(pulled.StationStatusInfos).toEqual([{ StationID: 'ST-Q', ConnectorStatusInfos: [{ ConnectorID: 'CP-Q011', Status: 3 }] }]);

    const pushes = await until(async () => {
      const { body } = await stack.admin<{ items: Array<{ state: string; attempts: number; errorCode: string | null }> }>('/api/v1/province/pushes');
      return body.items[0]?.state === 'delivered' ? body.items : undefined;
    }, 'the push to be recorded delivered');
    expect(pushes).toEqual([expect.objectContaining({ state: 'delivered', attempts: 2, errorCode: 'PW_TCEC_REMOTE_FAILURE' })]);
  }, LONG);
});
