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

  it('heartbeats at the interval the central system returns, in both versions', async () => {
    h = await startHarness(
      [
        { id: 'HB16', protocol: 'ocpp1.6' },
        { id: 'HB201', protocol: 'ocpp2.0.1' },
      ],
      { central: { boot: () => ({ status: 'Accepted', interval: 1 }) } },
    );
    await h.booted();
    await until(() => ['HB16', 'HB201'].every((id) => h!.cs.received('Heartbeat', id).length >= 2), 'two heartbeats each', { timeoutMs: 6000 });
    expect(h.sim.charger('HB16').settings.heartbeatIntervalS).toBe(1);
  });

  it('answered Pending or Rejected, sends nothing but BootNotification, again after the given interval, until accepted', async () => {
    const piles = [
      { id: 'PENDING-16', protocol: 'ocpp1.6' as const, status: 'Pending' as const },
      { id: 'PENDING-201', protocol: 'ocpp2.0.1' as const, status: 'Pending' as const },
      { id: 'REJECTED-16', protocol: 'ocpp1.6' as const, status: 'Rejected' as const },
      { id: 'REJECTED-201', protocol: 'ocpp2.0.1' as const, status: 'Rejected' as const },
    ];
    h = await startHarness(piles, {
      central: {
        boot: (id, attempt) =>
          attempt < 3 ? { status: piles.find((p) => p.id === id)!.status, interval: 1 } : { status: 'Accepted', interval: 300 },
      },
    });
    for (const p of piles) {
      const charger = h.sim.charger(p.id);
      await until(() => charger.registration === p.status, `${p.id} registration ${p.status}`);
      // A driver arrives while the pile is not accepted: nothing may be sent about it yet.
      charger.plugIn({ plan: { authorizeAfterS: 1 } });
    }
    await h.booted();
    const start = (p: (typeof piles)[number]) => (p.protocol === 'ocpp1.6' ? 'StartTransaction' : 'TransactionEvent');
    // Once accepted, what happened meanwhile is told: the session that started on the card alone.
    await until(() => piles.every((p) => h!.cs.received(start(p), p.id).length > 0), 'the queued starts delivered');
    for (const p of piles) {
      const actions = h.cs.calls.filter((c) => c.identity === p.id).map((c) => c.action);
      expect(actions.slice(0, 3), p.id).toEqual(['BootNotification', 'BootNotification', 'BootNotification']);
      expect(actions.slice(3), p.id).not.toContain('BootNotification');
    }
    expect(h.sim.stats().messages.failed).toBe(0);
  });
});
