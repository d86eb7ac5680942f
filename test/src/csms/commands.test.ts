/**
 * Commands from the central system to chargers of both versions, round trip: what the charger receives,
 * what the caller gets back, how every failure is reported, and that the journal holds both directions.
 */
import ocppRpc from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCsmsError } from '@pilewatch/csms';
import type { Command } from '@pilewatch/ocpp';
import { boot16, boot201, connectCharger, RawCharger, startCsms, type Charger, type Harness } from './harness.js';

const { createRPCError } = ocppRpc;
const password = 'commands-password';

/** A charger that answers every command with `answers[method]` and remembers what it was asked. */
function answering(c: Charger, answers: Record<string, unknown>) {
  const received: Array<{ method: string; params: unknown }> = [];
  c.handle(({ method, params, signal }) => {
    received.push({ method: method!, params });
    const answer = answers[method!];
    if (answer instanceof Error) throw answer;
    // Stalls until the connection goes (ocpp-rpc aborts the handler then, and waits for it to settle).
    if (answer === 'never') return new Promise((_resolve, reject) => signal!.addEventListener('abort', () => reject(new Error('closed'))));
    return Promise.resolve(answer as Record<string, unknown>);
  });
  return received;
}

async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCsmsError(err)).toBe(true);
  return err as { code: string; details: Record<string, unknown> };
}

describe('commands', () => {
  let h: Harness;
  let cp16: Charger;
  let cs201: Charger;
  let asked16: Array<{ method: string; params: unknown }>;
  let asked201: Array<{ method: string; params: unknown }>;

  beforeAll(async () => {
    h = await startCsms({ env: { PILEWATCH_CALL_TIMEOUT_S: '1' } });
    for (const id of ['XZ-C16', 'XZ-C201', 'XZ-CRAW']) await h.register({ id, password });
    await h.register({ id: 'XZ-CPEND', password, registrationStatus: 'Pending' });
    cp16 = await connectCharger(h.url, 'XZ-C16', { password, protocol: 'ocpp1.6' });
    cs201 = await connectCharger(h.url, 'XZ-C201', { password, protocol: 'ocpp2.0.1' });
    await cp16.call('BootNotification', boot16);
    await cs201.call('BootNotification', boot201);
    asked16 = answering(cp16, {
      RemoteStartTransaction: { status: 'Accepted' },
      RemoteStopTransaction: { status: 'Rejected' },
      Reset: { status: 'Accepted' },
      ChangeAvailability: { status: 'Scheduled' },
      GetConfiguration: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: ['Nope'] },
      ChangeConfiguration: { status: 'RebootRequired' },
      TriggerMessage: { status: 'Accepted' },
      UnlockConnector: { status: 'Unlocked' },
    });
    asked201 = answering(cs201, {
      RequestStartTransaction: { status: 'Accepted', transactionId: 'TX-9' },
      RequestStopTransaction: { status: 'Accepted' },
      Reset: { status: 'Scheduled' },
      ChangeAvailability: { status: 'Accepted' },
      GetVariables: { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
      SetVariables: { setVariableResult: [{ attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
      TriggerMessage: { status: 'Rejected' },
      UnlockConnector: createRPCError('NotSupported', 'no actuator'),
    });
  }, 60_000);

  afterAll(async () => {
    await cp16?.close();
    await cs201?.close();
    await h?.close();
  }, 30_000);

  it.each<[string, Command, string, unknown, { status: string; accepted: boolean }]>([
    ['remote start', { kind: 'remoteStart', idTag: 'TAG-1', evseId: 2 }, 'RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 2 }, { status: 'Accepted', accepted: true }],
    ['remote stop', { kind: 'remoteStop', transactionId: '41' }, 'RemoteStopTransaction', { transactionId: 41 }, { status: 'Rejected', accepted: false }],
    ['reset', { kind: 'reset', type: 'hard' }, 'Reset', { type: 'Hard' }, { status: 'Accepted', accepted: true }],
    ['change availability', { kind: 'changeAvailability', evseId: 1, available: false }, 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' }, { status: 'Scheduled', accepted: true }],
    ['change configuration', { kind: 'changeConfiguration', key: 'HeartbeatInterval', value: '120' }, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' }, { status: 'RebootRequired', accepted: true }],
    ['trigger message', { kind: 'triggerMessage', message: 'StatusNotification', evseId: 1 }, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }, { status: 'Accepted', accepted: true }],
    ['unlock connector', { kind: 'unlockConnector', evseId: 1 }, 'UnlockConnector', { connectorId: 1 }, { status: 'Unlocked', accepted: true }],
  ])('1.6 %s', async (_name, command, method, params, result) => {
    expect(await h.csms.sendCommand('XZ-C16', command)).toMatchObject(result);
    expect(asked16.at(-1)).toEqual({ method, params });
  });

  it('1.6 get configuration returns the entries', async () => {
    expect(await h.csms.sendCommand('XZ-C16', { kind: 'getConfiguration', keys: ['HeartbeatInterval', 'Nope'] })).toEqual({
      status: 'Accepted',
      accepted: true,
      data: [
        { key: 'HeartbeatInterval', readonly: false, value: '300', status: 'Accepted' },
        { key: 'Nope', status: 'UnknownVariable' },
      ],
    });
  });

  it.each<[string, Command, string, unknown, { status: string; accepted: boolean }]>([
    ['remote start', { kind: 'remoteStart', idTag: 'TAG-2', evseId: 1, remoteStartId: 7 }, 'RequestStartTransaction', { idToken: { idToken: 'TAG-2', type: 'Central' }, remoteStartId: 7, evseId: 1 }, { status: 'Accepted', accepted: true }],
    ['remote stop', { kind: 'remoteStop', transactionId: 'TX-9' }, 'RequestStopTransaction', { transactionId: 'TX-9' }, { status: 'Accepted', accepted: true }],
    ['reset', { kind: 'reset', type: 'soft' }, 'Reset', { type: 'OnIdle' }, { status: 'Scheduled', accepted: true }],
    ['change availability', { kind: 'changeAvailability', evseId: 0, available: true }, 'ChangeAvailability', { operationalStatus: 'Operative' }, { status: 'Accepted', accepted: true }],
    ['trigger message', { kind: 'triggerMessage', message: 'MeterValues', evseId: 1 }, 'TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 1 } }, { status: 'Rejected', accepted: false }],
  ])('2.0.1 %s', async (_name, command, method, params, result) => {
    expect(await h.csms.sendCommand('XZ-C201', command)).toMatchObject(result);
    expect(asked201.at(-1)).toEqual({ method, params });
  });

  it('2.0.1 get and set configuration go through Get/SetVariables', async () => {
    const got = await h.csms.sendCommand('XZ-C201', { kind: 'getConfiguration', keys: ['OCPPCommCtrlr.HeartbeatInterval'] });
    expect(got).toMatchObject({ accepted: true, data: [{ value: '300', status: 'Accepted' }] });
    expect(asked201.at(-1)?.method).toBe('GetVariables');
    const set = await h.csms.sendCommand('XZ-C201', { kind: 'changeConfiguration', key: 'OCPPCommCtrlr.HeartbeatInterval', value: '120' });
    expect(set).toMatchObject({ accepted: true });
    expect(asked201.at(-1)?.method).toBe('SetVariables');
  });

  it('reports a charger that is not connected as PW_CSMS_CHARGER_OFFLINE', async () => {
    expect((await failure(h.csms.sendCommand('XZ-NOWHERE', { kind: 'reset', type: 'soft' }))).code).toBe('PW_CSMS_CHARGER_OFFLINE');
  });

  it("reports the charger's CALLERROR as PW_CSMS_COMMAND_REJECTED with its code", async () => {
    const err = await failure(h.csms.sendCommand('XZ-C201', { kind: 'unlockConnector', evseId: 1, connectorId: 1 }));
    expect(err.code).toBe('PW_CSMS_COMMAND_REJECTED');
    expect(err.details).toMatchObject({ rpcCode: 'NotSupported', description: 'no actuator' });
  });

  it('reports a charger that does not answer in time as PW_CSMS_COMMAND_TIMEOUT', async () => {
    answering(cp16, { Reset: 'never' });
    expect((await failure(h.csms.sendCommand('XZ-C16', { kind: 'reset', type: 'soft' }))).code).toBe('PW_CSMS_COMMAND_TIMEOUT');
    answering(cp16, { Reset: { status: 'Accepted' } });
  });

  it('reports a command the version cannot express as PW_CSMS_COMMAND_INVALID, without sending it', async () => {
    const before = asked201.length;
    const err = await failure(h.csms.sendCommand('XZ-C201', { kind: 'remoteStart', idTag: 'T' }));
    expect(err.code).toBe('PW_CSMS_COMMAND_INVALID');
    expect(asked201).toHaveLength(before);
  });

  it("reports an answer that breaks the schema as PW_CSMS_COMMAND_BAD_RESPONSE", async () => {
    const raw = await RawCharger.open(h.url, 'XZ-CRAW', { password, protocols: ['ocpp1.6'] });
    await raw.call('b1', 'BootNotification', boot16);
    raw.ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as unknown[];
      if (frame[0] === 2) raw.send([3, frame[1], { status: 'Perhaps' }]);
    });
    expect((await failure(h.csms.sendCommand('XZ-CRAW', { kind: 'reset', type: 'hard' }))).code).toBe('PW_CSMS_COMMAND_BAD_RESPONSE');
    await raw.close();
  });

  it('holds remote start back from a Pending charger, and lets it send what we triggered', async () => {
    const pending = await connectCharger(h.url, 'XZ-CPEND', { password, protocol: 'ocpp2.0.1' });
    expect(await pending.call('BootNotification', boot201)).toMatchObject({ status: 'Pending' });
    expect((await failure(h.csms.sendCommand('XZ-CPEND', { kind: 'remoteStart', idTag: 'T', remoteStartId: 1 }))).code).toBe(
      'PW_CSMS_CHARGER_NOT_ACCEPTED',
    );
    const status = { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 };
    const triggeredAnswers: unknown[] = [];
    // As a real station would: answer the trigger, then send the requested message right away.
    pending.handle('TriggerMessage', () => {
      setImmediate(() => void pending.call('StatusNotification', status).then((r) => triggeredAnswers.push(r), (e) => triggeredAnswers.push(e)));
      return Promise.resolve({ status: 'Accepted' });
    });
    expect(await h.csms.sendCommand('XZ-CPEND', { kind: 'triggerMessage', message: 'StatusNotification', evseId: 1 })).toMatchObject({
      accepted: true,
    });
    await expect.poll(() => triggeredAnswers.length).toBe(1);
    expect(triggeredAnswers[0]).toEqual({});
    // The allowance was for one message.
    await expect(pending.call('StatusNotification', status)).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    await pending.close();
  });

  it('journals each command and its answer, and counts them', async () => {
    const rows = await h.query<{ direction: string; message_type: number; action: string }>(
      `SELECT direction, message_type, action FROM ocpp_messages
        WHERE charger_id = 'XZ-C16' AND action = 'UnlockConnector' ORDER BY time`,
    );
    expect(rows).toEqual([
      { direction: 'out', message_type: 2, action: 'UnlockConnector' },
      { direction: 'in', message_type: 3, action: 'UnlockConnector' },
    ]);
    const out = h.csms.stats().messagesOut;
    expect(out.UnlockConnector).toEqual({ Unlocked: 1, NotSupported: 1 });
    expect(out.Reset).toMatchObject({ PW_CSMS_COMMAND_TIMEOUT: 1, PW_CSMS_COMMAND_BAD_RESPONSE: 1 });
  });
});
