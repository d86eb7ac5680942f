/**
 * Every refusal of the T/CEC interface, provoked by the test province against the running API: each
 * missing envelope field and a malformed one (4003), an unknown caller (4003, unsigned: we hold no
 * secret for it), a bad signature (4001), a missing, foreign, unknown or expired token (4002), bad
 * business parameters (4004), a replayed request and a TimeStamp far from our clock (refused as bad
 * parameters, 4003), a failing handler (500) and a database that goes away mid-request (−1, busy).
 * Every answer to an identified caller is signed; the token is checked before the business data.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOperator, upsertStation } from '@pilewatch/store';
import { chinaTimeStamp, encrypt, sign, TestProvince } from './test-province.js';
import { operatorIdFor, secret16, startStack, until, type Stack } from './stack.js';

const creds = () => ({ operatorId: operatorIdFor('E'), operatorSecret: secret16(), dataSecret: secret16(), dataSecretIv: secret16(), sigSecret: secret16() });
const a = creds();
const b = creds();
const shortLived = creds();

let stack: Stack;
let province: TestProvince;
let other: TestProvince;
let brief: TestProvince;

const inbound = ({ operatorId: _id, ...secrets }: ReturnType<typeof creds>) => secrets;
const client = (c: ReturnType<typeof creds>) =>
  new TestProvince({ baseUrl: stack.tcecUrl, operatorId: c.operatorId, operatorSecret: c.operatorSecret, secrets: c });

beforeAll(async () => {
  stack = await startStack({
    worker: false,
    partners: [
      { name: 'province', operatorId: a.operatorId, inbound: inbound(a) },
      { name: 'another platform', operatorId: b.operatorId, inbound: inbound(b) },
      { name: 'short tokens', operatorId: shortLived.operatorId, inbound: { ...inbound(shortLived), tokenLifetimeS: 1 } },
    ],
  });
  await upsertOperator(stack.db, { id: 'op-e', name: '忻州测试运营', orgCode: 'MA0TEST01', contactPhone: '0350-1111111' });
  await upsertStation(stack.db, {
    id: 'ST-E',
    operatorId: 'op-e',
    name: '测试站',
    address: '山西省忻州市忻府区和平街2号',
    countyCode: '140902',
    category: 'urban_public',
    isPublic: true,
    lat: 38.41,
    lon: 112.73,
  });
  province = client(a);
  other = client(b);
  brief = client(shortLived);
  await province.queryToken();
  await other.queryToken();
}, 60_000);

afterAll(() => stack?.close(), 60_000);

const status = { StationIDs: ['ST-E'] };

describe('the envelope on the wire', () => {
  it('is read whatever the content type says, and answered as JSON with HTTP 200', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
      const answer = await province.send('query_station_status', JSON.stringify(province.envelope(status)), `Bearer ${province.token}`, contentType);
      expect(answer).toMatchObject({ httpStatus: 200, ret: 0, signed: true });
    }
  });
});

describe('4003: bad POST parameters', () => {
  it.each(['OperatorID', 'Data', 'TimeStamp', 'Seq', 'Sig'] as const)('refuses an envelope without %s, unsigned', async (field) => {
    const answer = await province.post('query_station_status', status, { omit: [field] });
    expect(answer).toMatchObject({ httpStatus: 200, ret: 4003, data: undefined, envelope: { Data: '', Sig: '' } });
    expect(answer.msg).toContain(field);
  });

  it('refuses a body that is not JSON, a Seq of 0000 and a TimeStamp that is no time', async () => {
    expect((await province.post('query_station_status', status, { body: 'OperatorID=1' })).ret).toBe(4003);
    expect((await province.post('query_station_status', status, { seq: '0000' })).ret).toBe(4003);
    const e = province.envelope(status);
    const badTime = await province.send('query_station_status', JSON.stringify({ ...e, TimeStamp: '20241301250000' }), `Bearer ${province.token}`);
    expect(badTime.ret).toBe(4003);
  });

  it('refuses an OperatorID that is no partner, without a signature (we hold no secret for it)', async () => {
    const stranger = new TestProvince({ baseUrl: stack.tcecUrl, operatorId: 'ZZZZZZZZ9', operatorSecret: 'x', secrets: a });
    const answer = await stranger.post('query_token', { OperatorID: 'ZZZZZZZZ9', OperatorSecret: 'x' });
    expect(answer).toMatchObject({ ret: 4003, envelope: { Sig: '', Data: '' } });
    expect(answer.msg).toContain('ZZZZZZZZ9');
  });
});

describe('4001: bad signature', () => {
  it('refuses a Sig made with another SigSecret, a lowercase Sig and Data changed after signing — signed, so the caller can trust the refusal', async () => {
    const wrongKey = await province.post('query_station_status', status, { sigSecret: b.sigSecret });
    expect(wrongKey).toMatchObject({ ret: 4001, signed: true, data: undefined });

    const e = province.envelope(status);
    const lower = await province.send('query_station_status', JSON.stringify({ ...e, Sig: e.Sig.toLowerCase() }), `Bearer ${province.token}`);
    expect(lower).toMatchObject({ ret: 4001, signed: true });

    const tampered = province.envelope(status);
    const swapped = { ...tampered, Data: encrypt(JSON.stringify({ StationIDs: ['ST-OTHER'] }), a) };
    expect((await province.send('query_station_status', JSON.stringify(swapped), `Bearer ${province.token}`)).ret).toBe(4001);
  });

  it('is checked before the token: a bad Sig with no token is 4001, not 4002', async () => {
    expect((await province.post('query_station_status', status, { sigSecret: 'wrong', authorization: null })).ret).toBe(4001);
  });
});

describe('4002: bad token', () => {
  it('refuses a call without a token, with an unknown token and with another partner’s token', async () => {
    expect(await province.post('query_station_status', status, { authorization: null })).toMatchObject({ ret: 4002, signed: true });
    expect((await province.post('query_station_status', status, { authorization: 'Bearer 0123456789abcdef' })).ret).toBe(4002);
    expect((await province.post('query_station_status', status, { authorization: `Bearer ${other.token}` })).ret).toBe(4002);
    // Each token still works for its own partner.
    expect((await province.post('query_station_status', status)).ret).toBe(0);
    expect((await other.post('query_station_status', status)).ret).toBe(0);
  });

  it('refuses an expired token; a new one from query_token works', async () => {
    const issued = await brief.queryToken();
    expect(issued.data).toMatchObject({ SuccStat: 0, TokenAvailableTime: 1 });
    expect((await brief.post('query_station_status', status)).ret).toBe(0);
    await until(async () => ((await brief.post('query_station_status', status)).ret === 4002 ? true : undefined), 'the token to expire', 5_000);
    await brief.queryToken();
    expect((await brief.post('query_station_status', status)).ret).toBe(0);
  });

  it('is checked before the business data: a stale token with bad Data is 4002, so the caller refreshes first', async () => {
    expect((await province.post('query_station_status', { StationIDs: [] }, { authorization: null })).ret).toBe(4002);
  });
});

describe('4004: bad business parameters', () => {
  it.each([
    ['more than 50 stations', 'query_station_status', { StationIDs: Array.from({ length: 51 }, (_, i) => `ST-${i}`) }, 'StationIDs'],
    ['no stations', 'query_station_status', { StationIDs: [] }, 'StationIDs'],
    ['a page 0', 'query_stations_info', { PageNo: 0 }, 'PageNo'],
    ['a LastQueryTime that is no time', 'query_stations_info', { LastQueryTime: '2025-13-01' }, 'LastQueryTime'],
    ['an EndTime before the StartTime', 'query_station_stats', { StationID: 'ST-E', StartTime: '2025-03-02', EndTime: '2025-03-01' }, 'EndTime'],
    ['a range longer than a year', 'query_station_stats', { StationID: 'ST-E', StartTime: '2023-01-01', EndTime: '2025-01-01' }, 'days'],
    ['a station that does not exist', 'query_station_stats', { StationID: 'ST-NOWHERE', StartTime: '2025-03-01', EndTime: '2025-03-01' }, 'ST-NOWHERE'],
    ['an interface that does not exist', 'query_everything', {}, 'query_everything'],
  ])('refuses %s', async (_what, name, data, mentioned) => {
    const answer = await province.post(name, data);
    expect(answer).toMatchObject({ ret: 4004, signed: true, data: undefined });
    expect(answer.msg).toContain(mentioned);
  });

  it('refuses Data that does not decrypt, and Data that decrypts to something other than JSON', async () => {
    expect((await province.post('query_station_status', status, { data: Buffer.from('sixteen bytes!!!').toString('base64') })).ret).toBe(4004);
    expect((await province.post('query_station_status', status, { data: encrypt('StationIDs=ST-E', a) })).ret).toBe(4004);
  });
});

describe('replays and clocks', () => {
  it('refuses a request sent a second time (same OperatorID, TimeStamp and Seq), even with a valid token', async () => {
    const first = await province.post('query_station_status', status);
    expect(first.ret).toBe(0);
    const { body, authorization } = province.sent.at(-1)!;
    const again = await province.send('query_station_status', body, authorization);
    expect(again).toMatchObject({ ret: 4003, signed: true });
    expect(again.msg).toMatch(/already used/);
  });

  it('refuses a TimeStamp ten minutes behind or ahead of our clock', async () => {
    for (const offset of [-600_000, 600_000]) {
      const answer = await province.post('query_station_status', status, { at: new Date(Date.now() + offset) });
      expect(answer).toMatchObject({ ret: 4003, signed: true });
      expect(answer.msg).toMatch(/from our clock/);
    }
    // A few seconds off is fine.
    expect((await province.post('query_station_status', status, { at: new Date(Date.now() - 5_000) })).ret).toBe(0);
  });

  it('takes the signature over exactly OperatorID + Data + TimeStamp + Seq', async () => {
    const data = encrypt(JSON.stringify(status), a);
    const timeStamp = chinaTimeStamp(new Date());
    const envelope = { OperatorID: a.operatorId, Data: data, TimeStamp: timeStamp, Seq: '9001', Sig: sign(a.operatorId + data + timeStamp + '9001', a.sigSecret) };
    expect((await province.send('query_station_status', JSON.stringify(envelope), `Bearer ${province.token}`)).ret).toBe(0);
  });
});

describe('500 and -1: our failures', () => {
  it('answers 500 when a handler fails, and the partner learns nothing more', async () => {
    await stack.query('ALTER TABLE connector_state RENAME TO connector_state_away');
    try {
      const answer = await province.post('query_station_status', status);
      expect(answer).toMatchObject({ ret: 500, msg: 'system error', signed: true, data: undefined });
    } finally {
      await stack.query('ALTER TABLE connector_state_away RENAME TO connector_state');
    }
    expect((await province.post('query_station_status', status)).ret).toBe(0);
    expect(stack.logs.some((l) => l.includes('T/CEC call failed') && l.includes('connector_state'))).toBe(true);
  });

  it('answers -1 (busy, retry later) when the database goes away during the call', { timeout: 30_000 }, async () => {
    const dbName = new URL(stack.config.database.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: stack.config.database.url });
    admin.on('error', () => {});
    await admin.connect();
    try {
      // Hold the stations table so the call's query waits, then cut the API's connections under it.
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE stations IN ACCESS EXCLUSIVE MODE');
      const pending = province.post('query_station_status', status);
      const [{ pid } = { pid: 0 }] = await until(async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
          [dbName],
        );
        return rows.length > 0 ? rows : undefined;
      }, 'the call to wait for the table');
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const answer = await pending;
      expect(answer).toMatchObject({ ret: -1, signed: true, data: undefined });
    } finally {
      await admin.query('ROLLBACK').catch(() => undefined);
      await admin.end();
    }
    // The pool reconnects: the next call is answered.
    expect((await province.post('query_station_status', status)).ret).toBe(0);
  });
});
