/**
 * The API in front of the real central system, with real OCPP-J clients (ocpp-rpc, strict mode): live
 * status and counts that follow the chargers' messages, history, a command round trip to a 1.6 and a
 * 2.0.1 charger with its audit trail, and the SSE feed delivering status changes and resuming after a
 * reconnect.
 */
import ocppRpc from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeCentralSystemEvents } from '@pilewatch/api';
import { createCentralSystem, type CentralSystem, type CentralSystemOptions } from '@pilewatch/csms';
import { addCharger, createWriter, type Writer } from '@pilewatch/store';
import { json, silentLog, startHarness, type Harness } from './harness.js';
import { openSse, type SseEvent, type SseStream } from './sse-client.js';
import { answer, chargerClient, type ChargerClient } from './charger-client.js';

const { createRPCError } = ocppRpc;
type Client = ChargerClient;

let h: Harness;
let csms: CentralSystem;
let writer: Writer;
let detach: () => Promise<void>;
let ocppUrl: string;
let baseUrl: string;
let regulator: SseStream;
let cpA: Client;
let cpB: Client;
const clients: Client[] = [];

const now = () => new Date().toISOString();
const isEvent = (type: string, fields: Record<string, unknown>) => (e: SseEvent) =>
  e.event === type && Object.entries(fields).every(([k, v]) => (e.data as Record<string, unknown>)[k] === v);

async function connect(identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', password: string): Promise<Client> {
  const client = chargerClient(ocppUrl, identity, protocol, password);
  clients.push(client);
  const seen = regulator.events.length;
  await client.connect();
  await regulator.next(isEvent('connectivity', { chargerId: identity, event: 'connected' }), seen);
  return client;
}

beforeAll(async () => {
  h = await startHarness({
    env: { PILEWATCH_OCPP_HOST: '127.0.0.1', PILEWATCH_OCPP_PORT: '0', PILEWATCH_WS_PING_INTERVAL_S: '0', PILEWATCH_CALL_TIMEOUT_S: '1' },
    commands: { send: (chargerId, command) => csms.sendCommand(chargerId, command) },
  });
  writer = createWriter(h.db, h.config.write);
  csms = createCentralSystem({ config: h.config, db: h.db, writer, log: silentLog as unknown as CentralSystemOptions['log'], shutdownGraceMs: 1000 });
  detach = bridgeCentralSystemEvents(csms.events, h.bus);
  ocppUrl = (await csms.listen()).url;
  baseUrl = await h.api.listen({ port: 0, host: '127.0.0.1' });
  regulator = await openSse(`${baseUrl}/api/v1/live`, h.auth('regulator'));
  await regulator.next((e) => e.event === 'ready');

  cpA = await connect('CP-A', 'ocpp1.6', 'password-of-cp-a');
  expect(await cpA.call('BootNotification', { chargePointVendor: 'Xinzhou EV', chargePointModel: 'DC120', firmwareVersion: '1.4.2' })).toMatchObject({
    status: 'Accepted',
  });
  cpB = await connect('CP-B', 'ocpp2.0.1', 'password-of-cp-b');
  expect(
    await cpB.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'Wutai Power', model: 'AC7' } }),
  ).toMatchObject({ status: 'Accepted' });
});

afterAll(async () => {
  regulator?.close();
  await Promise.all(clients.map((c) => c.close({ force: true }).catch(() => undefined)));
  await csms?.close();
  await detach?.();
  await writer?.close();
  await h?.close();
});

const api = (who: Parameters<Harness['auth']>[0], method: 'GET' | 'POST', url: string, payload?: object) =>
  h.api.inject({ method, url, headers: h.auth(who), ...(payload ? { payload } : {}) });

describe('live status', () => {
  it('follows status notifications from a 1.6 and a 2.0.1 charger, with counts for city, county and operator', async () => {
    await cpA.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: now() });
    await cpA.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Charging', timestamp: now() });
    await cpB.call('StatusNotification', { timestamp: now(), connectorStatus: 'Faulted', evseId: 1, connectorId: 1 });

    const list = json<{ items: Array<{ chargerId: string; evseId: number; effectiveStatus: string }> }>(
      await api('regulator', 'GET', '/api/v1/status/connectors'),
    );
    expect(list.items.map((s) => [s.chargerId, s.evseId, s.effectiveStatus])).toEqual([
      ['CP-A', 1, 'Available'],
      ['CP-A', 2, 'Charging'],
      ['CP-B', 1, 'Faulted'],
      ['CP-B', 2, 'Unknown'],
    ]);

    const counts = json<{
      city: { chargers: Record<string, number>; connectors: Record<string, number> };
      counties: Array<{ countyCode: string; chargers: { faulted: number } }>;
    }>(await api('regulator', 'GET', '/api/v1/status/counts'));
    expect(counts.city.chargers).toEqual({ total: 2, online: 2, offline: 0, charging: 1, faulted: 1 });
    expect(counts.city.connectors).toMatchObject({ total: 4, Available: 1, Charging: 1, Faulted: 1, Unknown: 1, Offline: 0 });
    expect(counts.counties.map((c) => [c.countyCode, c.chargers.faulted])).toEqual([
      ['140902', 0],
      ['140922', 1],
    ]);

    const own = json<{ city: { chargers: Record<string, number> }; operators: Array<{ operatorId: string }> }>(
      await api('operator', 'GET', '/api/v1/status/counts'),
    );
    expect(own.city.chargers).toMatchObject({ total: 1, charging: 1, faulted: 0 });
    expect(own.operators.map((o) => o.operatorId)).toEqual(['op-a']);

    const detail = json<{ vendor: string; firmwareVersion: string; protocol: string; online: boolean }>(
      await api('operator', 'GET', '/api/v1/chargers/CP-A'),
    );
    expect(detail).toMatchObject({ vendor: 'Xinzhou EV', firmwareVersion: '1.4.2', protocol: 'ocpp1.6', online: true });
  });

  it('keeps the history of a charging session: transaction, energy per bucket, status events, the raw journal', async () => {
    const start = new Date(Date.now() - 30 * 60_000);
    const { transactionId } = (await cpA.call('StartTransaction', {
      connectorId: 2,
      idTag: 'TAG-0042',
      meterStart: 10_000,
      timestamp: start.toISOString(),
    })) as { transactionId: number };
    const active = json<{ activeTransactions: Array<{ id: number; idTag: string | null }> }>(await api('regulator', 'GET', '/api/v1/chargers/CP-A'));
    expect(active.activeTransactions).toEqual([expect.objectContaining({ id: transactionId, idTag: null })]);

    await cpA.call('MeterValues', {
      connectorId: 2,
      transactionId,
      meterValue: [
        { timestamp: new Date(start.getTime() + 60_000).toISOString(), sampledValue: [{ value: '10500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] },
        { timestamp: new Date(start.getTime() + 120_000).toISOString(), sampledValue: [{ value: '11.5', measurand: 'Energy.Active.Import.Register', unit: 'kWh' }] },
      ],
    });
    await cpA.call('StopTransaction', { transactionId, meterStop: 16_000, timestamp: new Date(start.getTime() + 20 * 60_000).toISOString(), reason: 'Local' });

    const sessions = json<{ items: Array<{ id: number; energyWh: number; durationS: number; idTag: string; stopReason: string }> }>(
      await api('operator', 'GET', '/api/v1/transactions?state=completed'),
    );
    expect(sessions.items).toEqual([expect.objectContaining({ id: transactionId, energyWh: 6000, durationS: 1200, idTag: 'TAG-0042', stopReason: 'Local' })]);

    const meter = json<{ items: Array<{ evseId: number; energyMaxWh: number; energyMinWh: number }> }>(
      await api('operator', 'GET', `/api/v1/chargers/CP-A/meter?bucket=1d&from=${encodeURIComponent(new Date(start.getTime() - 86_400_000).toISOString())}`),
    );
    expect(meter.items.find((b) => b.evseId === 2)).toMatchObject({ energyMinWh: 10_500, energyMaxWh: 11_500 });

    const statuses = json<{ items: Array<{ evseId: number; status: string }> }>(await api('regulator', 'GET', '/api/v1/chargers/CP-A/status-events?evseId=2'));
    expect(statuses.items.map((s) => s.status)).toContain('Charging');

    const frames = json<{ items: Array<{ direction: string; action: string | null; frame: string }> }>(
      await api('operator', 'GET', '/api/v1/chargers/CP-A/journal?action=StopTransaction'),
    );
    expect(frames.items.map((f) => f.direction)).toContain('in');
    expect(frames.items.find((f) => f.direction === 'in')!.frame).toContain('"meterStop":16000');
    expect((await api('regulator', 'GET', '/api/v1/chargers/CP-A/journal')).statusCode).toBe(403);
  });
});

describe('commands', () => {
  it('round-trips a reset to a 1.6 charger and records who sent it', async () => {
    const seen: unknown[] = [];
    answer(cpA, 'Reset', (params) => {
      seen.push(params);
      return { status: 'Accepted' };
    });
    const res = await api('operator', 'POST', '/api/v1/chargers/CP-A/commands', { kind: 'reset', type: 'soft' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'Accepted', accepted: true });
    expect(seen).toEqual([{ type: 'Soft' }]);
  });

  it("returns a charger's refusal as its answer", async () => {
    answer(cpA, 'ChangeAvailability', () => ({ status: 'Rejected' }));
    const res = await api('admin', 'POST', '/api/v1/chargers/CP-A/commands', { kind: 'changeAvailability', evseId: 1, available: false });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'Rejected', accepted: false });
  });

  it('reads configuration from a 2.0.1 charger as GetVariables', async () => {
    answer(cpB, 'GetVariables', (params: { getVariableData: Array<{ component: object; variable: object }> }) => ({
      getVariableResult: params.getVariableData.map((d) => ({ attributeStatus: 'Accepted', component: d.component, variable: d.variable, attributeValue: '300' })),
    }));
    const res = await api('otherOperator', 'POST', '/api/v1/chargers/CP-B/commands', { kind: 'getConfiguration', keys: ['OCPPCommCtrlr.HeartbeatInterval'] });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ accepted: true, data: [{ key: 'OCPPCommCtrlr.HeartbeatInterval', value: '300' }] });
  });

  it('resets a 2.0.1 charger, and refuses an operator reaching for it', async () => {
    answer(cpB, 'Reset', (params: { type: string }) => ({ status: params.type === 'Immediate' ? 'Accepted' : 'Rejected' }));
    expect(json(await api('admin', 'POST', '/api/v1/chargers/CP-B/commands', { kind: 'reset', type: 'hard' }))).toEqual({ status: 'Accepted', accepted: true });
    expect((await api('operator', 'POST', '/api/v1/chargers/CP-B/commands', { kind: 'reset', type: 'hard' })).statusCode).toBe(404);
  });

  it('reports a protocol error, a silent charger and an offline one as distinct errors', async () => {
    answer(cpA, 'TriggerMessage', () => {
      throw createRPCError('NotSupported', 'no triggers here');
    });
    const rejected = await api('operator', 'POST', '/api/v1/chargers/CP-A/commands', { kind: 'triggerMessage', message: 'Heartbeat' });
    expect([rejected.statusCode, json<{ error: { code: string } }>(rejected).error.code]).toEqual([502, 'PW_API_COMMAND_REJECTED']);

    answer(cpA, 'UnlockConnector', () => new Promise(() => {}));
    const silent = await api('operator', 'POST', '/api/v1/chargers/CP-A/commands', { kind: 'unlockConnector', evseId: 1 });
    expect([silent.statusCode, json<{ error: { code: string } }>(silent).error.code]).toEqual([504, 'PW_API_COMMAND_TIMEOUT']);

    await addCharger(h.db, { id: 'CP-A-OFF', operatorId: 'op-a', stationId: 'st-a' });
    const offline = await api('operator', 'POST', '/api/v1/chargers/CP-A-OFF/commands', { kind: 'reset', type: 'soft' });
    expect([offline.statusCode, json<{ error: { code: string } }>(offline).error.code]).toEqual([409, 'PW_API_CHARGER_OFFLINE']);

    const invalid = await api('operator', 'POST', '/api/v1/chargers/CP-A/commands', { kind: 'unlockConnector', evseId: 1, connectorId: 2 });
    expect(invalid.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(invalid).error.message).toMatch(/^body: the command cannot be sent to charger CP-A/);
  });

  it('keeps an audit trail: who sent what and how it ended', async () => {
    const log = json<{ items: Array<{ command: { kind: string }; principalName: string; role: string; outcome: string; status: string | null; errorCode: string | null }> }>(
      await api('regulator', 'GET', '/api/v1/chargers/CP-A/commands'),
    );
    expect(log.items.map((a) => [a.command.kind, a.principalName, a.outcome, a.status ?? a.errorCode])).toEqual([
      ['unlockConnector', 'operator A', 'failed', 'PW_CSMS_COMMAND_INVALID'],
      ['unlockConnector', 'operator A', 'failed', 'PW_CSMS_COMMAND_TIMEOUT'],
      ['triggerMessage', 'operator A', 'failed', 'PW_CSMS_COMMAND_REJECTED'],
      ['changeAvailability', 'test admin', 'refused', 'Rejected'],
      ['reset', 'operator A', 'accepted', 'Accepted'],
    ]);
  });
});

describe('the live feed', () => {
  it("delivers an operator its own chargers' status changes, and resumes after a reconnect with nothing lost", async () => {
    const live = `${baseUrl}/api/v1/live`;
    const first = await openSse(live, h.auth('operator'));
    expect(first.status).toBe(200);
    await first.next((e) => e.event === 'ready');

    await cpB.call('StatusNotification', { timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    await cpA.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: now() });
    const preparing = await first.next(isEvent('status', { chargerId: 'CP-A', status: 'Preparing' }));
    expect(preparing.data).toMatchObject({ type: 'status', evseId: 1, connectorId: 1 });
    // CP-B's change came first on the stream: had it been let through, it would be here already.
    expect(first.events.filter((e) => (e.data as { chargerId?: string }).chargerId === 'CP-B')).toEqual([]);
    first.close();

    const seen = regulator.events.length;
    await cpA.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: now() });
    await cpA.call('StatusNotification', { connectorId: 2, errorCode: 'HighTemperature', status: 'Faulted', timestamp: now() });
    await regulator.next(isEvent('status', { chargerId: 'CP-A', status: 'Faulted' }), seen);

    const again = await openSse(live, { ...h.auth('operator'), 'last-event-id': preparing.id! });
    const ready = await again.next((e) => e.event === 'ready');
    expect(ready.data).toEqual({ resumedAfter: preparing.id });
    const replayed = again.events.slice(0, again.events.indexOf(ready));
    expect(replayed.map((e) => [e.event, (e.data as { status: string }).status])).toEqual([
      ['status', 'Charging'],
      ['status', 'Faulted'],
    ]);
    expect(replayed[1]!.data).toMatchObject({ errorCode: 'HighTemperature' });

    await cpA.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Finishing', timestamp: now() });
    await again.next(isEvent('status', { chargerId: 'CP-A', status: 'Finishing' }));
    again.close();
  });

  it('refuses a malformed resume point', async () => {
    const res = await openSse(`${baseUrl}/api/v1/live`, { ...h.auth('regulator'), 'last-event-id': 'yesterday' });
    expect(res.status).toBe(400);
    expect((JSON.parse(await res.text()) as { error: { message: string } }).error.message).toMatch(/^headers\.last-event-id: /);
  });
});

describe('a charger going away', () => {
  it('turns its connectors Offline in the status and the counts', async () => {
    const seen = regulator.events.length;
    // Like a power cut: the socket just goes (a graceful close would wait for the unanswered unlock above).
    await cpA.close({ force: true });
    await regulator.next(isEvent('connectivity', { chargerId: 'CP-A', event: 'disconnected' }), seen);
    const counts = json<{ city: { chargers: Record<string, number>; connectors: Record<string, number> } }>(
      await api('regulator', 'GET', '/api/v1/status/counts'),
    );
    expect(counts.city.chargers).toMatchObject({ total: 3, online: 1, offline: 2, charging: 0 });
    expect(counts.city.connectors.Offline).toBe(2);
    const offline = json<{ items: Array<{ chargerId: string; effectiveStatus: string; status: string }> }>(
      await api('regulator', 'GET', '/api/v1/status/connectors?online=false'),
    );
    expect(offline.items.map((s) => [s.chargerId, s.effectiveStatus, s.status])).toEqual([
      // The last reported status stays readable; the effective one says the charger is gone.
      ['CP-A', 'Offline', 'Finishing'],
      ['CP-A', 'Offline', 'Faulted'],
    ]);
  });
});
