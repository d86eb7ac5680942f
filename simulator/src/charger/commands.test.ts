import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from '../testing/index.js';
import type { VirtualCharger } from './charger.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const car = { batteryKwh: 60, maxAcKw: 7, maxDcKw: 120, highVoltage: false };

async function pile(protocol: 'ocpp1.6' | 'ocpp2.0.1', heartbeat = 300): Promise<VirtualCharger> {
  h = await startHarness([{ id: 'CMD', protocol, dcKw: 120, guns: 2 }], {
    scenario: { speed: 600 },
    central: { boot: () => ({ status: 'Accepted', interval: heartbeat }) },
  });
  await h.booted();
  await until(() => h!.cs.received('StatusNotification', 'CMD').length >= 2, 'initial statuses');
  return h.sim.charger('CMD');
}

async function charging(c: VirtualCharger, evseId = 1): Promise<string> {
  c.plugIn({ evseId, plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
  await until(() => c.connector(evseId)!.session?.txRef, 'a transaction id');
  return c.connector(evseId)!.session!.txRef!;
}

const cmd = (action: string, params: Record<string, unknown>) => h!.cs.command('CMD', action, params);
const got = (action: string) => h!.cs.received(action, 'CMD');
const lastStatus = (connectorId: number) =>
  got('StatusNotification').filter((c) => (c.params.connectorId ?? 0) === connectorId || c.params.evseId === connectorId).at(-1)?.params;

describe('OCPP 1.6 commands', () => {
  it('RemoteStartTransaction starts a session for the given idTag; on a busy connector it is Rejected', async () => {
    const c = await pile('ocpp1.6');
    expect(await cmd('RemoteStartTransaction', { connectorId: 2, idTag: 'APP0001' })).toEqual({ status: 'Accepted' });
    await until(() => got('StartTransaction').length === 1, 'the start');
    expect(got('StartTransaction')[0]!.params).toMatchObject({ connectorId: 2, idTag: 'APP0001' });
    await until(() => lastStatus(2)?.status === 'Charging', 'Charging');
    expect(await cmd('RemoteStartTransaction', { connectorId: 2, idTag: 'APP0002' })).toEqual({ status: 'Rejected' });
    expect(c.connector(2)!.session!.idTag).toBe('APP0001');
  });

  it('RemoteStopTransaction stops the named transaction with reason Remote; an unknown one is Rejected', async () => {
    const c = await pile('ocpp1.6');
    const tx = await charging(c);
    expect(await cmd('RemoteStopTransaction', { transactionId: 424242 })).toEqual({ status: 'Rejected' });
    expect(await cmd('RemoteStopTransaction', { transactionId: Number(tx) })).toEqual({ status: 'Accepted' });
    await until(() => got('StopTransaction').length === 1, 'the stop');
    expect(got('StopTransaction')[0]!.params).toMatchObject({ transactionId: Number(tx), reason: 'Remote' });
  });

  it.each([
    ['Soft', 'SoftReset', 1012],
    ['Hard', 'HardReset', 1006],
  ])('Reset %s ends the session with %s, drops the connection (code %i) and boots again', async (type, reason, code) => {
    const c = await pile('ocpp1.6');
    await charging(c);
    expect(await cmd('Reset', { type })).toEqual({ status: 'Accepted' });
    await until(() => got('BootNotification').length === 2, 'a second boot', { timeoutMs: 8000 });
    // A stop in flight when the connection drops is sent again after the boot: the central system may
    // receive it twice, the same message both times.
    await until(() => got('StopTransaction').length >= 1, 'the stop');
    expect(new Set(got('StopTransaction').map((x) => JSON.stringify(x.params))).size).toBe(1);
    expect(got('StopTransaction')[0]!.params.reason).toBe(reason);
    expect(h!.cs.connections.find((e) => e.kind === 'closed')!.code).toBe(code);
  });

  it('ChangeAvailability makes a connector, or the whole pile, Unavailable and back; with a session running it is Scheduled', async () => {
    const c = await pile('ocpp1.6');
    expect(await cmd('ChangeAvailability', { connectorId: 2, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    await until(() => lastStatus(2)?.status === 'Unavailable', 'connector 2 Unavailable');
    expect(await cmd('ChangeAvailability', { connectorId: 2, type: 'Operative' })).toEqual({ status: 'Accepted' });
    await until(() => lastStatus(2)?.status === 'Available', 'connector 2 Available');
    await charging(c, 1);
    expect(await cmd('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).toEqual({ status: 'Scheduled' });
    await until(() => lastStatus(2)?.status === 'Unavailable', 'the idle connector goes at once');
    expect(c.connector(1)!.session).toBeDefined();
    expect(await cmd('ChangeAvailability', { connectorId: 7, type: 'Inoperative' })).toEqual({ status: 'Rejected' });
  });

  it('GetConfiguration lists its keys, or the ones asked for, naming unknown keys', async () => {
    await pile('ocpp1.6');
    const all = (await cmd('GetConfiguration', {})) as { configurationKey: Array<{ key: string; readonly: boolean; value: string }> };
    expect(all.configurationKey.map((k) => k.key)).toEqual(expect.arrayContaining(['HeartbeatInterval', 'MeterValueSampleInterval', 'NumberOfConnectors']));
    expect(await cmd('GetConfiguration', { key: ['NumberOfConnectors', 'Nonsense'] })).toEqual({
      configurationKey: [{ key: 'NumberOfConnectors', readonly: true, value: '2' }],
      unknownKey: ['Nonsense'],
    });
  });

  it('ChangeConfiguration applies writable keys, refuses read-only keys and bad values, and does not know unknown keys', async () => {
    const c = await pile('ocpp1.6');
    expect(await cmd('ChangeConfiguration', { key: 'NumberOfConnectors', value: '3' })).toEqual({ status: 'Rejected' });
    expect(await cmd('ChangeConfiguration', { key: 'HeartbeatInterval', value: 'often' })).toEqual({ status: 'Rejected' });
    expect(await cmd('ChangeConfiguration', { key: 'FluxCapacitor', value: '1' })).toEqual({ status: 'NotSupported' });
    expect(await cmd('ChangeConfiguration', { key: 'MeterValuesSampledData', value: 'Energy.Active.Import.Register,SoC' })).toEqual({ status: 'Accepted' });
    expect(await cmd('ChangeConfiguration', { key: 'HeartbeatInterval', value: '1' })).toEqual({ status: 'Accepted' });
    await until(() => got('Heartbeat').length >= 1, 'a heartbeat at the new interval', { timeoutMs: 5000 });
    expect(c.settings.measurands).toEqual(['Energy.Active.Import.Register', 'SoC']);
    await charging(c);
    await until(() => got('MeterValues').length >= 1, 'a meter value');
    const sampled = (got('MeterValues')[0]!.params.meterValue as Array<{ sampledValue: Array<{ measurand: string }> }>)[0]!.sampledValue;
    expect(sampled.map((s) => s.measurand)).toEqual(['Energy.Active.Import.Register', 'SoC']);
  });

  it.each([
    ['StatusNotification', { connectorId: 1 }, 'StatusNotification'],
    ['Heartbeat', {}, 'Heartbeat'],
    ['MeterValues', { connectorId: 2 }, 'MeterValues'],
    ['BootNotification', {}, 'BootNotification'],
    ['DiagnosticsStatusNotification', {}, 'DiagnosticsStatusNotification'],
    ['FirmwareStatusNotification', {}, 'FirmwareStatusNotification'],
  ])('TriggerMessage %s is Accepted and the message follows', async (requestedMessage, extra, action) => {
    await pile('ocpp1.6');
    const before = got(action).length;
    expect(await cmd('TriggerMessage', { requestedMessage, ...extra })).toEqual({ status: 'Accepted' });
    await until(() => got(action).length === before + 1, `a triggered ${action}`);
  });

  it('TriggerMessage for a connector it does not have is Rejected', async () => {
    await pile('ocpp1.6');
    expect(await cmd('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 9 })).toEqual({ status: 'Rejected' });
  });

  it('UnlockConnector ends a running session with reason UnlockCommand and unlocks; an unknown connector is NotSupported', async () => {
    const c = await pile('ocpp1.6');
    await charging(c);
    expect(await cmd('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    await until(() => got('StopTransaction').length === 1, 'the stop');
    expect(got('StopTransaction')[0]!.params.reason).toBe('UnlockCommand');
    expect(await cmd('UnlockConnector', { connectorId: 2 })).toEqual({ status: 'Unlocked' });
    expect(await cmd('UnlockConnector', { connectorId: 9 })).toEqual({ status: 'NotSupported' });
  });

  it('answers a command it does not implement with NotImplemented', async () => {
    await pile('ocpp1.6');
    await expect(cmd('ReserveNow', { connectorId: 1, expiryDate: new Date().toISOString(), idTag: 'X', reservationId: 1 })).rejects.toMatchObject({ rpcErrorCode: 'NotImplemented' });
  });
});

describe('OCPP 2.0.1 commands', () => {
  it('RequestStartTransaction starts a session that names the remoteStartId', async () => {
    await pile('ocpp2.0.1');
    expect(await cmd('RequestStartTransaction', { idToken: { idToken: 'APP0003', type: 'Central' }, remoteStartId: 77, evseId: 2 })).toEqual({ status: 'Accepted' });
    await until(() => got('TransactionEvent').length >= 1, 'Started');
    expect(got('TransactionEvent')[0]!.params).toMatchObject({
      eventType: 'Started',
      triggerReason: 'RemoteStart',
      idToken: { idToken: 'APP0003', type: 'Central' },
      evse: { id: 2, connectorId: 1 },
      transactionInfo: { remoteStartId: 77, chargingState: 'Charging' },
    });
  });

  it('RequestStopTransaction ends the named transaction (RemoteStop / Remote); an unknown one is Rejected', async () => {
    const c = await pile('ocpp2.0.1');
    const tx = await charging(c);
    expect(await cmd('RequestStopTransaction', { transactionId: 'no-such-transaction' })).toEqual({ status: 'Rejected' });
    expect(await cmd('RequestStopTransaction', { transactionId: tx })).toEqual({ status: 'Accepted' });
    await until(() => got('TransactionEvent').some((e) => e.params.eventType === 'Ended'), 'Ended');
    expect(got('TransactionEvent').find((e) => e.params.eventType === 'Ended')!.params).toMatchObject({
      triggerReason: 'RemoteStop',
      transactionInfo: { transactionId: tx, stoppedReason: 'Remote' },
    });
  });

  it('Reset Immediate reboots with reason RemoteReset; Reset OnIdle waits for the running session', async () => {
    const c = await pile('ocpp2.0.1');
    await charging(c);
    expect(await cmd('Reset', { type: 'OnIdle' })).toEqual({ status: 'Scheduled' });
    expect(got('BootNotification')).toHaveLength(1);
    c.endSession(c.connector(1)!, h!.sim.clock.now(), { kind: 'Local' });
    await until(() => got('BootNotification').length === 2, 'the reboot after the session', { timeoutMs: 8000 });
    expect(got('BootNotification')[1]!.params.reason).toBe('RemoteReset');
    await h!.booted();
    expect(await cmd('Reset', { type: 'Immediate' })).toEqual({ status: 'Accepted' });
    await until(() => got('BootNotification').length === 3, 'an immediate reboot', { timeoutMs: 8000 });
  });

  it('ChangeAvailability takes an EVSE out of service and back', async () => {
    await pile('ocpp2.0.1');
    expect(await cmd('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } })).toEqual({ status: 'Accepted' });
    await until(() => lastStatus(1)?.connectorStatus === 'Unavailable', 'EVSE 1 Unavailable');
    expect(await cmd('ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } })).toEqual({ status: 'Accepted' });
    await until(() => lastStatus(1)?.connectorStatus === 'Available', 'EVSE 1 Available');
    expect(await cmd('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 4 } })).toEqual({ status: 'Rejected' });
  });

  it('GetVariables reads its device model and names unknown components and variables', async () => {
    await pile('ocpp2.0.1');
    const res = (await cmd('GetVariables', {
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } },
        { component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'ConnectorType' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'Nonsense' } },
        { component: { name: 'Toaster' }, variable: { name: 'Crispness' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeType: 'MaxSet' },
      ],
    })) as { getVariableResult: Array<{ attributeStatus: string; attributeValue?: string }> };
    expect(res.getVariableResult.map((r) => [r.attributeStatus, r.attributeValue])).toEqual([
      ['Accepted', '300'],
      ['Accepted', 'Available'],
      ['Accepted', 'GBT_DC'],
      ['UnknownVariable', undefined],
      ['UnknownComponent', undefined],
      ['NotSupportedAttributeType', undefined],
    ]);
  });

  it('SetVariables changes writable variables and refuses read-only ones and bad values', async () => {
    const c = await pile('ocpp2.0.1');
    const res = (await cmd('SetVariables', {
      setVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '1' },
        { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' }, attributeValue: '30' },
        { component: { name: 'SecurityCtrlr' }, variable: { name: 'Identity' }, attributeValue: 'someone-else' },
        { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedMeasurands' }, attributeValue: 'Temperature' },
        { component: { name: 'Toaster' }, variable: { name: 'Crispness' }, attributeValue: '11' },
      ],
    })) as { setVariableResult: Array<{ attributeStatus: string }> };
    expect(res.setVariableResult.map((r) => r.attributeStatus)).toEqual(['Accepted', 'Accepted', 'Rejected', 'Rejected', 'UnknownComponent']);
    expect(c.settings).toMatchObject({ heartbeatIntervalS: 1, meterIntervalS: 30 });
    await until(() => got('Heartbeat').length >= 1, 'a heartbeat at the new interval', { timeoutMs: 5000 });
  });

  it('TriggerMessage sends what is asked, refuses a second BootNotification once accepted, and does not implement certificates', async () => {
    const c = await pile('ocpp2.0.1');
    await charging(c);
    expect(await cmd('TriggerMessage', { requestedMessage: 'BootNotification' })).toEqual({ status: 'Rejected' });
    expect(await cmd('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })).toEqual({ status: 'NotImplemented' });
    for (const [requestedMessage, action] of [
      ['TransactionEvent', 'TransactionEvent'],
      ['MeterValues', 'MeterValues'],
      ['LogStatusNotification', 'LogStatusNotification'],
      ['StatusNotification', 'StatusNotification'],
      ['Heartbeat', 'Heartbeat'],
    ] as const) {
      const before = got(action).length;
      expect(await cmd('TriggerMessage', { requestedMessage, evse: { id: 1 } })).toEqual({ status: 'Accepted' });
      await until(() => got(action).length > before, `a triggered ${action}`);
    }
    expect(got('TransactionEvent').some((e) => e.params.triggerReason === 'Trigger')).toBe(true);
  });

  it('UnlockConnector refuses while a transaction runs, unlocks an idle connector, and names an unknown one', async () => {
    const c = await pile('ocpp2.0.1');
    await charging(c);
    expect(await cmd('UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'OngoingAuthorizedTransaction' });
    expect(await cmd('UnlockConnector', { evseId: 2, connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(await cmd('UnlockConnector', { evseId: 5, connectorId: 1 })).toEqual({ status: 'UnknownConnector' });
    expect(h!.sim.stats().commands.UnlockConnector).toBe(3);
  });
});
