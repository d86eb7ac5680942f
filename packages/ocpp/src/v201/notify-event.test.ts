import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const notifyEvent = action('ocpp2.0.1', 'NotifyEvent');
const generatedAt = '2025-03-01T08:00:00Z';
const at = new Date('2025-03-01T07:59:30Z');
const fault = { kind: 'fault.reported', chargerId: 'XZ-0001', receivedAt, at };
const event = (data: object) => ({ generatedAt, seqNo: 0, eventData: [{ eventId: 1, timestamp: '2025-03-01T07:59:30Z', eventNotificationType: 'HardWiredNotification', ...data }] });

describe('2.0.1 NotifyEvent', () => {
  it.each([
    {
      name: 'a Problem variable turning true is a fault on its EVSE/connector, coded by techCode',
      frame: event({
        trigger: 'Delta',
        actualValue: 'true',
        techCode: 'GF-01',
        techInfo: 'ground fault on L1',
        component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
        variable: { name: 'Problem' },
      }),
      events: [
        {
          ...fault,
          evseId: 1,
          connectorId: 1,
          component: 'Connector',
          variable: 'Problem',
          code: 'GF-01',
          info: 'ground fault on L1',
          cleared: false,
          eventId: 1,
          trigger: 'Delta',
          actualValue: 'true',
        },
      ],
    },
    {
      name: 'a Problem variable going back to false clears the fault',
      frame: event({ trigger: 'Delta', actualValue: 'false', component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'Problem' } }),
      events: [{ ...fault, evseId: 2, component: 'EVSE', variable: 'Problem', code: 'false', cleared: true, eventId: 1, trigger: 'Delta', actualValue: 'false' }],
    },
    {
      name: 'an Alerting monitor threshold is a fault coded by its actual value, with component and variable instances',
      frame: event({
        trigger: 'Alerting',
        actualValue: '92.5',
        eventNotificationType: 'CustomMonitor',
        variableMonitoringId: 4,
        component: { name: 'TempSensor', instance: 'Outlet', evse: { id: 1 } },
        variable: { name: 'Temperature' },
      }),
      events: [
        { ...fault, evseId: 1, component: 'TempSensor:Outlet', variable: 'Temperature', code: '92.5', cleared: false, eventId: 1, trigger: 'Alerting', actualValue: '92.5' },
      ],
    },
    {
      name: 'a cleared Alerting reports the return to normal',
      frame: event({ trigger: 'Alerting', actualValue: '61.0', cleared: true, component: { name: 'TempSensor' }, variable: { name: 'Temperature' } }),
      events: [{ ...fault, component: 'TempSensor', variable: 'Temperature', code: '61.0', cleared: true, eventId: 1, trigger: 'Alerting', actualValue: '61.0' }],
    },
    {
      name: 'a Delta with a techCode is a vendor-coded fault',
      frame: event({ trigger: 'Delta', actualValue: 'Faulted', techCode: 'E042', component: { name: 'ChargingStation' }, variable: { name: 'AvailabilityState' } }),
      events: [{ ...fault, component: 'ChargingStation', variable: 'AvailabilityState', code: 'E042', cleared: false, eventId: 1, trigger: 'Delta', actualValue: 'Faulted' }],
    },
    {
      name: 'a plain Delta or Periodic value is a device-model update, not a fault',
      frame: {
        generatedAt,
        seqNo: 0,
        eventData: [
          { eventId: 7, timestamp: generatedAt, trigger: 'Delta', actualValue: 'Available', eventNotificationType: 'HardWiredNotification', component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } },
          { eventId: 8, timestamp: generatedAt, trigger: 'Periodic', actualValue: '229.8', eventNotificationType: 'PreconfiguredMonitor', component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Voltage' } },
        ],
      },
      events: [],
    },
  ])('$name', ({ frame, events }) => {
    expect(notifyEvent.decode(frame)).toEqual(events);
  });

  it('makes one fault per problem when a message carries several events', () => {
    const frame = {
      generatedAt,
      seqNo: 2,
      tbc: false,
      eventData: [
        { eventId: 1, timestamp: generatedAt, trigger: 'Delta', actualValue: 'true', eventNotificationType: 'HardWiredNotification', component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' } },
        { eventId: 2, timestamp: generatedAt, trigger: 'Delta', actualValue: 'Available', eventNotificationType: 'HardWiredNotification', component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } },
        { eventId: 3, timestamp: generatedAt, trigger: 'Alerting', actualValue: '80', eventNotificationType: 'CustomMonitor', component: { name: 'TempSensor' }, variable: { name: 'Temperature' } },
      ],
    };
    expect(notifyEvent.decode(frame).map((e) => (e.kind === 'fault.reported' ? e.eventId : undefined))).toEqual([1, 3]);
  });

  it('answers with an empty payload', () => {
    expect(notifyEvent.respond(event({ trigger: 'Delta', actualValue: 'true', component: { name: 'EVSE' }, variable: { name: 'Problem' } }))).toEqual({});
  });
});
