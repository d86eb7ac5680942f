import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from '../testing/index.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('boot', () => {
  it('boots, then reports every connector — and the whole pile as connector 0 — in OCPP 1.6', async () => {
    h = await startHarness([{ id: 'B16', protocol: 'ocpp1.6', dcKw: 160, guns: 2 }]);
    await h.booted();
    await until(() => h!.cs.received('StatusNotification', 'B16').length === 3, 'three status notifications');
    const [boot] = h.cs.received('BootNotification', 'B16');
    expect(boot!.params).toMatchObject({ chargePointVendor: 'JinYuan', chargePointModel: 'JY-DC160-2G', firmwareVersion: 'V2.4.2' });
    expect(h.cs.received('StatusNotification', 'B16').map((c) => [c.params.connectorId, c.params.status, c.params.errorCode])).toEqual([
      [0, 'Available', 'NoError'],
      [1, 'Available', 'NoError'],
      [2, 'Available', 'NoError'],
    ]);
    expect(h.cs.calls[0]!.action).toBe('BootNotification');
  });

  it('boots with reason PowerUp and reports each EVSE connector in OCPP 2.0.1', async () => {
    h = await startHarness([{ id: 'B201', protocol: 'ocpp2.0.1', dcKw: 120, guns: 2 }]);
    await h.booted();
    await until(() => h!.cs.received('StatusNotification', 'B201').length === 2, 'two status notifications');
    expect(h.cs.received('BootNotification', 'B201')[0]!.params).toMatchObject({
      reason: 'PowerUp',
      chargingStation: { vendorName: 'JinYuan', model: 'JY-DC120-2G' },
    });
    expect(h.cs.received('StatusNotification', 'B201').map((c) => [c.params.evseId, c.params.connectorId, c.params.connectorStatus])).toEqual([
      [1, 1, 'Available'],
      [2, 1, 'Available'],
    ]);
  });

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)('heartbeats at the interval the central system returns (%s)', async (protocol) => {
    h = await startHarness([{ id: 'HB', protocol }], { central: { boot: () => ({ status: 'Accepted', interval: 1 }) } });
    await h.booted();
    await until(() => h!.cs.received('Heartbeat', 'HB').length >= 2, 'two heartbeats', { timeoutMs: 6000 });
    expect(h.sim.charger('HB').settings.heartbeatIntervalS).toBe(1);
  });

  it.each([
    ['ocpp1.6', 'Pending'],
    ['ocpp2.0.1', 'Pending'],
    ['ocpp1.6', 'Rejected'],
    ['ocpp2.0.1', 'Rejected'],
  ] as const)('%s: answered %s, it sends nothing but boots again after the given interval', async (protocol, status) => {
    h = await startHarness([{ id: 'PB', protocol }], {
      central: { boot: (_id, attempt) => (attempt < 3 ? { status, interval: 1 } : { status: 'Accepted', interval: 300 }) },
    });
    const charger = h.sim.charger('PB');
    await until(() => charger.registration === status, `registration ${status}`);
    // A driver arrives while the pile is not accepted: nothing may be sent about it yet.
    charger.plugIn({ plan: { authorizeAfterS: 1 } });
    await until(() => h!.cs.received('BootNotification', 'PB').length === 3, 'the third boot', { timeoutMs: 8000 });
    await h.booted();
    const actions = h.cs.calls.filter((c) => c.identity === 'PB').map((c) => c.action);
    expect(actions.slice(0, 3)).toEqual(['BootNotification', 'BootNotification', 'BootNotification']);
    expect(h.sim.stats().messages.failed).toBe(0);
  });
});
