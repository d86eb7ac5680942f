/**
 * Who gets in (OCPP security profile 1: HTTP Basic over ws): the whole refusal matrix answered 401 with
 * nothing said about why, the right credentials let in, and auto-registration landing unknown chargers
 * in Pending. No log line ever carries a password or the Authorization header.
 */
import ocppRpc from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getChargerAuth } from '@pilewatch/store';
import { basic, boot16, boot201, connectCharger, startCsms, upgradeStatus, type Harness } from './harness.js';

const { RPCError } = ocppRpc;

const password = 'correct-horse-battery';

describe('admission without auto-registration', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCsms({ logLevel: 'debug' });
    await h.register({ id: 'XZ-A1', password });
    await h.register({ id: 'XZ-A2', password: 'another-password' });
    await h.register({ id: 'XZ-REJ', password, registrationStatus: 'Rejected' });
    await h.register({ id: 'XZ-TLS', password, securityProfile: 2 });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it.each([
    ['an unknown identity', 'XZ-NOBODY', basic('XZ-NOBODY', password), 'unknown identity'],
    ['a wrong password', 'XZ-A1', basic('XZ-A1', 'guess'), 'wrong password'],
    ["another charger's credentials", 'XZ-A1', basic('XZ-A2', 'another-password'), 'Basic user name does not match the identity'],
    ['no credentials', 'XZ-A1', undefined, 'no credentials'],
    ['a malformed Authorization header', 'XZ-A1', 'Basic %%%', 'malformed Authorization header'],
    ['a profile 2 charger on plain ws', 'XZ-TLS', basic('XZ-TLS', password), 'security profile 2 needs TLS, which this endpoint does not serve'],
  ])('refuses %s with 401, logging the reason', async (_case, identity, authorization, reason) => {
    expect(await upgradeStatus(h.url, identity, { authorization })).toBe(401);
    const refusal = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'connection refused' && l.reason === reason);
    expect(refusal).toMatchObject({ chargerId: identity, remoteAddress: '127.0.0.1', status: 401 });
  });

  it('lets an ocpp-rpc client with the right credentials in, on the version it asked for', async () => {
    const c16 = await connectCharger(h.url, 'XZ-A1', { password, protocol: 'ocpp1.6' });
    expect(c16.protocol).toBe('ocpp1.6');
    expect(await c16.call('BootNotification', boot16)).toMatchObject({ status: 'Accepted' });
    await c16.close();
    const c201 = await connectCharger(h.url, 'XZ-A2', { password: 'another-password', protocol: 'ocpp2.0.1' });
    expect(c201.protocol).toBe('ocpp2.0.1');
    expect(await c201.call('BootNotification', boot201)).toMatchObject({ status: 'Accepted' });
    await c201.close();
  });

  it('boots a Rejected charger to Rejected with the retry interval, and refuses its other messages', async () => {
    const c = await connectCharger(h.url, 'XZ-REJ', { password });
    expect(await c.call('BootNotification', boot16)).toMatchObject({ status: 'Rejected', interval: h.config.ocpp.bootRetryIntervalS });
    await expect(c.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    await c.close();
  });

  it('refuses other paths with 404 and unknown subprotocols with 400, before looking at credentials', async () => {
    const auth = basic('XZ-A1', password);
    expect(await upgradeStatus(h.url.replace(/\/ocpp$/, '/api'), 'XZ-A1', { authorization: auth })).toBe(404);
    expect(await upgradeStatus(h.url, 'XZ-A1/extra', { authorization: auth })).toBe(404);
    expect(await upgradeStatus(h.url, 'XZ-A1', { authorization: auth, protocols: ['ocpp2.1', 'ocpp1.5'] })).toBe(400);
    expect(await upgradeStatus(h.url, 'XZ-A1', { authorization: auth, protocols: ['ocpp2.1', 'ocpp1.6'] })).toBe(101);
  });

  it('never writes a password or the Authorization header to the log', () => {
    expect(h.logs.length).toBeGreaterThan(10);
    const all = h.logs.join('\n');
    for (const secret of [password, 'another-password', 'guess', Buffer.from(`XZ-A1:${password}`).toString('base64')]) {
      expect(all).not.toContain(secret);
    }
    expect(all.toLowerCase()).not.toContain('authorization":');
  });

  it('answers a refused ocpp-rpc client with an HTTP error, not a WebSocket', async () => {
    const err = await connectCharger(h.url, 'XZ-A1', { password: 'guess' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 401 });
    expect(err).not.toBeInstanceOf(RPCError);
  });
});

describe('admission with auto-registration', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCsms({ env: { PILEWATCH_AUTO_REGISTER: 'true', PILEWATCH_BOOT_RETRY_INTERVAL_S: '45' } });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('registers an unknown charger as Pending, without its password, and boots it to Pending', async () => {
    const c = await connectCharger(h.url, 'XZ-NEW-1', { password: 'whatever-it-likes', protocol: 'ocpp2.0.1' });
    expect(await c.call('BootNotification', boot201)).toMatchObject({ status: 'Pending', interval: 45 });
    expect(await getChargerAuth(h.db, 'XZ-NEW-1')).toMatchObject({ registrationStatus: 'Pending', passwordHash: null });
    await c.close();
  });

  it('answers anything but BootNotification from a Pending charger with SecurityError (OCPP 2.0.1 B02.FR.09)', async () => {
    const c = await connectCharger(h.url, 'XZ-NEW-2', { password: 'x', protocol: 'ocpp2.0.1' });
    await c.call('BootNotification', boot201);
    await expect(c.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    await expect(
      c.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 }),
    ).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    const rows = await h.query(`SELECT count(*)::int AS n FROM status_events WHERE charger_id = 'XZ-NEW-2'`);
    expect(rows).toEqual([{ n: 0 }]);
    await c.close();
  });

  it('still refuses an unknown charger that presents no credentials', async () => {
    expect(await upgradeStatus(h.url, 'XZ-NEW-3', {})).toBe(401);
    expect(await getChargerAuth(h.db, 'XZ-NEW-3')).toBeNull();
  });

  it('accepts a charger once an operator has accepted it and set its password', async () => {
    await h.register({ id: 'XZ-KNOWN', password });
    const c = await connectCharger(h.url, 'XZ-KNOWN', { password });
    expect(await c.call('BootNotification', boot16)).toMatchObject({ status: 'Accepted' });
    await c.close();
    expect(await upgradeStatus(h.url, 'XZ-KNOWN', { authorization: basic('XZ-KNOWN', 'not-it') })).toBe(401);
  });
});
