import { describe, expect, it } from 'vitest';
import { queryStationStatsRequestSchema, queryStationStatusRequestSchema, queryStationsInfoRequestSchema } from './interfaces.js';
import { connectorInfoSchema, connectorStatusInfoSchema, stationInfoSchema } from './objects.js';

const connector = {
  ConnectorID: 'CP0001011',
  ConnectorType: 4,
  VoltageUpperLimits: 750,
  VoltageLowerLimits: 200,
  Current: 250,
  Power: 60,
  NationalStandard: 2,
};

const station = {
  StationID: 'XZ-0001',
  OperatorID: 'MA0XZ0001',
  EquipmentOwnerID: 'MA0XZ0001',
  StationName: '忻州站',
  CountryCode: 'CN',
  AreaCode: '140902',
  Address: '忻府区',
  ServiceTel: '0350-1234567',
  StationType: 1,
  StationStatus: 50,
  ParkNums: 0,
  StationLng: 112.740123,
  StationLat: 38.41529,
  Construction: 255,
};

describe('business object schemas check number formats as strictly as partners do', () => {
  it('accept Power with one decimal and refuse two', () => {
    expect(connectorInfoSchema.safeParse({ ...connector, Power: 7.5 }).success).toBe(true);
    expect(connectorInfoSchema.safeParse({ ...connector, Power: 7.25 }).success).toBe(false);
    expect(connectorInfoSchema.safeParse({ ...connector, Power: '60.0' }).success).toBe(false);
  });

  it('want coordinates as numbers with at most six decimals', () => {
    expect(stationInfoSchema.safeParse(station).success).toBe(true);
    expect(stationInfoSchema.safeParse({ ...station, StationLng: 112.7401234 }).success).toBe(false);
    expect(stationInfoSchema.safeParse({ ...station, StationLat: '38.41529' }).success).toBe(false);
  });

  it('accept only the listed codes', () => {
    expect(stationInfoSchema.safeParse({ ...station, StationType: 2 }).success).toBe(false);
    expect(stationInfoSchema.safeParse({ ...station, Construction: 12 }).success).toBe(false);
    expect(connectorStatusInfoSchema.safeParse({ ConnectorID: 'C1', Status: 5 }).success).toBe(false);
    expect(connectorStatusInfoSchema.safeParse({ ConnectorID: 'C1', Status: 255, ParkStatus: 50, LockStatus: 10 }).success).toBe(true);
  });

  it('limit StationID to 20 and ConnectorID to 26 characters', () => {
    expect(stationInfoSchema.safeParse({ ...station, StationID: 'S'.repeat(21) }).success).toBe(false);
    expect(connectorInfoSchema.safeParse({ ...connector, ConnectorID: 'C'.repeat(27) }).success).toBe(false);
  });
});

describe('interface request schemas', () => {
  it('page query_stations_info from 1 by 10 unless asked otherwise', () => {
    expect(queryStationsInfoRequestSchema.parse({})).toEqual({ PageNo: 1, PageSize: 10 });
    expect(queryStationsInfoRequestSchema.safeParse({ LastQueryTime: '2024-05-01' }).success).toBe(false);
    expect(queryStationsInfoRequestSchema.parse({ LastQueryTime: '2024-05-01 08:00:00', PageNo: 3 })).toMatchObject({ PageNo: 3 });
  });

  it('take 1 to 50 StationIDs in query_station_status', () => {
    expect(queryStationStatusRequestSchema.safeParse({ StationIDs: Array.from({ length: 50 }, (_, i) => `S${i}`) }).success).toBe(true);
    expect(queryStationStatusRequestSchema.safeParse({ StationIDs: Array.from({ length: 51 }, (_, i) => `S${i}`) }).success).toBe(false);
    expect(queryStationStatusRequestSchema.safeParse({ StationIDs: [] }).success).toBe(false);
  });

  it('want a query_station_stats period that does not end before it starts', () => {
    expect(queryStationStatsRequestSchema.safeParse({ StationID: 'S', StartTime: '2024-05-01', EndTime: '2024-05-01' }).success).toBe(true);
    const backwards = queryStationStatsRequestSchema.safeParse({ StationID: 'S', StartTime: '2024-05-02', EndTime: '2024-05-01' });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues[0]?.path).toEqual(['EndTime']);
  });
});
