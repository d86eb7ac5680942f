import { describe, expect, it } from 'vitest';
import { formatVariableKey, parseVariableKey } from './variable-keys.js';

describe('variable keys', () => {
  it.each([
    { key: 'OCPPCommCtrlr.HeartbeatInterval', address: { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } } },
    { key: 'EVSE[1].AvailabilityState', address: { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } } },
    { key: 'Connector[1:2].AvailabilityState', address: { component: { name: 'Connector', evse: { id: 1, connectorId: 2 } }, variable: { name: 'AvailabilityState' } } },
    { key: 'TempSensor:Inlet.Temperature', address: { component: { name: 'TempSensor', instance: 'Inlet' }, variable: { name: 'Temperature' } } },
    { key: 'OCPPCommCtrlr.MessageTimeout:Default', address: { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'MessageTimeout', instance: 'Default' } } },
    {
      key: 'TempSensor:Outlet[2].Temperature:Max',
      address: { component: { name: 'TempSensor', instance: 'Outlet', evse: { id: 2 } }, variable: { name: 'Temperature', instance: 'Max' } },
    },
  ])('reads and writes $key', ({ key, address }) => {
    expect(parseVariableKey(key)).toEqual(address);
    expect(formatVariableKey(address)).toBe(key);
  });

  it.each(['HeartbeatInterval', '', '.Variable', 'Component.', 'EVSE[x].State', 'A.B.C'])('does not read %j as a key', (key) => {
    expect(parseVariableKey(key)).toBeUndefined();
  });
});
