/** Registry CRUD through the API: operators, stations, chargers — with the validation errors a client sees. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@pilewatch/store';
import { json, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const call = (who: Parameters<Harness['auth']>[0], method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  h.api.inject({ method, url, headers: h.auth(who), ...(payload ? { payload } : {}) });

type ErrorBody = { error: { code: string; message: string; details?: { problems?: Array<{ in: string; field: string; problem: string }> } } };

describe('operators', () => {
  it('registers an operator, deriving the organisation code from the credit code', async () => {
    const created = await call('admin', 'POST', '/api/v1/operators', {
      id: 'op-c',
      name: '忻州市充电服务有限公司',
      creditCode: '91350100M000100Y43',
      contactEmail: 'ops@example.cn',
    });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({ id: 'op-c', orgCode: 'M000100Y4', contactEmail: 'ops@example.cn', contactPhone: null });
    const read = await call('regulator', 'GET', '/api/v1/operators/op-c');
    expect(json(read)).toMatchObject({ name: '忻州市充电服务有限公司', creditCode: '91350100M000100Y43' });
  });

  it('names each bad field and rejects unknown ones', async () => {
    const r = await call('admin', 'POST', '/api/v1/operators', { id: 'op d', creditCode: '91350100M000100Y42', nickname: 'x' });
    expect(r.statusCode).toBe(400);
    const body = json<ErrorBody>(r);
    expect(body.error.code).toBe('PW_API_VALIDATION');
    expect(body.error.message).toContain('body.id: must be 1-64 letters');
    expect(body.error.message).toContain('body.creditCode: must be an 18-character unified social credit code');
    expect(body.error.message).toContain('body.name:');
    expect(body.error.details?.problems).toContainEqual({ in: 'body', field: 'nickname', problem: 'unknown field' });
  });

  it('refuses an organisation code that contradicts the credit code, and a duplicate id', async () => {
    const mismatch = await call('admin', 'POST', '/api/v1/operators', {
      id: 'op-e',
      name: 'E',
      creditCode: '91350100M000100Y43',
      orgCode: '000000000',
    });
    expect(json<ErrorBody>(mismatch).error.message).toBe('orgCode: must be M000100Y4, the organisation code inside creditCode');
    const duplicate = await call('admin', 'POST', '/api/v1/operators', { id: 'op-a', name: 'again' });
    expect(duplicate.statusCode).toBe(409);
    expect(json<ErrorBody>(duplicate).error.code).toBe('PW_API_CONFLICT');
  });

  it('updates the given fields only, and clears a field set to null', async () => {
    await call('admin', 'PATCH', '/api/v1/operators/op-c', { contactName: '王经理', contactPhone: '0350-1234567' });
    const r = await call('admin', 'PATCH', '/api/v1/operators/op-c', { contactEmail: null });
    expect(r.statusCode).toBe(200);
    expect(json(r)).toMatchObject({ name: '忻州市充电服务有限公司', contactName: '王经理', contactPhone: '0350-1234567', contactEmail: null });
  });
});

describe('stations', () => {
  it('lets an operator register a station for itself only', async () => {
    const own = await call('operator', 'POST', '/api/v1/stations', { id: 'st-a2', name: 'Yuanping service area', countyCode: '140981', category: 'highway_service_area' });
    expect(own.statusCode).toBe(201);
    expect(json(own)).toMatchObject({ id: 'st-a2', operatorId: 'op-a', isPublic: true, chargers: 0 });
    const forOther = await call('operator', 'POST', '/api/v1/stations', { id: 'st-x', operatorId: 'op-b', name: 'x' });
    expect(forOther.statusCode).toBe(403);
    const adminWithoutOperator = await call('admin', 'POST', '/api/v1/stations', { id: 'st-y', name: 'y' });
    expect(json<ErrorBody>(adminWithoutOperator).error.message).toBe('operatorId: required (the operator owning the station)');
  });

  it('explains a bad county code and category', async () => {
    const r = await call('operator', 'POST', '/api/v1/stations', { id: 'st-z', name: 'z', countyCode: '1409', category: 'mall' });
    expect(r.statusCode).toBe(400);
    const { message } = json<ErrorBody>(r).error;
    expect(message).toContain('body.countyCode: must be a 6-digit GB/T 2260 county-level code');
    expect(message).toMatch(/body\.category: .*"urban_public"/);
  });

  it('filters and pages the station list, within the caller’s scope', async () => {
    const mine = json<{ items: Array<{ id: string }> }>(await call('operator', 'GET', '/api/v1/stations'));
    expect(mine.items.map((s) => s.id)).toEqual(['st-a', 'st-a2']);
    const county = json<{ items: Array<{ id: string }> }>(await call('regulator', 'GET', '/api/v1/stations?countyCode=140922'));
    expect(county.items.map((s) => s.id)).toEqual(['st-b']);
    const first = json<{ items: unknown[]; nextOffset: number | null }>(await call('admin', 'GET', '/api/v1/stations?limit=1'));
    expect(first.items).toHaveLength(1);
    expect(first.nextOffset).toBe(1);
    const tooMany = await call('admin', 'GET', '/api/v1/stations?limit=5000&colour=red');
    expect(tooMany.statusCode).toBe(400);
    expect(json<ErrorBody>(tooMany).error.message).toMatch(/query\.limit: .*500.*; query\.colour: unknown field/);
  });

  it('changes a station and refuses to delete one that still has chargers', async () => {
    const patched = await call('operator', 'PATCH', '/api/v1/stations/st-a2', { parkingSpaces: 40, openingHours: '00:00-24:00' });
    expect(json(patched)).toMatchObject({ parkingSpaces: 40, name: 'Yuanping service area' });
    const busy = await call('operator', 'DELETE', '/api/v1/stations/st-a');
    expect(busy.statusCode).toBe(409);
    expect((await call('operator', 'DELETE', '/api/v1/stations/st-a2')).statusCode).toBe(204);
    expect((await call('operator', 'GET', '/api/v1/stations/st-a2')).statusCode).toBe(404);
  });
});

describe('chargers', () => {
  it('registers a charger with connectors and shows its password once, stored hashed', async () => {
    const r = await call('operator', 'POST', '/api/v1/chargers', {
      id: 'CP-A-NEW',
      stationId: 'st-a',
      connectors: [{ evseId: 1, connectorId: 1, connectorType: 'GBT-DC', currentType: 'DC', maxPowerKw: 60 }],
    });
    expect(r.statusCode).toBe(201);
    const { charger, password } = json<{ charger: Record<string, unknown>; password: string }>(r);
    expect(password).toHaveLength(24);
    expect(charger).toMatchObject({ id: 'CP-A-NEW', operatorId: 'op-a', stationId: 'st-a', registrationStatus: 'Accepted', hasPassword: true, online: false });
    expect(charger.connectors).toMatchObject([{ evseId: 1, connectorId: 1, connectorType: 'GBT-DC', maxPowerKw: 60, status: null }]);
    const { rows } = await h.db.pool.query(`SELECT password_hash FROM charge_points WHERE id = 'CP-A-NEW'`);
    expect(rows[0].password_hash).not.toContain(password);
    expect(await verifyPassword(password, rows[0].password_hash)).toBe(true);
    expect(JSON.stringify(json(await call('operator', 'GET', '/api/v1/chargers/CP-A-NEW')))).not.toContain(password);
  });

  it("refuses another operator's station, a taken identity and an identity OCPP cannot carry", async () => {
    const other = await call('operator', 'POST', '/api/v1/chargers', { id: 'CP-SNEAKY', stationId: 'st-b' });
    expect(json<ErrorBody>(other).error).toEqual({ code: 'PW_API_VALIDATION', message: 'stationId: no station st-b' });
    const taken = await call('admin', 'POST', '/api/v1/chargers', { id: 'CP-A' });
    expect(taken.statusCode).toBe(409);
    const bad = await call('admin', 'POST', '/api/v1/chargers', { id: 'CP:1', connectors: [{ evseId: 0, connectorId: 1 }] });
    expect(bad.statusCode).toBe(400);
    expect(json<ErrorBody>(bad).error.message).toMatch(/body\.id: not a valid OCPP identity: it contains ':'.*body\.connectors\.0\.evseId: /);
  });

  it('rotates the password: the old one stops matching', async () => {
    const before = (await h.db.pool.query(`SELECT password_hash FROM charge_points WHERE id = 'CP-A'`)).rows[0].password_hash;
    const r = await call('operator', 'POST', '/api/v1/chargers/CP-A/password', {});
    expect(r.statusCode).toBe(200);
    const { password } = json<{ password: string }>(r);
    const after = (await h.db.pool.query(`SELECT password_hash FROM charge_points WHERE id = 'CP-A'`)).rows[0].password_hash;
    expect(await verifyPassword(password, after)).toBe(true);
    expect(await verifyPassword('password-of-cp-a', after)).toBe(false);
    expect(await verifyPassword('password-of-cp-a', before)).toBe(true);
    const chosen = await call('operator', 'POST', '/api/v1/chargers/CP-A/password', { password: 'x'.repeat(41) });
    expect(json<ErrorBody>(chosen).error.message).toContain('body.password:');
  });

  it('lets an admin accept a Pending charger into a station, after which its operator sees it', async () => {
    await h.db.pool.query(`INSERT INTO charge_points (id, registration_status) VALUES ('CP-AUTO', 'Pending')`);
    expect((await call('operator', 'GET', '/api/v1/chargers/CP-AUTO')).statusCode).toBe(404);
    const pending = json<{ items: Array<{ id: string }> }>(await call('admin', 'GET', '/api/v1/chargers?registrationStatus=Pending'));
    expect(pending.items.map((c) => c.id)).toEqual(['CP-AUTO']);
    const accepted = await call('admin', 'PATCH', '/api/v1/chargers/CP-AUTO', { stationId: 'st-a', registrationStatus: 'Accepted' });
    expect(json(accepted)).toMatchObject({ registrationStatus: 'Accepted', stationId: 'st-a', operatorId: 'op-a' });
    expect((await call('operator', 'GET', '/api/v1/chargers/CP-AUTO')).statusCode).toBe(200);
  });

  it('declares connectors without dropping the ones already known', async () => {
    const r = await call('operator', 'PUT', '/api/v1/chargers/CP-A/connectors', {
      connectors: [{ evseId: 3, connectorId: 1, currentType: 'AC', maxPowerKw: 7 }],
    });
    expect(r.statusCode).toBe(200);
    const ids = json<{ connectors: Array<{ evseId: number }> }>(r).connectors.map((c) => c.evseId);
    expect(ids).toEqual([1, 2, 3]);
    const dup = await call('operator', 'PUT', '/api/v1/chargers/CP-A/connectors', {
      connectors: [{ evseId: 3, connectorId: 1 }, { evseId: 3, connectorId: 1 }],
    });
    expect(json<ErrorBody>(dup).error.message).toBe('body.connectors: must not list the same evseId/connectorId twice');
  });
});
