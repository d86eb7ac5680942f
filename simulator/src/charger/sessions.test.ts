import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from '../testing/index.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const measurands = (mv: unknown) =>
  ((mv as Array<{ sampledValue: Array<{ measurand: string; location?: string }> }>)[0]!.sampledValue).map((s) =>
    s.location ? `${s.measurand}@${s.location}` : s.measurand,
  );

describe('charging sessions', () => {
  it('runs a DC session in OCPP 1.6: Preparing, Authorize, StartTransaction, Charging, MeterValues, StopTransaction, Finishing, Available', async () => {
    h = await startHarness([{ id: 'S16', protocol: 'ocpp1.6', dcKw: 120 }], { scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('S16');
    const session = charger.plugIn({ idTag: 'CARD0001', plan: { authorizeAfterS: 5, socStart: 0.5, socTarget: 0.6, vehicle: { batteryKwh: 60, maxAcKw: 7, maxDcKw: 100, highVoltage: false } } });
    expect(session.phase).toBe('plugged');
    await until(() => h!.cs.received('StopTransaction', 'S16').length === 1, 'the session ends', { timeoutMs: 10_000 });
    await until(() => charger.connectors[0]!.status === 'Available', 'the car is unplugged', { timeoutMs: 10_000 });
    await until(() => h!.cs.received('StatusNotification', 'S16').at(-1)?.params.status === 'Available', 'Available is reported');

    const flow = h.cs.calls
      .filter((c) => c.identity === 'S16' && c.action !== 'MeterValues' && c.action !== 'BootNotification' && c.action !== 'Heartbeat')
      .map((c) => (c.action === 'StatusNotification' ? `${c.params.connectorId}:${c.params.status}` : c.action));
    expect(flow).toEqual(['0:Available', '1:Available', '1:Preparing', 'Authorize', 'StartTransaction', '1:Charging', 'StopTransaction', '1:Finishing', '1:Available']);

    const start = h.cs.received('StartTransaction', 'S16')[0]!.params;
    const stop = h.cs.received('StopTransaction', 'S16')[0]!.params;
    const samples = h.cs.received('MeterValues', 'S16');
    expect(start).toMatchObject({ connectorId: 1, idTag: 'CARD0001' });
    // 10% of a 60 kWh battery at up to 100 kW: 6 kWh, sampled every 10 simulated seconds.
    expect((stop.meterStop as number) - (start.meterStart as number)).toBeGreaterThanOrEqual(5990);
    expect((stop.meterStop as number) - (start.meterStart as number)).toBeLessThanOrEqual(6010);
    expect(stop).toMatchObject({ reason: 'Local', transactionId: 1000, idTag: 'CARD0001' });
    expect(samples.length).toBeGreaterThan(10);
    expect(samples.every((s) => s.params.transactionId === 1000 && s.params.connectorId === 1)).toBe(true);
    expect(measurands(samples[0]!.params.meterValue)).toEqual([
      'Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage', 'SoC@EV', 'Temperature@Body', 'Temperature@Outlet',
    ]);
    // Energy register rises, timestamps advance by the meter interval.
    const reading = (s: (typeof samples)[number]) => (s.params.meterValue as Array<{ timestamp: string; sampledValue: Array<{ value: string }> }>)[0]!;
    const energies = samples.map((s) => Number(reading(s).sampledValue[0]!.value));
    expect([...energies].sort((a, b) => a - b)).toEqual(energies);
    const times = samples.map((s) => Date.parse(reading(s).timestamp));
    expect(times[1]! - times[0]!).toBe(10_000);
    expect(Date.parse(start.timestamp as string)).toBe(session.startedAt);
  });

  it('runs an AC session in OCPP 2.0.1 as TransactionEvents Started, Updated and Ended with seqNo in order', async () => {
    h = await startHarness([{ id: 'S201', protocol: 'ocpp2.0.1' }], { scenario: { speed: 3000, meterIntervalS: 60 } });
    await h.booted();
    const charger = h.sim.charger('S201');
    charger.plugIn({ idTag: 'CARD0002', plan: { authorizeAfterS: 5, socStart: 0.98, socTarget: 1, stayMs: 90 * 60_000, vehicle: { batteryKwh: 40, maxAcKw: 7, maxDcKw: 60, highVoltage: false } } });
    await until(() => h!.cs.received('TransactionEvent', 'S201').some((c) => c.params.eventType === 'Ended'), 'the session ends', { timeoutMs: 10_000 });
    const events = h.cs.received('TransactionEvent', 'S201').map((c) => c.params);
    expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    expect(new Set(events.map((e) => (e.transactionInfo as { transactionId: string }).transactionId)).size).toBe(1);
    expect(events[0]).toMatchObject({ eventType: 'Started', triggerReason: 'Authorized', idToken: { idToken: 'CARD0002', type: 'ISO14443' }, evse: { id: 1, connectorId: 1 }, transactionInfo: { chargingState: 'Charging' } });
    expect(events.some((e) => e.triggerReason === 'ChargingStateChanged' && (e.transactionInfo as { chargingState: string }).chargingState === 'SuspendedEV')).toBe(true);
    expect(events.at(-1)).toMatchObject({ eventType: 'Ended', triggerReason: 'EVCommunicationLost', transactionInfo: { stoppedReason: 'EVDisconnected' } });
    const periodic = events.find((e) => e.triggerReason === 'MeterValuePeriodic')!;
    // 2.0.1 has no Temperature measurand, and an AC pile reports no SoC.
    expect(measurands(periodic.meterValue)).toEqual(['Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage']);
    await until(() => h!.cs.received('StatusNotification', 'S201').length === 3, 'Available after the car leaves');
    const statuses = h.cs.received('StatusNotification', 'S201').map((c) => c.params.connectorStatus);
    expect(statuses).toEqual(['Available', 'Occupied', 'Available']);
    expect(h.cs.received('Authorize', 'S201')[0]!.params).toEqual({ idToken: { idToken: 'CARD0002', type: 'ISO14443' } });
  });

  it('shares a DC cabinet between its two guns', async () => {
    h = await startHarness([{ id: 'TWIN', protocol: 'ocpp1.6', dcKw: 120, guns: 2 }], { scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('TWIN');
    const car = { batteryKwh: 80, maxAcKw: 7, maxDcKw: 150, highVoltage: false };
    charger.plugIn({ evseId: 1, plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
    charger.plugIn({ evseId: 2, plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
    await until(() => charger.connectors.every((c) => c.session?.phase === 'charging' && c.session.advancedTo > c.session.startedAt!), 'both guns charge');
    expect(charger.connectors.map((c) => c.session!.powerW)).toEqual([60_000, 60_000]);
  });

  it('stops a session whose idTag the central system refuses at authorization, without a transaction', async () => {
    h = await startHarness([{ id: 'BAD', protocol: 'ocpp1.6' }], { central: { invalidIdTags: new Set(['STOLEN']) }, scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('BAD');
    charger.plugIn({ idTag: 'STOLEN', plan: { authorizeAfterS: 1 } });
    await until(() => h!.cs.received('StatusNotification', 'BAD').length === 4, 'back to Available');
    expect(h.cs.received('StatusNotification', 'BAD').map((c) => c.params.status)).toEqual(['Available', 'Available', 'Preparing', 'Available']);
    expect(h.cs.received('StartTransaction')).toHaveLength(0);
  });
});
