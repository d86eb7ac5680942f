/**
 * The province pulls from a running pilewatch (API + central system + PostgreSQL) fed by a simulated
 * Xinzhou fleet and one real OCPP 1.6 charger with known meter readings, through the test province's own
 * codec — and every answer is checked against the database: stations and piles, live status, energy
 * statistics, operators. A second platform with a narrower scope and its own field spellings sees only
 * its county, spelled its way. Nothing secret is ever logged.
 */
import ocppRpc from 'ocpp-rpc';
import type RPCClientType from 'ocpp-rpc/lib/client';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCharger, importFleet, upsertConnectors, upsertStation } from '@pilewatch/store';
import { generateFleet, quietScenario, runFleet, type Fleet, type SimulationHandle } from '@pilewatch/simulator';
import { chinaDate, chinaDateTime, connectorIdOf, expectedStatus, gcj02, TestProvince } from './test-province.js';
import { operatorIdFor, secret16, startStack, until, type Stack } from './stack.js';

const LONG = 60_000;
const DAY = 86_400_000;

const provinceCreds = { operatorId: operatorIdFor('P'), operatorSecret: secret16(), dataSecret: secret16(), dataSecretIv: secret16(), sigSecret: secret16() };
const networkCreds = { operatorId: operatorIdFor('N'), operatorSecret: secret16(), dataSecret: secret16(), dataSecretIv: secret16(), sigSecret: secret16() };

/** What the partners file holds for an inbound link: the secrets we issued the partner. */
const secretsOf = ({ operatorId: _id, ...secrets }: typeof provinceCreds) => secrets;

let stack: Stack;
let fleet: Fleet;
let sim: SimulationHandle;
let meterCharger: RPCClientType;
let province: TestProvince;
let network: TestProvince;
/** The county the second platform may read. */
let networkCounty: string;

/** Midnight (China time) `days` days before today's, as an instant. */
function chinaMidnight(daysAgo: number): number {
  const now = Date.now();
  const chinaNow = now + 8 * 3600_000;
  return chinaNow - (chinaNow % DAY) - 8 * 3600_000 - daysAgo * DAY;
}
const at = (daysAgo: number, hours: number) => new Date(chinaMidnight(daysAgo) + hours * 3600_000);

/** Energy register readings of the meter charger (Wh), by connector: a session across midnight, a replaced meter. */
const readings: Array<[connector: number, time: Date, wh: number]> = [
  [1, at(3, 10), 1000],
  [1, at(3, 12), 5000],
  [1, at(3, 23.5), 6000],
  [1, at(2, 0.5), 8000],
  [1, at(2, 9), 8000],
  [1, at(2, 18), 12500],
  [2, at(2, 8), 100_000],
  [2, at(2, 10), 130_000],
  [2, at(1, 7), 129_000],
  [2, at(1, 9), 131_000],
];

beforeAll(async () => {
  fleet = generateFleet({ chargers: 8, seed: 'province-pull', ocpp201Share: 0.5 });
  networkCounty = fleet.stations[0]!.countyCode;
  stack = await startStack({
    worker: false,
    partners: [
      { name: 'Shanxi energy supervision platform', operatorId: provinceCreds.operatorId, inbound: secretsOf(provinceCreds) },
      {
        name: 'Xinzhou one-network platform',
        operatorId: networkCreds.operatorId,
        inbound: { ...secretsOf(networkCreds), counties: [networkCounty], interfaces: ['query_stations_info', 'query_station_status', 'query_station_stats'] },
        spelling: { BusineHours: 'BusinessHours', StationLng: 'StationLon' },
      },
    ],
  });
  await importFleet(stack.db, fleet);

  // The meter charger: at the first station, so both platforms can read it.
  const station = fleet.stations[0]!;
  await upsertStation(stack.db, {
    id: 'ST-METER',
    operatorId: station.operatorId,
    name: '忻府区计量测试站',
    address: '山西省忻州市忻府区长征街1号',
    countyCode: station.countyCode,
    category: 'urban_public',
    isPublic: true,
    lat: 38.4167,
    lon: 112.7333,
    parkingSpaces: 4,
    serviceTel: '0350-1234567',
  });
  await addCharger(stack.db, { id: 'CP-METER', operatorId: station.operatorId, stationId: 'ST-METER', password: 'password-of-cp-meter' });
  await upsertConnectors(stack.db, 'CP-METER', [
    { evseId: 1, connectorId: 1, currentType: 'DC', connectorType: 'gbt_dc', maxPowerKw: 60 },
    { evseId: 2, connectorId: 1, currentType: 'DC', connectorType: 'gbt_dc', maxPowerKw: 60 },
  ]);
  meterCharger = new ocppRpc.RPCClient({
    endpoint: stack.ocppUrl,
    identity: 'CP-METER',
    protocols: ['ocpp1.6'],
    password: 'password-of-cp-meter',
    strictMode: true,
    reconnect: false,
  } as RPC_ClientOptions);
  await meterCharger.connect();
  await meterCharger.call('BootNotification', { chargePointVendor: 'Xinzhou EV', chargePointModel: 'DC60' });
  for (const [connectorId, time, wh] of readings) {
    await meterCharger.call('MeterValues', {
      connectorId,
      meterValue: [{ timestamp: time.toISOString(), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
    });
  }
  await meterCharger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString() });
  await meterCharger.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Charging', timestamp: new Date().toISOString() });

  sim = runFleet({
    url: stack.ocppUrl,
    fleet,
    scenario: quietScenario({ speed: 1 }),
    rampPerSecond: 100,
    backoff: { initialMs: 50, maxMs: 500 },
  });
  await until(() => (sim.stats().booted === fleet.chargers.length ? true : undefined), 'the fleet to boot', 30_000);
  const [charging, faulted, offline] = sim.chargers();
  charging!.plugIn({ plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, stayMs: 3_600_000, vehicle: { batteryKwh: 60, maxAcKw: 7, maxDcKw: 120, highVoltage: false } } });
  faulted!.fault('emergencyStop', { durationMs: Infinity });
  offline!.goOffline();
  await until(async () => {
    const [row] = await stack.query<{ charging: number; faulted: number; offline: number }>(
      `SELECT count(*) FILTER (WHERE st.status = 'Charging')::int AS charging,
              count(*) FILTER (WHERE st.status = 'Faulted' AND st.charger_id = $1)::int AS faulted,
              (SELECT count(*)::int FROM charger_state WHERE charger_id = $2 AND NOT online) AS offline
         FROM connector_state st WHERE st.evse_id > 0`,
      [faulted!.id, offline!.id],
    );
    return row!.charging >= 2 && row!.faulted > 0 && row!.offline === 1 ? row : undefined;
  }, 'charging, faulted and offline piles in the database', 30_000);

  const base = { baseUrl: stack.tcecUrl };
  province = new TestProvince({ ...base, operatorId: provinceCreds.operatorId, operatorSecret: provinceCreds.operatorSecret, secrets: provinceCreds });
  network = new TestProvince({ ...base, operatorId: networkCreds.operatorId, operatorSecret: networkCreds.operatorSecret, secrets: networkCreds });
}, LONG);

afterAll(async () => {
  await sim?.stop();
  await meterCharger?.close({ force: true }).catch(() => undefined);
  await stack?.close();
}, LONG);

interface StationInfo {
  StationID: string;
  OperatorID: string;
  StationName: string;
  AreaCode: string;
  Address: string;
  ServiceTel: string;
  StationType: number;
  Construction: number;
  ParkNums: number;
  StationLng: number;
  StationLat: number;
  BusineHours?: string;
  EquipmentInfos?: Array<{
    EquipmentID: string;
    EquipmentType: number;
    Power: number;
    ConnectorInfos: Array<{ ConnectorID: string; ConnectorType: number; Power: number; NationalStandard: number }>;
  }>;
}

async function allStations(who: TestProvince, extra: Record<string, unknown> = {}): Promise<StationInfo[]> {
  const out: StationInfo[] = [];
  for (let page = 1; ; page++) {
    const answer = await who.call<{ PageNo: number; PageCount: number; ItemSize: number; StationInfos: StationInfo[] }>('query_stations_info', {
      PageNo: page,
      PageSize: 3,
      ...extra,
    });
    expect(answer.PageNo).toBe(page);
    out.push(...answer.StationInfos);
    if (page >= answer.PageCount) {
      expect(out).toHaveLength(answer.ItemSize);
      return out;
    }
  }
}

describe('query_token', () => {
  it('issues a token for the right OperatorSecret and refuses a wrong one with SuccStat 1, FailReason 2', async () => {
    const refused = await province.queryToken('not-the-secret');
    expect(refused).toMatchObject({ ret: 0, signed: true, data: { SuccStat: 1, FailReason: 2, AccessToken: '' } });
    const issued = await province.queryToken();
    expect(issued).toMatchObject({ ret: 0, signed: true, data: { OperatorID: provinceCreds.operatorId, SuccStat: 0, FailReason: 0, TokenAvailableTime: 7200 } });
    expect((issued.data as { AccessToken: string }).AccessToken).toMatch(/^\S{16,}$/);
  });
});

describe('query_stations_info', () => {
  it('pages through every station with its piles and connectors, as the registry has them', async () => {
    const infos = await allStations(province);
    const stations = await stack.query<{
      id: string;
      name: string;
      address: string;
      county_code: string;
      parking_spaces: number;
      lat: number;
      lon: number;
      org_code: string;
      opening_hours: string | null;
      service_tel: string | null;
      contact_phone: string;
    }>(
      `SELECT s.*, o.org_code, o.contact_phone FROM stations s JOIN operators o ON o.id = s.operator_id ORDER BY s.id`,
    );
    expect(infos.map((i) => i.StationID)).toEqual(stations.map((s) => s.id));
    const connectors = await stack.query<{ charger_id: string; station_id: string; evse_id: number; connector_id: number; max_power_kw: number; current_type: string }>(
      `SELECT c.*, cp.station_id FROM connectors c JOIN charge_points cp ON cp.id = c.charger_id WHERE c.evse_id > 0 ORDER BY c.charger_id, c.evse_id, c.connector_id`,
    );
    for (const info of infos) {
      const s = stations.find((r) => r.id === info.StationID)!;
      expect(info).toMatchObject({
        OperatorID: s.org_code.trim(),
        StationName: s.name,
        AreaCode: s.county_code,
        Address: s.address,
        ServiceTel: s.service_tel ?? s.contact_phone,
        ParkNums: s.parking_spaces,
      });
      // Coordinates are numbers in GCJ-02 (the registry keeps WGS-84), 6 decimals at most.
      const expected = gcj02(s.lon, s.lat);
      expect(typeof info.StationLng).toBe('number');
      expect(info.StationLng).toBeCloseTo(expected.lng, 6);
      expect(info.StationLat).toBeCloseTo(expected.lat, 6);
      expect(Math.abs(info.StationLng - s.lon)).toBeGreaterThan(0.004);
      expect(String(info.StationLng).split('.')[1]!.length).toBeLessThanOrEqual(6);
      if (s.opening_hours) expect(info.BusineHours).toBe(s.opening_hours);

      const piles = [...new Set(connectors.filter((c) => c.station_id === s.id).map((c) => c.charger_id))];
      expect((info.EquipmentInfos ?? []).map((e) => e.EquipmentID)).toEqual(piles);
      for (const pile of info.EquipmentInfos ?? []) {
        const own = connectors.filter((c) => c.charger_id === pile.EquipmentID);
        const kinds = new Set(own.map((c) => c.current_type));
        expect(pile.EquipmentType).toBe(kinds.size === 2 ? 3 : kinds.has('DC') ? 1 : 2);
        expect(pile.Power).toBeCloseTo(own.reduce((sum, c) => sum + c.max_power_kw, 0), 1);
        expect(Number.isInteger(pile.Power * 10)).toBe(true);
        expect(pile.ConnectorInfos.map((c) => c.ConnectorID)).toEqual(own.map((c) => connectorIdOf(c.charger_id, c.evse_id, c.connector_id)));
        for (const [i, c] of pile.ConnectorInfos.entries()) {
          expect(c.Power).toBeCloseTo(own[i]!.max_power_kw, 1);
          expect(c.ConnectorType).toBe(own[i]!.current_type === 'DC' ? 4 : 3);
        }
      }
    }
    const meter = infos.find((i) => i.StationID === 'ST-METER')!;
    expect(meter).toMatchObject({ StationType: 1, ServiceTel: '0350-1234567', EquipmentInfos: [{ EquipmentID: 'CP-METER', EquipmentType: 1, Power: 120 }] });
  }, LONG);

  it('answers only the stations changed since LastQueryTime', async () => {
    const before = new Date(Date.now() - 1000);
    const changed = fleet.stations[1]!;
    const res = await fetch(`${stack.apiUrl}/api/v1/stations/${changed.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ parkingSpaces: 77 }),
    });
    expect(res.status).toBe(200);
    const infos = await allStations(province, { LastQueryTime: chinaDateTime(before) });
    expect(infos.map((i) => [i.StationID, i.ParkNums])).toEqual([[changed.id, 77]]);
    expect(await allStations(province, { LastQueryTime: chinaDateTime(new Date(Date.now() + 60_000)) })).toEqual([]);
  }, LONG);

  it('gives a narrower partner only its county, spelled its way', async () => {
    const infos = (await allStations(network)) as unknown as Array<Record<string, unknown>>;
    const inCounty = await stack.query<{ id: string }>(`SELECT id FROM stations WHERE county_code = $1 ORDER BY id`, [networkCounty]);
    expect(infos.map((i) => i.StationID)).toEqual(inCounty.map((s) => s.id));
    for (const info of infos) {
      expect(info).not.toHaveProperty('StationLng');
      expect(typeof info.StationLon).toBe('number');
    }
    const withHours = infos.find((i) => 'BusinessHours' in i);
    if (withHours) expect(withHours).not.toHaveProperty('BusineHours');
  }, LONG);
});

describe('query_station_status', () => {
  it('answers every connector of up to 50 stations with the documented status codes, as the database has them', async () => {
    const ids = [...fleet.stations.map((s) => s.id), 'ST-METER', 'ST-NOWHERE'];
    const answer = await province.call<{ Total: number; StationStatusInfos: Array<{ StationID: string; ConnectorStatusInfos: Array<{ ConnectorID: string; Status: number }> }> }>(
      'query_station_status',
      { StationIDs: ids },
    );
    const rows = await stack.query<{ station_id: string; charger_id: string; evse_id: number; connector_id: number; status: string | null; online: boolean }>(
      `SELECT cp.station_id, c.charger_id, c.evse_id, c.connector_id, st.status, coalesce(cs.online, false) AS online
         FROM connectors c JOIN charge_points cp ON cp.id = c.charger_id
         LEFT JOIN connector_state st USING (charger_id, evse_id, connector_id)
         LEFT JOIN charger_state cs ON cs.charger_id = c.charger_id
        WHERE c.evse_id > 0 ORDER BY c.charger_id, c.evse_id, c.connector_id`,
    );
    // The unknown station is left out; every other one is answered.
    expect(answer.StationStatusInfos.map((s) => s.StationID).sort()).toEqual(ids.filter((id) => id !== 'ST-NOWHERE').sort());
    expect(answer.Total).toBe(ids.length - 1);
    const got = answer.StationStatusInfos.flatMap((s) => s.ConnectorStatusInfos.map((c) => [s.StationID, c.ConnectorID, c.Status]));
    const want = rows.map((r) => [
      r.station_id,
      connectorIdOf(r.charger_id, r.evse_id, r.connector_id),
      r.online ? (r.status === null ? 0 : expectedStatus[r.status]) : 0,
    ]);
    expect(got.sort()).toEqual(want.sort());
    // The fleet made sure every kind shows up: idle, charging, fault and offline.
    for (const code of [0, 1, 3, 255]) expect(got.some((g) => g[2] === code)).toBe(true);
  }, LONG);

  it('leaves out stations outside a partner’s scope as if they did not exist', async () => {
    const outside = fleet.stations.find((s) => s.countyCode !== networkCounty);
    const ids = [fleet.stations[0]!.id, ...(outside ? [outside.id] : [])];
    const answer = await network.call<{ StationStatusInfos: Array<{ StationID: string }> }>('query_station_status', { StationIDs: ids });
    expect(answer.StationStatusInfos.map((s) => s.StationID)).toEqual([fleet.stations[0]!.id]);
  });
});

describe('query_station_stats', () => {
  /** Energy per connector over the days, by the documented method, from the raw samples (not the aggregate). */
  async function expectedEnergy(stationId: string, from: string, to: string): Promise<Map<string, number>> {
    const samples = await stack.query<{ charger_id: string; evse_id: number; connector_id: number; time: Date; value: number }>(
      `SELECT m.charger_id, m.evse_id, m.connector_id, m.time, m.value FROM meter_samples m JOIN charge_points cp ON cp.id = m.charger_id
        WHERE cp.station_id = $1 AND m.measurand = 'Energy.Active.Import.Register' AND m.evse_id > 0 ORDER BY m.time`,
      [stationId],
    );
    const days = new Map<string, Map<string, { max: number; min: number }>>();
    for (const s of samples) {
      const key = connectorIdOf(s.charger_id, s.evse_id, s.connector_id);
      const day = chinaDate(s.time);
      const perDay = days.get(key) ?? new Map<string, { max: number; min: number }>();
      days.set(key, perDay);
      const d = perDay.get(day) ?? { max: -Infinity, min: Infinity };
      perDay.set(day, { max: Math.max(d.max, s.value), min: Math.min(d.min, s.value) });
    }
    const out = new Map<string, number>();
    for (const [key, perDay] of days) {
      let prevMax: number | undefined;
      let wh = 0;
      for (const day of [...perDay.keys()].sort()) {
        const d = perDay.get(day)!;
        if (day >= from && day <= to) wh += d.max - d.min + (prevMax !== undefined && d.min >= prevMax ? d.min - prevMax : 0);
        prevMax = d.max;
      }
      out.set(key, wh / 1000);
    }
    return out;
  }

  it('sums each connector’s daily energy — across midnight, over a replaced meter — as the samples in the database give it', async () => {
    const [from, to] = [chinaDate(at(2, 12)), chinaDate(at(1, 12))];
    const answer = await province.call<{
      StationStats: {
        StationID: string;
        StartTime: string;
        EndTime: string;
        StationElectricity: number;
        EquipmentStatsInfos: Array<{ EquipmentID: string; EquipmentElectricity: number; ConnectorStatsInfos: Array<{ ConnectorID: string; ConnectorElectricity: number }> }>;
      };
    }>('query_station_stats', { StationID: 'ST-METER', StartTime: from, EndTime: to });
    const expected = await expectedEnergy('ST-METER', from, to);
    expect(answer.StationStats).toEqual({
      StationID: 'ST-METER',
      StartTime: from,
      EndTime: to,
      StationElectricity: 38.5,
      EquipmentStatsInfos: [
        {
          EquipmentID: 'CP-METER',
          EquipmentElectricity: 38.5,
          ConnectorStatsInfos: [
            { ConnectorID: 'CP-METER011', ConnectorElectricity: expected.get('CP-METER011') },
            { ConnectorID: 'CP-METER021', ConnectorElectricity: expected.get('CP-METER021') },
          ],
        },
      ],
    });
    // By hand: connector 1 is 4.5 kWh that day plus 2 kWh after midnight; connector 2 is 30 kWh, then 2 on a new meter.
    expect([expected.get('CP-METER011'), expected.get('CP-METER021')]).toEqual([6.5, 32]);
  });

  it('lists a connector without readings in the range at 0 kWh', async () => {
    const day = chinaDate(at(3, 12));
    const answer = await province.call<{ StationStats: { StationElectricity: number; EquipmentStatsInfos: Array<{ ConnectorStatsInfos: unknown[] }> } }>(
      'query_station_stats',
      { StationID: 'ST-METER', StartTime: day, EndTime: day },
    );
    expect(answer.StationStats.StationElectricity).toBe(5);
    expect(answer.StationStats.EquipmentStatsInfos[0]!.ConnectorStatsInfos).toEqual([
      { ConnectorID: 'CP-METER011', ConnectorElectricity: 5 },
      { ConnectorID: 'CP-METER021', ConnectorElectricity: 0 },
    ]);
  });
});

describe('supervise_query_operator_info', () => {
  it('lists the operators with their organisation codes', async () => {
    const answer = await province.call<{ ItemSize: number; OperatorInfos: Array<{ OperatorID: string; OperatorName: string; OperatorTel1: string }> }>(
      'supervise_query_operator_info',
      { PageNo: 1, PageSize: 50 },
    );
    const rows = await stack.query<{ name: string; org_code: string; contact_phone: string }>(
      `SELECT name, org_code, contact_phone FROM operators WHERE org_code IS NOT NULL ORDER BY id`,
    );
    expect(answer.ItemSize).toBe(rows.length);
    expect(answer.OperatorInfos).toEqual(rows.map((r) => ({ OperatorID: r.org_code.trim(), OperatorName: r.name, OperatorTel1: r.contact_phone })));
  });

  it('is refused (4004) to a partner not allowed to call it', async () => {
    const answer = await network.post('supervise_query_operator_info', { PageNo: 1 });
    expect(answer).toMatchObject({ ret: 4004, signed: true, data: undefined });
  });
});

describe('the log', () => {
  it('never carries a secret, an access token or a request body', () => {
    const log = stack.logs.join('\n');
    expect(log).toMatch(/T\/CEC call/);
    for (const creds of [provinceCreds, networkCreds]) {
      for (const value of [creds.operatorSecret, creds.dataSecret, creds.dataSecretIv, creds.sigSecret]) expect(log).not.toContain(value);
    }
    for (const who of [province, network]) {
      expect(who.token).toBeDefined();
      expect(log).not.toContain(who.token!);
      for (const sent of who.sent) expect(log).not.toContain(JSON.parse(sent.body).Data ?? '\u0000');
    }
  });
});
