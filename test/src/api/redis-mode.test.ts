/**
 * The API as one node of several, over real Redis: commands travel through the bus to the csms node that
 * holds the charger, live events from that node reach the API's feed, and readiness checks Redis.
 * In CI a missing Redis fails these tests; elsewhere they are skipped.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeCentralSystemEvents } from '@pilewatch/api';
import { createRedisBus, serveChargerCommands, type Bus } from '@pilewatch/bus';
import { createCentralSystem, type CentralSystem, type CentralSystemOptions } from '@pilewatch/csms';
import { createWriter, type Writer } from '@pilewatch/store';
import { json, silentLog, startHarness, type Harness } from './harness.js';
import { openSse, type SseStream } from './sse-client.js';
import { answer, chargerClient, type ChargerClient } from './charger-client.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null }).connect().then(
  (r) => (void r, true),
  () => false,
);
const prefix = `pw-api-redis-${randomBytes(4).toString('hex')}`;

describe.skipIf(!redisUp && process.env.CI !== 'true')('the API over Redis', () => {
  let h: Harness;
  let nodeBus: Bus;
  let csms: CentralSystem;
  let writer: Writer;
  let detach: () => Promise<void>;
  let feed: SseStream;
  let client: ChargerClient;

  beforeAll(async () => {
    h = await startHarness({
      redisUrl,
      busPrefix: prefix,
      env: { PILEWATCH_OCPP_HOST: '127.0.0.1', PILEWATCH_OCPP_PORT: '0', PILEWATCH_WS_PING_INTERVAL_S: '0', PILEWATCH_CALL_TIMEOUT_S: '2' },
    });
    // The csms node: its own connection to Redis, serving commands for the chargers it claims.
    nodeBus = await createRedisBus(redisUrl, { prefix, log: { error: () => {} } });
    writer = createWriter(h.db, h.config.write);
    csms = createCentralSystem({ config: h.config, db: h.db, writer, log: silentLog as unknown as CentralSystemOptions['log'], nodeId: 'node-1', shutdownGraceMs: 500 });
    await serveChargerCommands(nodeBus, 'node-1', (chargerId, command) => csms.sendCommand(chargerId, command as never));
    csms.events.on('connectivity', (m) => {
      if (m.event === 'connected') void nodeBus.claim(m.chargerId, 'node-1', 60);
      if (m.event === 'disconnected') void nodeBus.release(m.chargerId, 'node-1');
    });
    detach = bridgeCentralSystemEvents(csms.events, nodeBus);
    const ocppUrl = (await csms.listen()).url;
    const baseUrl = await h.api.listen({ port: 0, host: '127.0.0.1' });

    feed = await openSse(`${baseUrl}/api/v1/live`, h.auth('operator'));
    await feed.next((e) => e.event === 'ready');
    client = chargerClient(ocppUrl, 'CP-A', 'ocpp1.6', 'password-of-cp-a');
    await client.connect();
    await client.call('BootNotification', { chargePointVendor: 'Xinzhou EV', chargePointModel: 'DC120' });
    await feed.next((e) => e.event === 'connectivity' && (e.data as { event: string }).event === 'connected');
  });

  afterAll(async () => {
    feed?.close();
    await client?.close({ force: true }).catch(() => undefined);
    await csms?.close();
    await detach?.();
    await writer?.close();
    await nodeBus?.close();
    await h?.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('is ready when both the database and Redis answer', async () => {
    expect(json(await h.api.inject({ method: 'GET', url: '/readyz' }))).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
  });

  it('sends a command through Redis to the node holding the charger', async () => {
    answer(client, 'Reset', () => ({ status: 'Accepted' }));
    const res = await h.api.inject({ method: 'POST', url: '/api/v1/chargers/CP-A/commands', headers: h.auth('operator'), payload: { kind: 'reset', type: 'hard' } });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'Accepted', accepted: true });
  });

  it('answers "offline" for a charger no node holds', async () => {
    const res = await h.api.inject({ method: 'POST', url: '/api/v1/chargers/CP-B/commands', headers: h.auth('admin'), payload: { kind: 'reset', type: 'soft' } });
    expect(res.statusCode).toBe(409);
    expect(json<{ error: { details: { cause: { code: string } } } }>(res).error.details.cause.code).toBe('PW_BUS_NO_HOLDER');
  });

  it("streams the csms node's status changes to the API's live feed", async () => {
    await client.call('StatusNotification', { connectorId: 2, errorCode: 'OverCurrentFailure', status: 'Faulted', timestamp: new Date().toISOString() });
    const event = await feed.next((e) => e.event === 'status');
    expect(event.data).toMatchObject({ chargerId: 'CP-A', evseId: 2, status: 'Faulted', errorCode: 'OverCurrentFailure' });
    expect(event.id).toMatch(/^\d+-\d+$/);
  });
});
