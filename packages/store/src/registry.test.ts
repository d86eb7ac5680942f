import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCharger, getChargerAuth, listChargers, registerPendingCharger, setRegistrationStatus } from './chargers.js';
import { isStoreError, type StoreErrorCode } from './errors.js';
import { importFleet, type Fleet } from './fleet-import.js';
import { verifyPassword } from './passwords.js';
import { upsertConnectors, upsertOperator, upsertStation } from './registry.js';
import { openTestStore, type TestStore } from './testing.js';
import { createWriter } from './writer.js';

const code = async (p: Promise<unknown>): Promise<StoreErrorCode | 'resolved'> => {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    if (isStoreError(err)) return err.code;
    throw err;
  }
};

describe('the registry', () => {
  let store: TestStore;
  const q = async (sql: string, params: unknown[] = []) => (await store.db.pool.query(sql, params)).rows;

  beforeAll(async () => {
    store = await openTestStore('postgresql');
    await upsertOperator(store.db, { id: 'op-1', name: 'Xinzhou Charging Co.', orgCode: 'MA0XZ0001' });
    await upsertStation(store.db, { id: 'st-1', operatorId: 'op-1', name: 'Xinfu Car Park', category: 'urban_public', isPublic: true, countyCode: '140902' });
  });
  afterAll(async () => {
    await store?.close();
  });

  describe('addCharger', () => {
    it('registers a charger with a generated password that verifies against the stored hash', async () => {
      const { password } = await addCharger(store.db, { id: 'CP-1', operatorId: 'op-1', stationId: 'st-1', securityProfile: 2 });
      const auth = await getChargerAuth(store.db, 'CP-1');
      expect(auth).toMatchObject({ id: 'CP-1', registrationStatus: 'Accepted', securityProfile: 2, operatorId: 'op-1' });
      expect(await verifyPassword(password, auth!.passwordHash!)).toBe(true);
    });

    it('keeps a given password', async () => {
      const { password } = await addCharger(store.db, { id: 'CP-2', password: 'given-password-123' });
      expect(password).toBe('given-password-123');
    });

    it.each([
      ['an identity OCPP does not allow', { id: 'CP:3' }, 'PW_STORE_INVALID_IDENTITY'],
      ['a password longer than OCPP carries', { id: 'CP-3', password: 'x'.repeat(41) }, 'PW_STORE_INVALID_PASSWORD'],
      ['an identity already registered', { id: 'CP-1' }, 'PW_STORE_CHARGER_EXISTS'],
      ['an unknown operator', { id: 'CP-4', operatorId: 'nobody' }, 'PW_STORE_UNKNOWN_OPERATOR'],
      ['an unknown station', { id: 'CP-5', stationId: 'nowhere' }, 'PW_STORE_UNKNOWN_STATION'],
    ] as const)('refuses %s', async (_name, charger, expected) => {
      expect(await code(addCharger(store.db, charger))).toBe(expected);
    });

    it('finds no credentials for an unknown identity', async () => {
      expect(await getChargerAuth(store.db, 'CP-404')).toBeNull();
    });
  });

  describe('registration', () => {
    it('registers an unknown charger as Pending without credentials, and leaves a known one alone', async () => {
      expect(await registerPendingCharger(store.db, 'AUTO-1')).toEqual({ created: true });
      expect(await registerPendingCharger(store.db, 'AUTO-1')).toEqual({ created: false });
      expect(await registerPendingCharger(store.db, 'CP-1')).toEqual({ created: false });
      expect(await getChargerAuth(store.db, 'AUTO-1')).toMatchObject({ registrationStatus: 'Pending', passwordHash: null });
      expect((await getChargerAuth(store.db, 'CP-1'))?.registrationStatus).toBe('Accepted');
    });

    it('changes the registration status of a known charger only', async () => {
      await setRegistrationStatus(store.db, 'AUTO-1', 'Accepted');
      expect((await getChargerAuth(store.db, 'AUTO-1'))?.registrationStatus).toBe('Accepted');
      expect(await code(setRegistrationStatus(store.db, 'CP-404', 'Accepted'))).toBe('PW_STORE_UNKNOWN_CHARGER');
    });
  });

  describe('listChargers', () => {
    it('lists chargers with station, operator, status, protocol and liveness, filtered', async () => {
      const writer = createWriter(store.db, { batchMax: 10, batchWaitMs: 0 });
      await writer.connectivity({ chargerId: 'CP-1', event: 'connected', time: new Date('2025-03-01T10:00:00Z'), protocol: 'ocpp2.0.1' });
      await writer.close();

      expect(await listChargers(store.db, { operatorId: 'op-1' })).toEqual([
        {
          id: 'CP-1',
          operatorId: 'op-1',
          operatorName: 'Xinzhou Charging Co.',
          stationId: 'st-1',
          stationName: 'Xinfu Car Park',
          registrationStatus: 'Accepted',
          protocol: 'ocpp2.0.1',
          vendor: null,
          model: null,
          online: true,
          lastSeenAt: new Date('2025-03-01T10:00:00Z'),
        },
      ]);
      expect((await listChargers(store.db, { online: false })).map((c) => c.id)).toEqual(['AUTO-1', 'CP-2']);
      expect((await listChargers(store.db)).map((c) => c.id)).toEqual(['AUTO-1', 'CP-1', 'CP-2']);
    });
  });

  describe('upserts', () => {
    it('replace an operator record, optional fields left out becoming empty', async () => {
      await upsertOperator(store.db, { id: 'op-2', name: 'First', contactName: 'Li' });
      await upsertOperator(store.db, { id: 'op-2', name: 'Renamed' });
      expect(await q(`SELECT name, contact_name FROM operators WHERE id = 'op-2'`)).toEqual([{ name: 'Renamed', contact_name: null }]);
    });

    it('add and update connectors without removing others', async () => {
      await upsertConnectors(store.db, 'CP-2', [
        { evseId: 1, connectorId: 1, connectorType: 'GBT-AC', currentType: 'AC', maxPowerKw: 7 },
        { evseId: 2, connectorId: 1, currentType: 'DC', maxPowerKw: 60 },
      ]);
      await upsertConnectors(store.db, 'CP-2', [{ evseId: 2, connectorId: 1, currentType: 'DC', maxPowerKw: 120 }]);
      expect(await q(`SELECT evse_id, current_type, max_power_kw FROM connectors WHERE charger_id = 'CP-2' ORDER BY evse_id`)).toEqual([
        { evse_id: 1, current_type: 'AC', max_power_kw: 7 },
        { evse_id: 2, current_type: 'DC', max_power_kw: 120 },
      ]);
    });

    it('refuse a station of an unknown operator', async () => {
      expect(await code(upsertStation(store.db, { id: 'st-x', operatorId: 'nobody', name: 'X', category: 'urban_public', isPublic: true }))).toBe(
        'PW_STORE_UNKNOWN_OPERATOR',
      );
    });
  });

  describe('importFleet', () => {
    const fleet = (password = 'fleet-password-0001'): Fleet => ({
      operators: [{ id: 'op-f', name: 'Fleet Operator', creditCode: '91140900MA0XZ00001' }],
      stations: [
        { id: 'st-f1', operatorId: 'op-f', name: 'Highway Service Area North', category: 'highway_service_area', isPublic: true, countyCode: '140921' },
        { id: 'st-f2', operatorId: 'op-1', name: 'Village Square', category: 'village', isPublic: true },
      ],
      chargers: [
        { id: 'F-1', password, operatorId: 'op-f', stationId: 'st-f1', vendor: 'Acme', connectors: [{ evseId: 1, connectorId: 1, currentType: 'DC', maxPowerKw: 120 }] },
        { id: 'F-2', password, operatorId: 'op-1', stationId: 'st-f2', protocol: 'ocpp1.6', connectors: [{ evseId: 1, connectorId: 1 }, { evseId: 2, connectorId: 1 }] },
      ],
    });

    it('imports operators, stations, chargers and connectors, returning counts', async () => {
      expect(await importFleet(store.db, fleet())).toEqual({ operators: 1, stations: 2, chargers: 2, connectors: 3 });
      const auth = await getChargerAuth(store.db, 'F-2');
      expect(await verifyPassword('fleet-password-0001', auth!.passwordHash!)).toBe(true);
      expect(await q(`SELECT count(*)::int AS n FROM connectors WHERE charger_id LIKE 'F-%'`)).toEqual([{ n: 3 }]);
    });

    it('updates every row and re-hashes passwords on re-import', async () => {
      const before = (await getChargerAuth(store.db, 'F-1'))!.passwordHash!;
      const changed = fleet('rotated-password-0002');
      changed.stations![0]!.name = 'Highway Service Area North (renamed)';
      expect(await importFleet(store.db, changed)).toEqual({ operators: 1, stations: 2, chargers: 2, connectors: 3 });

      const after = (await getChargerAuth(store.db, 'F-1'))!.passwordHash!;
      expect(after).not.toBe(before);
      expect(await verifyPassword('rotated-password-0002', after)).toBe(true);
      expect(await q(`SELECT name FROM stations WHERE id = 'st-f1'`)).toEqual([{ name: 'Highway Service Area North (renamed)' }]);
      expect(await q(`SELECT count(*)::int AS n FROM charge_points WHERE id LIKE 'F-%'`)).toEqual([{ n: 2 }]);
    });

    it('names the bad entry of an invalid document and writes nothing', async () => {
      const bad = fleet();
      bad.chargers!.push({ id: 'F-3', password: '', operatorId: 'op-f', stationId: 'st-f1', connectors: [] });
      bad.chargers![0]!.id = 'F-NEW';
      const err = await importFleet(store.db, bad).catch((e: unknown) => e);
      expect(isStoreError(err, 'PW_STORE_INVALID_FLEET')).toBe(true);
      expect((err as Error).message).toContain('chargers[2] (F-3).password');
      expect(await getChargerAuth(store.db, 'F-NEW')).toBeNull();
    });

    it.each([
      ['a duplicate identity', (f: Fleet) => f.chargers!.push({ ...f.chargers![0]! }), 'chargers: F-1 is listed more than once'],
      ['a station of a missing operator', (f: Fleet) => (f.stations![0]!.operatorId = 'op-missing'), 'stations st-f1: operator op-missing is neither listed nor registered'],
      ['a charger at a missing station', (f: Fleet) => (f.chargers![1]!.stationId = 'st-missing'), 'chargers F-2: station st-missing is neither listed nor registered'],
      ['an identity OCPP does not allow', (f: Fleet) => (f.chargers![1]!.id = 'F:2'), "chargers[1] (F:2).id: not a valid OCPP identity: it contains ':'"],
      ['an unexpected field', (f: Fleet) => Object.assign(f.operators![0]!, { colour: 'red' }), 'operators[0] (op-f)'],
    ])('refuses %s', async (_name, spoil, message) => {
      const f = fleet();
      spoil(f);
      const err = await importFleet(store.db, f).catch((e: unknown) => e);
      expect(isStoreError(err, 'PW_STORE_INVALID_FLEET')).toBe(true);
      expect((err as Error).message).toContain(message);
    });
  });
});
