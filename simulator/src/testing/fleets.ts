/** Small hand-made fleets for tests: one operator, one station, the piles a test names. */
import type { ChargerSpec, Fleet } from '../fleet/fleet.js';
import type { StationCategory } from '../fleet/station-categories.js';

export interface TestPile {
  id: string;
  protocol: ChargerSpec['protocol'];
  /** DC pile power in kW (default: an AC 7 kW pile). */
  dcKw?: number;
  /** Guns of a DC pile; default 1. */
  guns?: number;
  password?: string;
}

export function testFleet(piles: TestPile[], category: StationCategory = 'urban_public'): Fleet {
  return {
    seed: 'test',
    operators: [
      {
        id: 'op-test',
        name: '测试运营有限公司',
        creditCode: '91140900MA0000001X',
        orgCode: 'MA0000001',
        contactName: '测试',
        contactPhone: '0350-1234567',
      },
    ],
    stations: [
      {
        id: 'ST-TEST-0001',
        operatorId: 'op-test',
        name: '忻府区测试充电站',
        address: '山西省忻州市忻府区测试路1号',
        countyCode: '140902',
        township: '秀容街道',
        category,
        isPublic: true,
        lat: 38.416,
        lon: 112.734,
        parkingSpaces: 10,
        openingHours: '00:00-24:00',
      },
    ],
    chargers: piles.map((p) => ({
      id: p.id,
      password: p.password ?? `pw-${p.id}-0123456789abcdef`.slice(0, 32),
      operatorId: 'op-test',
      stationId: 'ST-TEST-0001',
      vendor: 'JinYuan',
      model: p.dcKw ? `JY-DC${p.dcKw}-${p.guns ?? 1}G` : 'JY-AC7-S',
      serialNumber: `JY24${p.id.replace(/\D/g, '').slice(-6).padStart(6, '0')}`,
      firmwareVersion: 'V2.4.2',
      protocol: p.protocol,
      connectors: Array.from({ length: p.dcKw ? (p.guns ?? 1) : 1 }, (_, i) => ({
        evseId: i + 1,
        connectorId: 1,
        connectorType: p.dcKw ? 'GBT_DC' : 'GBT_AC',
        currentType: p.dcKw ? ('DC' as const) : ('AC' as const),
        maxPowerKw: p.dcKw ?? 7,
      })),
    })),
  };
}
