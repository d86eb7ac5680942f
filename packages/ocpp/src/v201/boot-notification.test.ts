import { describe, expect, it } from 'vitest';
import { action, now, receivedAt } from '../testing/wire.js';

const boot = action('ocpp2.0.1', 'BootNotification');
const base = { kind: 'charger.booted', chargerId: 'XZ-0001', at: receivedAt, receivedAt };

describe('2.0.1 BootNotification', () => {
  it.each([
    {
      name: 'carries the station identity, modem and boot reason',
      frame: {
        reason: 'PowerUp',
        chargingStation: {
          vendorName: 'XJ-Power',
          model: 'DC120',
          serialNumber: 'SN-9001',
          firmwareVersion: '2.0.7',
          modem: { iccid: '89860012345678901234', imsi: '460001234567890' },
        },
      },
      event: {
        ...base,
        vendor: 'XJ-Power',
        model: 'DC120',
        serialNumber: 'SN-9001',
        firmwareVersion: '2.0.7',
        iccid: '89860012345678901234',
        imsi: '460001234567890',
        reason: 'PowerUp',
      },
    },
    {
      name: 'needs only vendor, model and reason',
      frame: { reason: 'Watchdog', chargingStation: { vendorName: 'V', model: 'M' } },
      event: { ...base, vendor: 'V', model: 'M', reason: 'Watchdog' },
    },
  ])('$name', ({ frame, event }) => {
    expect(boot.decode(frame)).toEqual([event]);
  });

  const frame = { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } };
  it.each([
    { name: 'accepts with the heartbeat interval by default', decisions: {}, answer: { status: 'Accepted', interval: 300 } },
    {
      name: 'answers Pending with the retry interval',
      decisions: { registrationStatus: 'Pending', retryIntervalS: 120 } as const,
      answer: { status: 'Pending', interval: 120 },
    },
    {
      name: 'answers Rejected with the retry interval',
      decisions: { registrationStatus: 'Rejected', retryIntervalS: 3600 } as const,
      answer: { status: 'Rejected', interval: 3600 },
    },
  ])('$name', ({ decisions, answer }) => {
    expect(boot.respond(frame, decisions)).toEqual({ ...answer, currentTime: now.toISOString() });
  });
});
