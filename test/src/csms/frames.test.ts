/**
 * What a charger gets for frames it should not have sent: unreadable JSON, wrong message types,
 * unknown actions, payloads the schema or the specification forbids — each answered with the CALLERROR
 * its own OCPP version names, while the connection and every other charger carry on. Also the charger
 * that offers no subprotocol at all (spoken to, and validated, as 1.6), and a write that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot16, boot201, connectCharger, RawCharger, startCsms, type Charger, type Harness } from './harness.js';

const password = 'frames-password';
const now = () => new Date().toISOString();

describe('malformed frames and unsupported actions', () => {
  let h: Harness;
  let bystander: Charger;

  beforeAll(async () => {
    h = await startCsms();
    for (const id of ['XZ-F16', 'XZ-F201', 'XZ-BARE', 'XZ-BYSTANDER']) await h.register({ id, password });
    bystander = await connectCharger(h.url, 'XZ-BYSTANDER', { password, protocol: 'ocpp2.0.1' });
    await bystander.call('BootNotification', boot201);
  }, 60_000);

  afterAll(async () => {
    await bystander?.close();
    await h?.close();
  }, 30_000);

  describe('OCPP 1.6', () => {
    let cp: RawCharger;
    beforeAll(async () => {
      cp = await RawCharger.open(h.url, 'XZ-F16', { password, protocols: ['ocpp1.6'] });
      expect(cp.ws.protocol).toBe('ocpp1.6');
      expect(await cp.call('b1', 'BootNotification', boot16)).toMatchObject([3, 'b1', { status: 'Accepted' }]);
    });
    afterAll(() => cp?.close());

    it.each([
      ['text that is not JSON', 'hello charger'],
      ['a JSON object instead of an array', '{"messageTypeId":2}'],
      ['a message id that is not a string', '[2, 17, "Heartbeat", {}]'],
    ])('answers %s with FormationViolation under id -1', async (_case, frame) => {
      const answered = cp.answer('-1');
      cp.send(frame);
      expect((await answered).slice(0, 3)).toEqual([4, '-1', 'FormationViolation']);
    });

    it('answers an unknown message type with FormationViolation for that message id', async () => {
      const answered = cp.answer('t-9');
      cp.send('[9, "t-9", "Heartbeat", {}]');
      expect((await answered).slice(0, 3)).toEqual([4, 't-9', 'FormationViolation']);
    });

    it.each([
      ['an action OCPP does not define', 'Frobnicate', {}],
      ['an action only a central system sends', 'RemoteStartTransaction', { idTag: 'T' }],
    ])('answers %s with NotImplemented', async (_case, action, payload) => {
      expect((await cp.call(`n-${action}`, action, payload)).slice(0, 3)).toEqual([4, `n-${action}`, 'NotImplemented']);
    });

    it.each([
      ['a missing required field', { connectorId: 1, status: 'Available' }, 'OccurenceConstraintViolation'],
      ['a field of the wrong type', { connectorId: '1', errorCode: 'NoError', status: 'Available' }, 'TypeConstraintViolation'],
      ['a value outside its enumeration', { connectorId: 1, errorCode: 'NoError', status: 'Dancing' }, 'FormationViolation'],
    ])('answers a StatusNotification with %s with %s', async (_case, payload, code) => {
      expect((await cp.call(`s-${code}`, 'StatusNotification', payload)).slice(0, 3)).toEqual([4, `s-${code}`, code]);
    });

    it('answers what the schema allows but the specification forbids with the decoder’s code', async () => {
      const meterValues = { connectorId: 1, meterValue: [{ timestamp: now(), sampledValue: [{ value: '12,5' }] }] };
      expect((await cp.call('mv-bad', 'MeterValues', meterValues)).slice(0, 3)).toEqual([4, 'mv-bad', 'PropertyConstraintViolation']);
      const start = { connectorId: 0, idTag: 'T', meterStart: 0, timestamp: now() };
      expect((await cp.call('st-0', 'StartTransaction', start)).slice(0, 3)).toEqual([4, 'st-0', 'PropertyConstraintViolation']);
    });

    it('keeps the connection: the next message is answered normally', async () => {
      expect(await cp.call('hb', 'Heartbeat', {})).toMatchObject([3, 'hb', { currentTime: expect.any(String) }]);
    });
  });

  describe('OCPP 2.0.1', () => {
    let cs: RawCharger;
    beforeAll(async () => {
      cs = await RawCharger.open(h.url, 'XZ-F201', { password, protocols: ['ocpp2.0.1'] });
      await cs.call('b1', 'BootNotification', boot201);
    });
    afterAll(() => cs?.close());

    it('answers text that is not JSON with RpcFrameworkError under id -1', async () => {
      const answered = cs.answer('-1');
      cs.send('{{{');
      expect((await answered).slice(0, 3)).toEqual([4, '-1', 'RpcFrameworkError']);
    });

    it('answers an unknown message type with MessageTypeNotSupported for that message id (extension fallback)', async () => {
      const answered = cs.answer('t-6');
      cs.send('[6, "t-6", "Heartbeat", {}]');
      expect((await answered).slice(0, 3)).toEqual([4, 't-6', 'MessageTypeNotSupported']);
    });

    it('answers an unknown action with NotImplemented', async () => {
      expect((await cs.call('n1', 'Frobnicate', {})).slice(0, 3)).toEqual([4, 'n1', 'NotImplemented']);
    });

    it.each([
      ['a missing required field', { timestamp: now(), evseId: 1, connectorId: 1 }, 'OccurrenceConstraintViolation'],
      ['a value outside its enumeration', { timestamp: now(), connectorStatus: 'Dancing', evseId: 1, connectorId: 1 }, 'FormatViolation'],
    ])('answers a StatusNotification with %s with %s', async (_case, payload, code) => {
      expect((await cs.call(`s-${code}`, 'StatusNotification', payload)).slice(0, 3)).toEqual([4, `s-${code}`, code]);
    });

    it('keeps the connection: the next message is answered normally', async () => {
      expect(await cs.call('hb', 'Heartbeat', {})).toMatchObject([3, 'hb', { currentTime: expect.any(String) }]);
    });
  });

  it('speaks 1.6 to a charger that offers no subprotocol, and validates its messages as 1.6', async () => {
    const bare = await RawCharger.open(h.url, 'XZ-BARE', { password, protocols: [] });
    expect(bare.ws.protocol).toBe('');
    expect((await bare.call('b1', 'BootNotification', boot201)).slice(0, 3)).toEqual([4, 'b1', 'OccurenceConstraintViolation']);
    expect(await bare.call('b2', 'BootNotification', boot16)).toMatchObject([3, 'b2', { status: 'Accepted' }]);
    expect((await bare.call('s1', 'StatusNotification', { connectorId: 1, status: 'Available' })).slice(0, 3)).toEqual([4, 's1', 'OccurenceConstraintViolation']);
    const garbled = bare.answer('-1');
    bare.send('not json');
    expect((await garbled).slice(0, 3)).toEqual([4, '-1', 'FormationViolation']);
    const [point] = await h.query(`SELECT protocol FROM charge_points WHERE id = 'XZ-BARE'`);
    expect(point).toEqual({ protocol: 'ocpp1.6' });
    await bare.close();
  });

  it('leaves other chargers unaffected, and journals refused calls with their answers', async () => {
    expect(await bystander.call('Heartbeat', {})).toMatchObject({ currentTime: expect.any(String) });
    expect(h.csms.connected()).toContain('XZ-BYSTANDER');
    const refused = await h.query(
      `SELECT direction, message_type, action, frame FROM ocpp_messages WHERE charger_id = 'XZ-F16' AND message_id = 'n-Frobnicate' ORDER BY direction`,
    );
    expect(refused).toEqual([
      { direction: 'in', message_type: 2, action: 'Frobnicate', frame: '[2,"n-Frobnicate","Frobnicate",{}]' },
      { direction: 'out', message_type: 4, action: 'Frobnicate', frame: expect.stringContaining('"NotImplemented"') },
    ]);
    expect(h.csms.stats().badFrames).toBe(7);
  });
});

describe('a message that cannot be stored', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCsms();
    await h.register({ id: 'XZ-W1', password });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('is answered InternalError, never a success, and stored once when the charger sends it again', async () => {
    const cp = await RawCharger.open(h.url, 'XZ-W1', { password, protocols: ['ocpp1.6'] });
    await cp.call('b1', 'BootNotification', boot16);
    const frame = [2, 'mv-1', 'MeterValues', { connectorId: 1, meterValue: [{ timestamp: '2025-06-01T10:00:00.000Z', sampledValue: [{ value: '10' }] }] }];

    await h.db.pool.query('ALTER TABLE meter_samples RENAME TO meter_samples_away');
    cp.send(frame);
    expect((await cp.answer('mv-1')).slice(0, 3)).toEqual([4, 'mv-1', 'InternalError']);

    await h.db.pool.query('ALTER TABLE meter_samples_away RENAME TO meter_samples');
    cp.send(frame);
    expect(await cp.answer('mv-1')).toEqual([3, 'mv-1', {}]);
    cp.send(frame);
    expect(await cp.answer('mv-1')).toEqual([3, 'mv-1', {}]);
    expect(await h.query(`SELECT value FROM meter_samples WHERE charger_id = 'XZ-W1'`)).toEqual([{ value: 10 }]);
    expect(h.csms.stats().messagesIn.MeterValues).toEqual({ InternalError: 1, ok: 1, duplicate: 1 });
    await cp.close();
  });
});
