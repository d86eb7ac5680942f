/**
 * Online and offline as the central system records them: a reconnect replacing the open socket, the
 * heartbeat deadline, a charger that stops answering pings, and a shutdown that closes every socket and
 * records it. Intervals are close to the smallest the configuration allows, so these tests wait seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectivityEventMessage } from '@pilewatch/csms';
import { boot16, connectCharger, nextConnectivity, RawCharger, startCsms, type Harness } from './harness.js';

const password = 'connectivity-password';

describe('connectivity', () => {
  let h: Harness;
  const heard: ConnectivityEventMessage[] = [];

  beforeAll(async () => {
    h = await startCsms({ env: { PILEWATCH_WS_PING_INTERVAL_S: '1' } });
    for (const id of ['XZ-R1', 'XZ-P1', 'XZ-S1', 'XZ-S2']) await h.register({ id, password });
    h.csms.events.on('connectivity', (e) => heard.push(e));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('replaces the open connection when the same identity connects again, and stays online', async () => {
    const first = await connectCharger(h.url, 'XZ-R1', { password, protocol: 'ocpp1.6' });
    const firstClosed = new Promise<number>((resolve) => first.once('close', ({ code }: { code: number }) => resolve(code)));
    const replaced = nextConnectivity(h.csms, (e) => e.chargerId === 'XZ-R1' && e.event === 'replaced');
    const reconnected = nextConnectivity(h.csms, (e) => e.chargerId === 'XZ-R1' && e.event === 'connected' && e.protocol === 'ocpp2.0.1');
    const second = await connectCharger(h.url, 'XZ-R1', { password, protocol: 'ocpp2.0.1' });
    expect(await firstClosed).toBe(1000);
    await replaced;
    await reconnected;

    expect(h.csms.connected().filter((id) => id === 'XZ-R1')).toHaveLength(1);
    expect(await second.call('Heartbeat', {})).toMatchObject({ currentTime: expect.any(String) });
    // The old socket's close came after the new connect; it must not have taken the charger offline.
    expect(await recorded(h, 'XZ-R1')).toEqual(['connected', 'replaced', 'connected']);
    expect(await online(h, 'XZ-R1')).toBe(true);
    expect(h.csms.stats().connected).toMatchObject({ 'ocpp1.6': 0 });

    const gone = nextConnectivity(h.csms, (e) => e.chargerId === 'XZ-R1' && e.event === 'disconnected');
    await second.close();
    await gone;
    expect(await online(h, 'XZ-R1')).toBe(false);
  });

  it('records a ping timeout when the charger stops answering WebSocket pings', async () => {
    const timedOut = nextConnectivity(h.csms, (e) => e.chargerId === 'XZ-P1' && e.event === 'ping_timeout');
    const mute = await RawCharger.open(h.url, 'XZ-P1', { password, protocols: ['ocpp1.6'], autoPong: false });
    const closed = mute.closed();
    await timedOut;
    expect(await closed).toBe(1006);
    expect(h.csms.connected()).not.toContain('XZ-P1');
    expect(await recorded(h, 'XZ-P1')).toEqual(['connected', 'ping_timeout']);
    expect(await online(h, 'XZ-P1')).toBe(false);
  });

  it('on close, stops accepting, closes every socket with 1001 and records each disconnect', async () => {
    const a = await connectCharger(h.url, 'XZ-S1', { password, protocol: 'ocpp1.6' });
    const b = await connectCharger(h.url, 'XZ-S2', { password, protocol: 'ocpp2.0.1' });
    const codes = Promise.all(
      [a, b].map((c) => new Promise<number>((resolve) => c.once('close', ({ code }: { code: number }) => resolve(code)))),
    );
    await h.csms.close();
    expect(await codes).toEqual([1001, 1001]);
    expect(h.csms.connected()).toEqual([]);
    expect(await recorded(h, 'XZ-S1')).toEqual(['connected', 'disconnected']);
    expect(await recorded(h, 'XZ-S2')).toEqual(['connected', 'disconnected']);
    await expect(connectCharger(h.url, 'XZ-S1', { password })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(heard.filter((e) => e.event === 'disconnected').map((e) => e.chargerId)).toEqual(expect.arrayContaining(['XZ-S1', 'XZ-S2']));
  });
});

describe('the heartbeat deadline', () => {
  let h: Harness;

  beforeAll(async () => {
    // A 2 s deadline: short, yet long enough that a loaded machine answering a query is not "silence".
    h = await startCsms({ env: { PILEWATCH_HEARTBEAT_INTERVAL_S: '1', PILEWATCH_HEARTBEAT_GRACE_FACTOR: '2' } });
    await h.register({ id: 'XZ-H1', password });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('records a missed deadline once, and the charger back when it speaks again', async () => {
    const missed = nextConnectivity(h.csms, (e) => e.chargerId === 'XZ-H1' && e.event === 'heartbeat_missed');
    const c = await connectCharger(h.url, 'XZ-H1', { password });
    expect(await c.call('BootNotification', boot16)).toMatchObject({ status: 'Accepted', interval: 1 });
    expect((await missed).detail).toMatchObject({ heartbeatIntervalS: 1 });
    expect(await online(h, 'XZ-H1')).toBe(false);

    const back = nextConnectivity(h.csms, (e) => e.chargerId === 'XZ-H1' && e.event === 'connected');
    await c.call('Heartbeat', {});
    expect((await back).detail).toMatchObject({ resumed: true });
    expect(await online(h, 'XZ-H1')).toBe(true);

    await nextConnectivity(h.csms, (e) => e.chargerId === 'XZ-H1' && e.event === 'heartbeat_missed');
    expect(await recorded(h, 'XZ-H1')).toEqual(['connected', 'booted', 'heartbeat_missed', 'connected', 'heartbeat_missed']);
    await c.close();
  });
});

function recorded(h: Harness, id: string): Promise<string[]> {
  return h
    .query<{ event: string }>(`SELECT event FROM connectivity_events WHERE charger_id = $1 ORDER BY time`, [id])
    .then((rows) => rows.map((r) => r.event));
}

function online(h: Harness, id: string): Promise<boolean | undefined> {
  return h.query<{ online: boolean }>(`SELECT online FROM charger_state WHERE charger_id = $1`, [id]).then((rows) => rows[0]?.online);
}
