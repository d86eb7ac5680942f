import { describe, expect, it } from 'vitest';
import { generateFleet, WUTAI_COUNTY } from './generate.js';
import { parseFleet, type Fleet } from './fleet.js';
import { isWellFormedCreditCode, orgCodeCheck } from './operators.js';
import { loadPlanTargets } from './plan-targets.js';

const { targets } = loadPlanTargets();
const annex = targets.annex_1_new_public_piles;
const annexTotal = annex.reduce((n, a) => n + a.new_public_piles.total, 0);

/** Piles per Annex 1 area, read from the identities (XZ-<county code>-NNNN, XZ-WTS-NNNN for the scenic area). */
function pilesPerArea(fleet: Fleet): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of fleet.chargers) {
    const tag = c.id.split('-')[1]!;
    const area = tag === 'WTS' ? 'wutaishan-scenic-area' : tag;
    counts.set(area, (counts.get(area) ?? 0) + 1);
  }
  return counts;
}

describe('generateFleet', () => {
  it('gives the same fleet for the same seed, byte for byte', () => {
    const a = generateFleet({ chargers: 400, seed: 'xinzhou' });
    const b = generateFleet({ chargers: 400, seed: 'xinzhou' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('gives a different fleet for a different seed', () => {
    const a = generateFleet({ chargers: 400, seed: 1 });
    const b = generateFleet({ chargers: 400, seed: 2 });
    expect(a.chargers.map((c) => c.password)).not.toEqual(b.chargers.map((c) => c.password));
    expect(a.stations.map((s) => s.name)).not.toEqual(b.stations.map((s) => s.name));
  });

  // At the plan's own total every area gets exactly its Annex 1 figure.
  const full = generateFleet({ chargers: annexTotal, seed: 7 });
  const fullCounts = pilesPerArea(full);
  it.each(annex.map((a) => [a.name_zh, a.id, a.new_public_piles.total] as const))(
    'gives %s (%s) its Annex 1 share at the plan total: %i piles',
    (_name, id, total) => {
      expect(fullCounts.get(id)).toBe(total);
    },
  );

  it.each([1, 15, 100, 777, 3000, 12_345])('splits %i piles between areas within one pile of their Annex 1 quota', (n) => {
    const counts = pilesPerArea(generateFleet({ chargers: n, seed: 3 }));
    let sum = 0;
    for (const a of annex) {
      const quota = (n * a.new_public_piles.total) / annexTotal;
      const got = counts.get(a.id) ?? 0;
      expect(got, a.id).toBeGreaterThanOrEqual(Math.floor(quota));
      expect(got, a.id).toBeLessThanOrEqual(Math.ceil(quota));
      sum += got;
    }
    expect(sum).toBe(n);
  });

  it('builds the plan-counted sites, never more of them than the plan has', () => {
    const sites = (category: string) => full.stations.filter((s) => s.category === category);
    expect(sites('highway_service_area')).toHaveLength(18);
    expect(sites('trunk_road_parking')).toHaveLength(38);
    expect(sites('tourist_road_post')).toHaveLength(10);
    expect(sites('rv_camp')).toHaveLength(11);
    expect(sites('scenic_area').length).toBeLessThanOrEqual(40);
    const big = generateFleet({ chargers: 20_000, seed: 7 });
    expect(big.stations.filter((s) => s.category === 'highway_service_area')).toHaveLength(18);
  });

  it('has a DC pile at every highway service area', () => {
    const dcStations = new Set(
      full.chargers.filter((c) => c.connectors.some((k) => k.currentType === 'DC')).map((c) => c.stationId),
    );
    for (const s of full.stations.filter((st) => st.category === 'highway_service_area')) expect(dcStations.has(s.id), s.name).toBe(true);
  });

  it('mixes AC 7 kW single-connector piles and DC 60–180 kW piles with one or two GB/T guns', () => {
    const ac = full.chargers.filter((c) => c.connectors[0]!.currentType === 'AC');
    const dc = full.chargers.filter((c) => c.connectors[0]!.currentType === 'DC');
    expect(ac.length).toBeGreaterThan(full.chargers.length * 0.2);
    expect(dc.length).toBeGreaterThan(full.chargers.length * 0.2);
    for (const c of ac) expect(c.connectors).toEqual([{ evseId: 1, connectorId: 1, connectorType: 'GBT_AC', currentType: 'AC', maxPowerKw: 7 }]);
    for (const c of dc) {
      expect([1, 2]).toContain(c.connectors.length);
      for (const k of c.connectors) {
        expect(k.connectorType).toBe('GBT_DC');
        expect(k.maxPowerKw).toBeGreaterThanOrEqual(60);
        expect(k.maxPowerKw).toBeLessThanOrEqual(180);
      }
    }
    expect(new Set(dc.map((c) => c.connectors.length))).toEqual(new Set([1, 2]));
  });

  it.each([0, 0.3, 0.5, 1])('makes exactly round(share × N) piles speak OCPP 2.0.1 (share %f)', (share) => {
    const f = generateFleet({ chargers: 333, seed: 5, ocpp201Share: share });
    expect(f.chargers.filter((c) => c.protocol === 'ocpp2.0.1')).toHaveLength(Math.round(share * 333));
  });

  it('names piles XZ-<county>-NNNN, uniquely, with passwords fit for OCPP Basic auth', () => {
    const ids = full.chargers.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of full.chargers) {
      expect(c.id).toMatch(/^XZ-(\d{6}|WTS)-\d{4}$/);
      expect(c.password).toMatch(/^[A-Za-z0-9]{24}$/);
      expect(c.serialNumber.length).toBeLessThanOrEqual(25);
    }
    expect(full.chargers[0]!.id).toBe('XZ-140902-0001');
  });

  it('places stations near their county seat, with Chinese names and the county code', () => {
    for (const s of full.stations) {
      const tag = s.id.split('-')[1]!;
      const area = annex.find((a) => (a.code ?? 'WTS') === tag)!;
      expect(s.countyCode).toBe(area.code ?? WUTAI_COUNTY);
      expect(Math.abs(s.lat - area.seat_approx.lat)).toBeLessThan(0.6);
      expect(Math.abs(s.lon - area.seat_approx.lon)).toBeLessThan(0.8);
      expect(s.name.startsWith(area.name_zh)).toBe(true);
      expect(s.address.startsWith('山西省忻州市')).toBe(true);
    }
    expect(new Set(full.stations.map((s) => s.name)).size).toBe(full.stations.length);
  });

  it('covers distinct villages and townships, and marks residential, institutional and bus sites dedicated', () => {
    const villages = full.stations.filter((s) => s.category === 'village');
    expect(villages.every((s) => s.village && s.township)).toBe(true);
    expect(new Set(villages.map((s) => `${s.countyCode}/${s.township}/${s.village}`)).size).toBe(villages.length);
    for (const s of full.stations) {
      expect(s.isPublic).toBe(!['residential', 'institution', 'bus_depot'].includes(s.category));
    }
  });

  it('registers several operators with well-formed 9-character org codes and 18-character credit codes', () => {
    expect(full.operators.length).toBeGreaterThanOrEqual(5);
    const used = new Set(full.stations.map((s) => s.operatorId));
    for (const o of full.operators) {
      expect(o.orgCode).toMatch(/^[0-9]{8}[0-9X]$/);
      expect(o.creditCode.slice(8, 17)).toBe(o.orgCode);
      expect(isWellFormedCreditCode(o.creditCode)).toBe(true);
      expect(used.has(o.id), o.name).toBe(true);
    }
  });

  it('passes its own fleet-file validation', () => {
    expect(() => parseFleet(JSON.parse(JSON.stringify(full)))).not.toThrow();
  });

  it('refuses sizes it cannot build', () => {
    expect(() => generateFleet({ chargers: 0, seed: 1 })).toThrow(/chargers must be a whole number/);
    expect(() => generateFleet({ chargers: 2.5, seed: 1 })).toThrow(/chargers must be a whole number/);
    expect(() => generateFleet({ chargers: 10, seed: 1, ocpp201Share: 1.5 })).toThrow(/ocpp201Share/);
  });
});

describe('registration codes', () => {
  it('detects any single changed character in a credit code', () => {
    const [op] = generateFleet({ chargers: 5, seed: 11 }).operators;
    const code = op!.creditCode;
    for (let i = 0; i < 18; i++) {
      const other = code[i] === '1' ? '2' : '1';
      expect(isWellFormedCreditCode(code.slice(0, i) + other + code.slice(i + 1)), `position ${i}`).toBe(false);
    }
  });

  it('computes the GB 11714 check character, X for ten', () => {
    // 3·1 + 7·2 + 9·3 + 10·4 + 5·5 + 8·6 + 4·7 + 2·8 = 201; 11 − 201 mod 11 = 8
    expect(orgCodeCheck('12345678')).toBe('8');
    // 3·0 … + 2·4 = 8 only from the last digit; 11 − 8 = 3
    expect(orgCodeCheck('00000004')).toBe('3');
    // sum 12 (weight 3 · 4): 11 − 1 = 10 → X
    expect(orgCodeCheck('40000000')).toBe('X');
  });
});
