import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from '../testing/index.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const car = { batteryKwh: 60, maxAcKw: 7, maxDcKw: 100, highVoltage: false };
const ts = (params: Record<string, unknown>) =>
  (params.timestamp as string | undefined) ?? (params.meterValue as Array<{ timestamp: string }>)[0]!.timestamp;

describe('losing the connection', () => {
  it('queues 1.6 transaction messages while offline and sends them after reconnecting, in order, with their original timestamps', async () => {
    h = await startHarness([{ id: 'OFF16', protocol: 'ocpp1.6', dcKw: 60 }], { scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('OFF16');
    charger.plugIn({ plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
    await until(() => h!.cs.received('MeterValues', 'OFF16').length >= 2, 'charging online');
    charger.goOffline();
    await until(() => !h!.cs.isConnected('OFF16'), 'the central system sees the pile go');
    const seenBefore = h.cs.calls.length;
    await until(() => charger.ledger.entries().filter((e) => e.createdOffline).length >= 4, 'meter values queued offline');
    // The driver ends the session at the pile while it is still offline.
    charger.endSession(charger.connectors[0]!, h.sim.clock.now(), { kind: 'Local' });
    const queued = charger.ledger.entries().filter((e) => e.createdOffline);
    expect(queued.length).toBeGreaterThan(3);
    expect(queued.every((e) => e.transactional && e.outcome === 'queued')).toBe(true);
    expect(queued.at(-1)!.action).toBe('StopTransaction');
    expect(h.cs.calls.length).toBe(seenBefore);

    charger.networkRestored();
    await until(() => queued.every((e) => e.outcome === 'acked'), 'the queue is delivered');
    const delivered = h.cs.calls.filter((c) => c.seq > 0 && c.identity === 'OFF16').slice(-100);
    const afterReconnect = delivered.filter((c) => queued.some((q) => q.messageIds.includes(c.messageId)));
    expect(afterReconnect.map((c) => c.action)).toEqual(queued.map((q) => q.action));
    expect(afterReconnect.map((c) => ts(c.params))).toEqual(queued.map((q) => q.timestamp));
    // Original timestamps: every one of them is from before the reconnection.
    const reconnectedAt = charger.ledger.entries().find((e) => e.action === 'StatusNotification' && e.createdAt >= queued[0]!.createdAt)!;
    for (const q of queued) expect(Date.parse(q.timestamp!)).toBeLessThan(Date.parse(reconnectedAt.timestamp!));
    expect(afterReconnect.every((c) => c.params.transactionId === 1000)).toBe(true);
    // No reboot: the pile did not boot again, and reported its connectors afresh.
    expect(h.cs.received('BootNotification', 'OFF16')).toHaveLength(1);
  });

  it('starts a 1.6 session offline and gives its queued meter values the id assigned when the start is delivered', async () => {
    h = await startHarness([{ id: 'LATE', protocol: 'ocpp1.6', dcKw: 60 }], { scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('LATE');
    charger.goOffline();
    charger.plugIn({ plan: { authorizeAfterS: 1, socStart: 0.3, socTarget: 0.9, vehicle: car } });
    await until(() => charger.queuedTransactionMessages >= 4, 'a start and meter values queued');
    const startEntry = charger.ledger.entries().find((e) => e.action === 'StartTransaction')!;
    expect(startEntry.createdOffline).toBe(true);
    charger.networkRestored();
    await until(() => h!.cs.received('MeterValues', 'LATE').length >= 3, 'queued meter values arrive');
    const [start] = h.cs.received('StartTransaction', 'LATE');
    expect(start!.params.timestamp).toBe(startEntry.timestamp);
    expect(h.cs.received('MeterValues', 'LATE').every((c) => c.params.transactionId === 1000)).toBe(true);
    expect(start!.seq).toBeLessThan(h.cs.received('MeterValues', 'LATE')[0]!.seq);
  });

  it('marks 2.0.1 events created offline and keeps their sequence numbers continuous', async () => {
    h = await startHarness([{ id: 'OFF201', protocol: 'ocpp2.0.1', dcKw: 60 }], { scenario: { speed: 600 } });
    await h.booted();
    const charger = h.sim.charger('OFF201');
    charger.plugIn({ plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
    await until(() => h!.cs.received('TransactionEvent', 'OFF201').length >= 2, 'online events');
    charger.goOffline();
    await until(() => charger.ledger.entries().filter((e) => e.createdOffline).length >= 3, 'events queued offline');
    charger.endSession(charger.connectors[0]!, h.sim.clock.now(), { kind: 'Local' });
    charger.networkRestored();
    await until(() => h!.cs.received('TransactionEvent', 'OFF201').some((c) => c.params.eventType === 'Ended'), 'Ended arrives');
    const received = h.cs.received('TransactionEvent', 'OFF201').map((c) => c.params);
    // An event in flight when the link went is sent again after reconnecting: the central system may see
    // it twice (and must store it once); the sequence itself has no gaps.
    const events = received.filter((e, i) => received.findIndex((x) => x.seqNo === e.seqNo) === i);
    expect(received.length - events.length).toBeLessThanOrEqual(1);
    expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    expect(events[0]!.offline).toBeUndefined();
    expect(events.at(-1)!.offline).toBe(true);
    const times = events.map((e) => Date.parse(e.timestamp as string));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('on power loss drops the socket without a close frame, boots again, and stops the session with reason PowerLoss stamped at the cut', async () => {
    h = await startHarness([{ id: 'PWR', protocol: 'ocpp1.6', dcKw: 60 }], { scenario: { speed: 60 } });
    await h.booted();
    const charger = h.sim.charger('PWR');
    charger.plugIn({ plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
    await until(() => h!.cs.received('MeterValues', 'PWR').length >= 1, 'charging');
    const cutAt = h.sim.clock.now();
    charger.powerLoss(60_000, cutAt);
    await until(() => h!.cs.connections.some((c) => c.identity === 'PWR' && c.kind === 'closed'), 'the server sees the connection end');
    expect(h.cs.connections.find((c) => c.kind === 'closed')!.code).toBe(1006);
    await until(() => h!.cs.received('StopTransaction', 'PWR').length === 1, 'the stop after reboot', { timeoutMs: 8000 });
    const boots = h.cs.received('BootNotification', 'PWR');
    const stop = h.cs.received('StopTransaction', 'PWR')[0]!;
    expect(boots).toHaveLength(2);
    expect(stop.seq).toBeGreaterThan(boots[1]!.seq);
    expect(stop.params).toMatchObject({ reason: 'PowerLoss', timestamp: new Date(cutAt).toISOString(), transactionId: 1000 });
  });

  it('reconnects with backoff when the central system drops it, and reports its connectors again', async () => {
    h = await startHarness([{ id: 'DROP', protocol: 'ocpp2.0.1' }]);
    await h.booted();
    await until(() => h!.cs.received('StatusNotification', 'DROP').length === 1, 'first status');
    h.cs.dropConnection('DROP');
    await until(() => h!.cs.connections.filter((c) => c.identity === 'DROP' && c.kind === 'connected').length === 2, 'a second connection');
    await until(() => h!.cs.received('StatusNotification', 'DROP').length === 2, 'status reported again');
    expect(h.cs.received('BootNotification', 'DROP')).toHaveLength(1);
    expect(h.sim.stats()).toMatchObject({ connects: 2, disconnects: 1 });
  });

  it('retries a transaction message the central system refuses, up to the configured attempts, then gives up on it', async () => {
    h = await startHarness([{ id: 'RETRY', protocol: 'ocpp1.6', dcKw: 60 }], {
      scenario: { speed: 600 },
      central: { failCall: (c) => (c.action === 'MeterValues' ? 'InternalError' : undefined) },
    });
    await h.booted();
    const charger = h.sim.charger('RETRY');
    charger.settings.transactionMessageRetryIntervalS = 1;
    charger.plugIn({ plan: { authorizeAfterS: 1, socStart: 0.2, socTarget: 0.9, vehicle: car } });
    await until(() => charger.ledger.entries().some((e) => e.action === 'MeterValues' && e.outcome === 'failed'), 'a meter value given up', { timeoutMs: 8000 });
    const first = charger.ledger.entries().find((e) => e.action === 'MeterValues')!;
    expect(first.attempts).toBe(3);
    expect(first.messageIds).toHaveLength(3);
    expect(first.error).toMatch(/InternalError/);
    const sent = h.cs.received('MeterValues', 'RETRY').filter((c) => first.messageIds.includes(c.messageId));
    expect(new Set(sent.map((c) => JSON.stringify(c.params))).size).toBe(1);
  });
});
