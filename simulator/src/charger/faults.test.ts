import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from '../testing/index.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const car = { batteryKwh: 60, maxAcKw: 7, maxDcKw: 120, highVoltage: false };

describe('faults', () => {
  it.each([
    ['insulationFault', 'OtherError', 'E05', '绝缘故障'],
    ['gunOverTemperature', 'HighTemperature', 'E09', '充电枪过温'],
    ['groundFailure', 'GroundFailure', 'E12', '接地故障'],
    ['powerMeterFailure', 'PowerMeterFailure', 'E31', '电表通信故障'],
  ] as const)('reports a 1.6 %s as Faulted with error code %s and the vendor code %s (%s), then clears it', async (kind, errorCode, vendorErrorCode, info) => {
    h = await startHarness([{ id: 'F16', protocol: 'ocpp1.6', dcKw: 120, guns: 2 }]);
    await h.booted();
    const charger = h.sim.charger('F16');
    charger.fault(kind, { evseId: 2, durationMs: Infinity });
    await until(() => h!.cs.received('StatusNotification', 'F16').some((c) => c.params.status === 'Faulted'), 'Faulted');
    const faulted = h.cs.received('StatusNotification', 'F16').find((c) => c.params.status === 'Faulted')!;
    expect(faulted.params).toMatchObject({ connectorId: 2, errorCode, vendorErrorCode, info, vendorId: 'JinYuan' });
    expect(charger.connectors[0]!.status).toBe('Available');
    charger.clearFault(2);
    await until(() => h!.cs.received('StatusNotification', 'F16').at(-1)!.params.status === 'Available', 'Available again');
    expect(h.cs.received('StatusNotification', 'F16').at(-1)!.params).toMatchObject({ connectorId: 2, errorCode: 'NoError' });
    expect(h.sim.stats().faults).toBe(1);
  });

  it('takes the whole 1.6 pile down on an emergency stop (急停), ending the running session with reason EmergencyStop', async () => {
    h = await startHarness([{ id: 'ESTOP', protocol: 'ocpp1.6', dcKw: 120, guns: 2 }], { scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('ESTOP');
    charger.plugIn({ evseId: 1, plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
    await until(() => h!.cs.received('MeterValues', 'ESTOP').length >= 1, 'charging');
    charger.fault('emergencyStop', { durationMs: Infinity });
    await until(() => h!.cs.received('StopTransaction', 'ESTOP').length === 1, 'the session stops');
    await until(() => h!.cs.received('StatusNotification', 'ESTOP').filter((c) => c.params.status === 'Faulted').length === 3, 'pile and both guns Faulted');
    expect(h.cs.received('StopTransaction', 'ESTOP')[0]!.params.reason).toBe('EmergencyStop');
    const faulted = h.cs.received('StatusNotification', 'ESTOP').filter((c) => c.params.status === 'Faulted').map((c) => c.params);
    expect(faulted.map((p) => p.connectorId).sort()).toEqual([0, 1, 2]);
    expect(faulted.every((p) => p.vendorErrorCode === 'E01' && p.info === '急停按钮被按下')).toBe(true);
  });

  it('reports a 2.0.1 fault as a NotifyEvent problem with the vendor code, and its clearing as a second one', async () => {
    h = await startHarness([{ id: 'F201', protocol: 'ocpp2.0.1', dcKw: 120 }], { scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('F201');
    charger.plugIn({ plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
    await until(() => h!.cs.received('TransactionEvent', 'F201').length >= 2, 'charging');
    charger.fault('insulationFault', { durationMs: 60_000 });
    await until(() => h!.cs.received('NotifyEvent', 'F201').length === 2, 'raised and cleared', { timeoutMs: 8000 });
    const [raised, cleared] = h.cs.received('NotifyEvent', 'F201').map((c) => (c.params.eventData as Array<Record<string, unknown>>)[0]!);
    expect(raised).toMatchObject({
      trigger: 'Alerting',
      actualValue: 'true',
      cleared: false,
      techCode: 'E05',
      component: { name: 'InsulationMonitor', evse: { id: 1, connectorId: 1 } },
      variable: { name: 'Problem' },
    });
    expect(raised!.techInfo).toContain('绝缘故障');
    expect(cleared).toMatchObject({ cleared: true, actualValue: 'false', cause: raised!.eventId });
    const ended = h.cs.received('TransactionEvent', 'F201').find((c) => c.params.eventType === 'Ended')!;
    expect(ended.params).toMatchObject({ triggerReason: 'AbnormalCondition', transactionInfo: { stoppedReason: 'GroundFault' } });
    await until(() => h!.cs.received('StatusNotification', 'F201').at(-1)!.params.connectorStatus === 'Available', 'Available again');
    expect(h.cs.received('StatusNotification', 'F201').map((c) => c.params.connectorStatus)).toEqual(['Available', 'Occupied', 'Faulted', 'Available']);
  });

  it('heats the gun of a running DC session past 90 °C until it trips as 充电枪过温', async () => {
    h = await startHarness([{ id: 'HOT', protocol: 'ocpp1.6', dcKw: 120 }], { scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('HOT');
    charger.plugIn({ plan: { authorizeAfterS: 1, socStart: 0.1, socTarget: 0.95, vehicle: car } });
    await until(() => h!.cs.received('MeterValues', 'HOT').length >= 1, 'charging');
    charger.overheat(20);
    await until(() => h!.cs.received('StatusNotification', 'HOT').some((c) => c.params.status === 'Faulted'), 'tripped', { timeoutMs: 8000 });
    const gun = h.cs.received('MeterValues', 'HOT').map((c) =>
      Number((c.params.meterValue as Array<{ sampledValue: Array<{ measurand: string; location?: string; value: string }> }>)[0]!.sampledValue.find((s) => s.location === 'Outlet')!.value),
    );
    expect(gun.at(-1)!).toBeGreaterThan(gun[0]! + 20);
    expect(Math.max(...gun)).toBeGreaterThanOrEqual(80);
    expect(h.cs.received('StatusNotification', 'HOT').find((c) => c.params.status === 'Faulted')!.params).toMatchObject({ errorCode: 'HighTemperature', vendorErrorCode: 'E09' });
  });

  it('stamps messages with its own clock when that clock is off', async () => {
    h = await startHarness([{ id: 'SKEW', protocol: 'ocpp1.6' }]);
    await h.booted();
    const charger = h.sim.charger('SKEW');
    charger.setClockSkew(-2 * 3_600_000);
    const before = h.sim.clock.now();
    charger.fault('readerFailure', { durationMs: Infinity });
    await until(() => h!.cs.received('StatusNotification', 'SKEW').some((c) => c.params.status === 'Faulted' && c.params.connectorId === 1), 'a status');
    const stamped = Date.parse(h.cs.received('StatusNotification', 'SKEW').find((c) => c.params.status === 'Faulted')!.params.timestamp as string);
    expect(before - stamped).toBeGreaterThanOrEqual(2 * 3_600_000 - 5000);
    expect(before - stamped).toBeLessThanOrEqual(2 * 3_600_000 + 5000);
  });

  it('reports an energy register that went back to zero when its meter resets', async () => {
    h = await startHarness([{ id: 'METER', protocol: 'ocpp1.6' }]);
    await h.booted();
    const charger = h.sim.charger('METER');
    const register = () =>
      Number((h!.cs.received('MeterValues', 'METER').at(-1)!.params.meterValue as Array<{ sampledValue: Array<{ value: string }> }>)[0]!.sampledValue[0]!.value);
    charger.trigger('MeterValues');
    await until(() => h!.cs.received('MeterValues', 'METER').length === 1, 'a reading');
    expect(register()).toBeGreaterThan(1000);
    charger.resetMeter();
    charger.trigger('MeterValues');
    await until(() => h!.cs.received('MeterValues', 'METER').length === 2, 'a second reading');
    expect(register()).toBe(0);
  });
});

describe('chaos frames', () => {
  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)('sends malformed frames the central system must survive, and keeps working (%s)', async (protocol) => {
    h = await startHarness([{ id: 'CHAOS', protocol }], { run: { chaos: true } });
    await h.booted();
    const charger = h.sim.charger('CHAOS');
    const kinds = ['not-json', 'not-an-array', 'unknown-message-type', 'unknown-action', 'schema-violation', 'truncated', 'wrong-id-type', 'empty-array'] as const;
    for (const kind of kinds) expect(charger.sendChaosFrame(kind)).toBeTypeOf('string');
    await until(() => h!.cs.badMessages.length >= 6, 'the server saw the bad frames', { describe: () => h!.cs.badMessages });
    expect(h.sim.stats().chaosFrames).toBe(kinds.length);
    // Still connected and still understood.
    charger.trigger('Heartbeat');
    await until(() => h!.cs.received('Heartbeat', 'CHAOS').length === 1, 'a heartbeat after the chaos');
    expect(charger.link).toBe('open');
  });
});
