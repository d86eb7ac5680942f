import type { ConnectorStatus } from '@pilewatch/ocpp';
import { describe, expect, it } from 'vitest';
import { TcecError } from './errors.js';
import { wgs84ToGcj02 } from './gcj02.js';
import {
  type ConnectorRow,
  type PileRow,
  type StationRow,
  connectorTypeOf,
  constructionOf,
  electricalLimits,
  equipmentTypeOf,
  mappingTables,
  roundPower,
  stationTypeOf,
  tcecConnectorId,
  tcecEquipmentId,
  tcecStationId,
  tcecStatus,
  toConnectorStatusInfo,
  toEquipmentInfo,
  toOperatorInfo,
  toStationInfo,
  toStationStats,
  toStationStatusInfo,
} from './mapping.js';
import { stationInfoSchema } from './objects.js';

function failure(fn: () => unknown): TcecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TcecError) return e;
    throw e;
  }
  throw new Error('expected a TcecError');
}

const dc = (evseId: number, kw: number | null = 60): ConnectorRow => ({
  evseId,
  connectorId: 1,
  connectorType: 'GBT_DC',
  currentType: 'DC',
  maxPowerKw: kw,
});
const ac = (evseId: number, kw: number | null = 7): ConnectorRow => ({
  evseId,
  connectorId: 1,
  connectorType: null,
  currentType: 'AC',
  maxPowerKw: kw,
});

const station: StationRow = {
  id: 'XZ-WT-0001',
  name: '五台山景区游客中心充电站',
  address: '忻州市五台县台怀镇',
  countyCode: '140922',
  category: 'scenic_area',
  isPublic: true,
  lat: 39.0105,
  lon: 113.5912,
  parkingSpaces: 12,
  openingHours: '00:00-24:00',
  serviceTel: null,
  operatorOrgCode: 'MA0XZ0001',
  operatorPhone: '0350-1234567',
};

const piles: PileRow[] = [
  { id: 'XZWT0001A', vendor: 'Acme', model: 'DC120', connectors: [{ ...dc(0, null), currentType: null }, dc(1), dc(2)] },
  { id: 'XZWT0002B', vendor: null, model: null, connectors: [ac(1, 7.04)] },
];

describe('OCPP status → T/CEC Status', () => {
  const table: Array<[ConnectorStatus, number]> = [
    ['Available', 1],
    ['Preparing', 2],
    ['Finishing', 2],
    ['Occupied', 2],
    ['Charging', 3],
    ['SuspendedEV', 3],
    ['SuspendedEVSE', 3],
    ['Reserved', 4],
    ['Faulted', 255],
    ['Unavailable', 255],
  ];

  it.each(table)('%s is %i while the charger is online', (status, expected) => {
    expect(tcecStatus(status, true)).toBe(expected);
  });

  it.each(table)('%s is 0 (offline) when the charger is offline', (status) => {
    expect(tcecStatus(status, false)).toBe(0);
  });

  it('is 0 for a connector that never reported a status, or reported one we do not know', () => {
    expect(tcecStatus(null, true)).toBe(0);
    expect(tcecStatus('Unknown', true)).toBe(0);
    expect(tcecStatus('constructor', true)).toBe(0);
  });

  it('can be overridden entry by entry', () => {
    const tables = mappingTables({ status: { Unavailable: 0, Finishing: 3 } });
    expect(tcecStatus('Unavailable', true, tables)).toBe(0);
    expect(tcecStatus('Finishing', true, tables)).toBe(3);
    expect(tcecStatus('Faulted', true, tables)).toBe(255);
  });
});

describe('station category → StationType and Construction', () => {
  it.each([
    ['highway_service_area', true, 1, 11],
    ['residential', true, 1, 1],
    ['central_public', true, 1, 255],
    ['institution', false, 255, 2],
    ['residential', false, 255, 1],
    ['personal', false, 50, 1],
    ['bus_depot', false, 100, 6],
    ['sanitation', false, 101, 3],
    ['logistics', true, 102, 5],
    ['taxi', true, 103, 6],
    ['scenic_area', true, 1, 255],
    ['urban_public', true, 1, 255],
    ['something_new', false, 255, 255],
  ])('%s (public %s) is StationType %i, Construction %i', (category, isPublic, type, construction) => {
    expect(stationTypeOf({ category, isPublic })).toBe(type);
    expect(constructionOf({ category })).toBe(construction);
  });

  it('takes deployment-specific categories', () => {
    const tables = mappingTables({ categories: { county_central_station: { construction: 9 } } });
    expect(constructionOf({ category: 'county_central_station' }, tables)).toBe(9);
  });
});

describe('connectors and piles', () => {
  it.each([
    ['GBT_DC', 'DC', 4],
    ['GBT_AC', 'AC', 3],
    ['gbt_ac_socket', 'AC', 2],
    ['GBT_AC_CABLE', 'AC', 3],
    ['sType2', 'AC', 2],
    ['cType2', 'AC', 3],
    ['cCCS2', 'DC', 4],
    ['sCEE-7-7', 'AC', 1],
    ['wInductive', null, 5],
    [null, 'DC', 4],
    [null, 'AC', 3],
    ['Unknown', null, 6],
  ] as const)('connector type %s (%s) is ConnectorType %i', (connectorType, currentType, expected) => {
    expect(connectorTypeOf({ connectorType, currentType })).toBe(expected);
  });

  it('overrides connector types case-insensitively', () => {
    expect(connectorTypeOf({ connectorType: 'Mennekes', currentType: 'AC' }, mappingTables({ connectorTypes: { MENNEKES: 2 } }))).toBe(2);
  });

  it.each([
    [[dc(1), dc(2)], 1],
    [[ac(1)], 2],
    [[dc(1), ac(2)], 3],
    [[{ ...ac(1), connectorType: 'wResonant' }], 4],
    [[{ ...ac(1), currentType: null }], 5],
    [[], 5],
  ] as Array<[ConnectorRow[], number]>)('EquipmentType of %j is %i', (connectors, expected) => {
    expect(equipmentTypeOf(connectors)).toBe(expected);
  });

  it('rounds power to one decimal', () => {
    expect(roundPower(7.04)).toBe(7);
    expect(roundPower(7.05)).toBe(7.1);
    expect(roundPower(119.96)).toBe(120);
    expect(roundPower(21.999999)).toBe(22);
  });

  it('uses recorded voltage and current, else nominal values for the kind of supply', () => {
    expect(electricalLimits({ ...dc(1, 60), maxVoltageV: 1000, minVoltageV: 150, maxCurrentA: 200 })).toEqual({
      upperV: 1000,
      lowerV: 150,
      currentA: 200,
    });
    expect(electricalLimits(dc(1, 30))).toEqual({ upperV: 750, lowerV: 200, currentA: 150 });
    expect(electricalLimits(dc(1, 120))).toEqual({ upperV: 750, lowerV: 200, currentA: 250 });
    expect(electricalLimits(ac(1, 7))).toEqual({ upperV: 220, lowerV: 220, currentA: 32 });
    expect(electricalLimits(ac(1, 21))).toEqual({ upperV: 380, lowerV: 380, currentA: 32 });
    expect(electricalLimits({ ...ac(1), currentType: null })).toBeUndefined();
  });

  it('maps a pile, its Power the sum of its connectors, leaving out the whole-charger EVSE 0', () => {
    expect(toEquipmentInfo(piles[0]!)).toEqual({
      EquipmentID: 'XZWT0001A',
      ManufacturerName: 'Acme',
      EquipmentModel: 'DC120',
      EquipmentType: 1,
      Power: 120,
      ConnectorInfos: [
        { ConnectorID: 'XZWT0001A011', ConnectorType: 4, VoltageUpperLimits: 750, VoltageLowerLimits: 200, Current: 250, Power: 60, NationalStandard: 2 },
        { ConnectorID: 'XZWT0001A021', ConnectorType: 4, VoltageUpperLimits: 750, VoltageLowerLimits: 200, Current: 250, Power: 60, NationalStandard: 2 },
      ],
    });
  });

  it('refuses a connector whose power is unknown, naming it', () => {
    const err = failure(() => toEquipmentInfo({ id: 'P1', vendor: null, model: null, connectors: [dc(1, null)] }));
    expect(err.code).toBe('PW_TCEC_MAPPING_INCOMPLETE');
    expect(err.message).toBe('charger P1 EVSE 1 connector 1: max power is unknown');
  });
});

describe('ids', () => {
  it('keeps station ids up to 20 characters and refuses longer ones instead of shortening them', () => {
    expect(tcecStationId('a'.repeat(20))).toBe('a'.repeat(20));
    expect(failure(() => tcecStationId('a'.repeat(21))).code).toBe('PW_TCEC_MAPPING_INCOMPLETE');
    expect(failure(() => tcecStationId('')).code).toBe('PW_TCEC_MAPPING_INCOMPLETE');
  });

  it('keeps equipment ids up to 23 characters', () => {
    expect(tcecEquipmentId('e'.repeat(23))).toBe('e'.repeat(23));
    expect(() => tcecEquipmentId('e'.repeat(24))).toThrow(/EquipmentID allows 1-23/);
  });

  it('builds connector ids from the equipment id and a fixed-width EVSE/connector suffix, at most 26 characters', () => {
    expect(tcecConnectorId('CP0001', 1, 1)).toBe('CP0001011');
    expect(tcecConnectorId('CP0001', 12, 2)).toBe('CP0001122');
    expect(tcecConnectorId('e'.repeat(23), 99, 9)).toHaveLength(26);
    // Different chargers never collide, even when one identity is a prefix of another.
    expect(tcecConnectorId('CP1', 11, 1)).not.toBe(tcecConnectorId('CP11', 1, 1));
    expect(() => tcecConnectorId('CP0001', 0, 0)).toThrow(/EVSE 1-99, connector 1-9/);
    expect(() => tcecConnectorId('CP0001', 1, 10)).toThrow(TcecError);
  });
});

describe('StationInfo', () => {
  const info = toStationInfo(station, piles);

  it('converts our WGS-84 coordinates to GCJ-02 with six decimals', () => {
    const gcj = wgs84ToGcj02({ lng: station.lon!, lat: station.lat! });
    expect(info.StationLng).toBe(Number(gcj.lng.toFixed(6)));
    expect(info.StationLat).toBe(Number(gcj.lat.toFixed(6)));
    expect(info.StationLng).not.toBe(station.lon);
  });

  it('fills the required fields from the registry row', () => {
    expect(info).toMatchObject({
      StationID: 'XZ-WT-0001',
      OperatorID: 'MA0XZ0001',
      EquipmentOwnerID: 'MA0XZ0001',
      StationName: '五台山景区游客中心充电站',
      CountryCode: 'CN',
      AreaCode: '140922',
      Address: '忻州市五台县台怀镇',
      ServiceTel: '0350-1234567',
      StationType: 1,
      StationStatus: 50,
      ParkNums: 12,
      Construction: 255,
      BusineHours: '00:00-24:00',
    });
    expect(info.EquipmentInfos?.map((e) => e.EquipmentID)).toEqual(['XZWT0001A', 'XZWT0002B']);
    expect(info.EquipmentInfos?.[1]).toMatchObject({ EquipmentType: 2, Power: 7 });
    expect(stationInfoSchema.safeParse(info).success).toBe(true);
  });

  it('reports unknown parking spaces as 0, the standard’s "unknown"', () => {
    expect(toStationInfo({ ...station, parkingSpaces: null }, []).ParkNums).toBe(0);
  });

  it.each([
    ['lat', null, 'latitude is not recorded'],
    ['countyCode', null, 'county code is not recorded'],
    ['operatorOrgCode', null, "the operator's organisation code is not recorded"],
    ['address', '', 'address is not recorded'],
    ['operatorPhone', null, 'service telephone is not recorded'],
    ['countyCode', '1409', 'AreaCode: must be a 6-digit GB/T 2260 area code'],
    ['name', '忻'.repeat(51), 'StationName'],
  ] as const)('refuses a station whose %s is %j', (field, value, message) => {
    const err = failure(() => toStationInfo({ ...station, [field]: value }, []));
    expect(err.code).toBe('PW_TCEC_MAPPING_INCOMPLETE');
    expect(err.message).toContain(message);
    expect(err.details).toEqual({ stationId: 'XZ-WT-0001' });
  });
});

describe('live status', () => {
  it('maps connectors to ConnectorStatusInfo, leaving out EVSE 0', () => {
    expect(
      toStationStatusInfo('XZ-WT-0001', [
        { chargerId: 'XZWT0001A', evseId: 0, connectorId: 0, status: 'Available', online: true },
        { chargerId: 'XZWT0001A', evseId: 1, connectorId: 1, status: 'Charging', online: true },
        { chargerId: 'XZWT0002B', evseId: 1, connectorId: 1, status: 'Available', online: false },
      ]),
    ).toEqual({
      StationID: 'XZ-WT-0001',
      ConnectorStatusInfos: [
        { ConnectorID: 'XZWT0001A011', Status: 3 },
        { ConnectorID: 'XZWT0002B011', Status: 0 },
      ],
    });
  });

  it('builds the push payload of one connector', () => {
    expect(toConnectorStatusInfo({ chargerId: 'P1', evseId: 2, connectorId: 1, status: 'Faulted', online: true })).toEqual({
      ConnectorID: 'P1021',
      Status: 255,
    });
  });
});

describe('StationStats', () => {
  it('sums energy per pile and station from unrounded figures, each rounded to 0.1 kWh', () => {
    const stats = toStationStats('XZ-WT-0001', '2024-05-01', '2024-05-31', [
      { chargerId: 'A', evseId: 1, connectorId: 1, energyKwh: 10.04 },
      { chargerId: 'A', evseId: 2, connectorId: 1, energyKwh: 10.04 },
      { chargerId: 'B', evseId: 1, connectorId: 1, energyKwh: 0.03 },
    ]);
    expect(stats).toEqual({
      StationID: 'XZ-WT-0001',
      StartTime: '2024-05-01',
      EndTime: '2024-05-31',
      StationElectricity: 20.1,
      EquipmentStatsInfos: [
        {
          EquipmentID: 'A',
          EquipmentElectricity: 20.1,
          ConnectorStatsInfos: [
            { ConnectorID: 'A011', ConnectorElectricity: 10 },
            { ConnectorID: 'A021', ConnectorElectricity: 10 },
          ],
        },
        { EquipmentID: 'B', EquipmentElectricity: 0, ConnectorStatsInfos: [{ ConnectorID: 'B011', ConnectorElectricity: 0 }] },
      ],
    });
  });

  it('refuses a period that is not two real days', () => {
    expect(() => toStationStats('S', '2024-02-30', '2024-03-01', [])).toThrow(/StartTime/);
  });
});

describe('OperatorInfo', () => {
  it('maps an operator with its organisation code', () => {
    expect(toOperatorInfo({ name: '忻州充电有限公司', orgCode: 'MA0XZ0001', contactPhone: '0350-1234567', address: '忻州市忻府区' })).toEqual({
      OperatorID: 'MA0XZ0001',
      OperatorName: '忻州充电有限公司',
      OperatorTel1: '0350-1234567',
      OperatorRegAddress: '忻州市忻府区',
    });
  });

  it('refuses an operator without an organisation code', () => {
    expect(() => toOperatorInfo({ name: 'X', orgCode: null, contactPhone: '1' })).toThrow(/organisation code is not recorded/);
  });
});
