import { describe, expect, it } from 'vitest';
import { FleetState, type ConnectorSnapshot } from './fleet-state.js';
import { classOf, worst } from './status.js';

const snap = (chargerId: string, evseId: number, status: string | null, stationId = 'ST-1', online = true): ConnectorSnapshot => ({
  chargerId,
  evseId,
  connectorId: 1,
  stationId,
  online,
  status,
});

describe('status classes', () => {
  it.each([
    ['Faulted', 'faulted'],
    ['Offline', 'offline'],
    ['Unavailable', 'unavailable'],
    ['Charging', 'charging'],
    ['SuspendedEV', 'occupied'],
    ['Occupied', 'occupied'],
    ['Available', 'available'],
    ['Unknown', 'unknown'],
    [null, 'unknown'],
  ])('%s is %s', (status, cls) => expect(classOf(status)).toBe(cls));

  it('ranks a fault above a silent charger, above one out of service, above any normal state', () => {
    expect(worst(['available', 'charging', 'offline', 'faulted', 'unavailable'])).toBe('faulted');
    expect(worst(['available', 'offline', 'unavailable'])).toBe('offline');
    expect(worst(['charging', 'available'])).toBe('charging');
    expect(worst([])).toBeUndefined();
  });
});

describe('the live fleet picture', () => {
  it("colours a station by its worst connector, and counts its piles", () => {
    const fleet = new FleetState([snap('A', 1, 'Available'), snap('A', 2, 'Charging'), snap('B', 1, 'Available'), snap('C', 1, 'Available', 'ST-2')]);
    expect(Object.fromEntries(fleet.stations())).toEqual({
      'ST-1': { worst: 'charging', piles: 2 },
      'ST-2': { worst: 'available', piles: 1 },
    });
  });

  it('turns a station red when a status event reports a fault, and back when it clears', () => {
    const fleet = new FleetState([snap('A', 1, 'Available'), snap('B', 1, 'Available')]);
    expect(fleet.apply({ type: 'status', chargerId: 'B', evseId: 1, connectorId: 1, status: 'Faulted' })).toBe(true);
    expect(fleet.stations().get('ST-1')!.worst).toBe('faulted');
    expect(fleet.apply({ type: 'status', chargerId: 'B', evseId: 1, connectorId: 1, status: 'Faulted' })).toBe(false);
    fleet.apply({ type: 'status', chargerId: 'B', evseId: 1, connectorId: 1, status: 'Available' });
    expect(fleet.stations().get('ST-1')!.worst).toBe('available');
  });

  it('shows every connector of a disconnected charger as offline until it connects again', () => {
    const fleet = new FleetState([snap('A', 1, 'Charging')]);
    expect(fleet.apply({ type: 'connectivity', chargerId: 'A', event: 'disconnected' })).toBe(true);
    expect(fleet.chargerClass('A')).toBe('offline');
    expect(fleet.apply({ type: 'connectivity', chargerId: 'A', event: 'heartbeat_missed' })).toBe(false);
    fleet.apply({ type: 'connectivity', chargerId: 'A', event: 'booted' });
    expect(fleet.chargerClass('A')).toBe('charging');
  });

  it("ignores the charger-wide EVSE 0, chargers it does not know (another operator's) and other event types", () => {
    const fleet = new FleetState([snap('A', 1, 'Available')]);
    expect(fleet.apply({ type: 'status', chargerId: 'A', evseId: 0, connectorId: 0, status: 'Faulted' })).toBe(false);
    expect(fleet.apply({ type: 'status', chargerId: 'Z', evseId: 1, connectorId: 1, status: 'Faulted' })).toBe(false);
    expect(fleet.apply({ type: 'alert', chargerId: 'A' })).toBe(false);
    expect(fleet.chargerClass('A')).toBe('available');
  });
});
