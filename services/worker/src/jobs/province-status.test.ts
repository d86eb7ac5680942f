import { describe, expect, it } from 'vitest';
import type { ProvinceChargerPlace } from '@pilewatch/store';
import { parsePartners } from '@pilewatch/tcec';
import {
  connectorChanges,
  mayPush,
  pushPartners,
  statusDeliveries,
  statusFeedEvent,
  statusOfData,
  type ConnectorChange,
} from './province-status.js';

const at = '2025-03-01T08:00:00.000Z';
const secrets = { operatorSecret: 's', dataSecret: '1234567890abcdef', dataSecretIv: '1234567890abcdef', sigSecret: 'k' };
const outbound = (pushes: string[]) => ({ baseUrl: 'http://province.test/evcs/v1', operatorId: 'MA0XINZH1', ...secrets, pushes });

const [province, county, operator, pullOnly] = parsePartners([
  { name: 'province', operatorId: 'PROVINCE1', outbound: outbound(['notification_stationStatus', 'notification_stationInfo']) },
  { name: 'county platform', operatorId: 'COUNTY001', inbound: { ...secrets, counties: ['140902'] }, outbound: outbound(['notification_stationStatus']) },
  { name: 'operator platform', operatorId: 'OPERATOR1', inbound: { ...secrets, operators: ['op-b'] }, outbound: outbound(['notification_stationInfo']) },
  { name: 'pull only', operatorId: 'PULLONLY1', inbound: secrets },
]);

const place = (chargerId: string, countyCode: string | null, operatorId = 'op-a'): ProvinceChargerPlace => ({
  chargerId,
  stationId: `st-${chargerId}`,
  operatorId,
  countyCode,
});

describe('reading the live stream', () => {
  it.each([
    ['a status report', { type: 'status', chargerId: 'CP1', evseId: 1, connectorId: 1, status: 'Charging', at }, true],
    ['a connectivity change', { type: 'connectivity', chargerId: 'CP1', event: 'disconnected', at }, true],
    ['a fault (the status report that comes with it carries the news)', { type: 'fault', chargerId: 'CP1', component: 'x', variable: 'y', cleared: false, at }, false],
    ['an alert', { type: 'alert', chargerId: 'CP1', rule: 'offline' }, false],
    ['something that is not an event', 'hello', false],
  ])('acts on %s: %s', (_what, entry, acted) => {
    expect(statusFeedEvent(entry) !== undefined).toBe(acted);
  });
});

describe('connector changes', () => {
  const connectors = [
    { evseId: 0, connectorId: 0, status: 'Available' },
    { evseId: 1, connectorId: 1, status: 'Charging' },
    { evseId: 2, connectorId: 1, status: null },
  ];

  it.each([
    ['Available', 1],
    ['Preparing', 2],
    ['Finishing', 2],
    ['Occupied', 2],
    ['Charging', 3],
    ['SuspendedEV', 3],
    ['SuspendedEVSE', 3],
    ['Reserved', 4],
    ['Faulted', 255],
    ['Unavailable', 255],
  ])('a %s report sets T/CEC Status %i', (status, code) => {
    const event = statusFeedEvent({ type: 'status', chargerId: 'CP1', evseId: 2, connectorId: 1, status, at })!;
    expect(connectorChanges(event)).toEqual([{ chargerId: 'CP1', evseId: 2, connectorId: 1, status: code, at: new Date(at) }]);
  });

  it('ignores the charger as a whole (EVSE 0)', () => {
    expect(connectorChanges(statusFeedEvent({ type: 'status', chargerId: 'CP1', evseId: 0, connectorId: 0, status: 'Faulted', at })!)).toEqual([]);
  });

  it.each(['disconnected', 'ping_timeout', 'heartbeat_missed'])('sets every connector offline (0) when the charger is %s', (kind) => {
    const event = statusFeedEvent({ type: 'connectivity', chargerId: 'CP1', event: kind, at })!;
    expect(connectorChanges(event, connectors).map((c) => [c.evseId, c.status])).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('sets each connector back to its last report when the charger connects, leaving out one that never reported', () => {
    const event = statusFeedEvent({ type: 'connectivity', chargerId: 'CP1', event: 'connected', at })!;
    expect(connectorChanges(event, connectors).map((c) => [c.evseId, c.status])).toEqual([[1, 3]]);
  });

  it.each(['booted', 'replaced'])('changes nothing when the charger is %s', (kind) => {
    expect(connectorChanges(statusFeedEvent({ type: 'connectivity', chargerId: 'CP1', event: kind, at })!, connectors)).toEqual([]);
  });
});

describe('who is told', () => {
  it('pushes to partners configured for the interface only', () => {
    expect(pushPartners([province!, county!, operator!, pullOnly!], 'notification_stationStatus').map((p) => p.name)).toEqual(['province', 'county platform']);
    expect(pushPartners([province!, county!, operator!, pullOnly!], 'notification_stationInfo').map((p) => p.name)).toEqual(['province', 'operator platform']);
  });

  it('tells a partner about the stations it may read, and a push-only partner about all', () => {
    expect(mayPush(province!, place('CP1', null))).toBe(true);
    expect(mayPush(county!, place('CP1', '140902'))).toBe(true);
    expect(mayPush(county!, place('CP1', '140922'))).toBe(false);
    expect(mayPush(county!, place('CP1', null))).toBe(false);
    expect(mayPush(operator!, place('CP1', '140902', 'op-b'))).toBe(true);
    expect(mayPush(operator!, place('CP1', '140902', 'op-a'))).toBe(false);
  });
});

describe('status deliveries', () => {
  const change = (chargerId: string, evseId: number, status: number): ConnectorChange => ({
    chargerId,
    evseId,
    connectorId: 1,
    status: status as ConnectorChange['status'],
    at: new Date(at),
  });
  const places = new Map([
    ['CP1', place('CP1', '140902')],
    ['CP2', place('CP2', '140922')],
  ]);

  it('owes each partner a push per change of the Status it last got, in order', () => {
    const last = new Map([['PROVINCE1', new Map([['CP1011', 1]])]]);
    const out = statusDeliveries([change('CP1', 1, 1), change('CP1', 1, 255), change('CP1', 1, 255), change('CP1', 1, 1)], places, [province!], last);
    expect(out.map((d) => statusOfData(d.data))).toEqual([255, 1]);
    expect(out[0]).toEqual({
      partnerId: 'PROVINCE1',
      interface: 'notification_stationStatus',
      subject: 'CP1011',
      stationId: 'st-CP1',
      data: { ConnectorStatusInfo: { ConnectorID: 'CP1011', Status: 255 } },
      changedAt: new Date(at),
    });
    expect(last.get('PROVINCE1')!.get('CP1011')).toBe(1);
  });

  it('fans out to every partner that may see the station, and skips chargers without a place', () => {
    const out = statusDeliveries([change('CP1', 1, 3), change('CP2', 1, 3), change('CP9', 1, 3)], places, [province!, county!], new Map());
    expect(out.map((d) => [d.partnerId, d.subject])).toEqual([
      ['PROVINCE1', 'CP1011'],
      ['COUNTY001', 'CP1011'],
      ['PROVINCE1', 'CP2011'],
    ]);
  });

  it('reports a connector with no T/CEC ConnectorID instead of pushing it', () => {
    const long = 'X'.repeat(24);
    const problems: string[] = [];
    const out = statusDeliveries([change(long, 1, 1)], new Map([[long, place(long, null)]]), [province!], new Map(), (c) => problems.push(c.chargerId));
    expect(out).toEqual([]);
    expect(problems).toEqual([long]);
  });
});
