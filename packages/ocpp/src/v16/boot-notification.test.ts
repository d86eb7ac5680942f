import { describe, expect, it } from 'vitest';
import { action, now, receivedAt } from '../testing/wire.js';

const boot = action('ocpp1.6', 'BootNotification');
const base = { kind: 'charger.booted', chargerId: 'XZ-0001', at: receivedAt, receivedAt };

describe('1.6 BootNotification', () => {
  it.each([
    {
      name: 'carries every identity field the charger sends',
      frame: {
        chargePointVendor: 'XJ-Power',
        chargePointModel: 'AC7-2',
        chargePointSerialNumber: 'SN-7781',
        firmwareVersion: '1.4.2',
        iccid: '89860012345678901234',
        imsi: '460001234567890',
        meterType: 'DDSU666',
        meterSerialNumber: 'M-5521',
      },
      event: {
        ...base,
        vendor: 'XJ-Power',
        model: 'AC7-2',
        serialNumber: 'SN-7781',
        firmwareVersion: '1.4.2',
        iccid: '89860012345678901234',
        imsi: '460001234567890',
        meterType: 'DDSU666',
        meterSerialNumber: 'M-5521',
      },
    },
    {
      name: 'reads the deprecated chargeBoxSerialNumber as the serial number',
      frame: { chargePointVendor: 'XJ-Power', chargePointModel: 'AC7-2', chargeBoxSerialNumber: 'BOX-1' },
      event: { ...base, vendor: 'XJ-Power', model: 'AC7-2', serialNumber: 'BOX-1' },
    },
    {
      name: 'stamps the receive time: a boot carries no charger timestamp',
      frame: { chargePointVendor: 'V', chargePointModel: 'M' },
      event: { ...base, vendor: 'V', model: 'M' },
    },
  ])('$name', ({ frame, event }) => {
    expect(boot.decode(frame)).toEqual([event]);
  });

  const frame = { chargePointVendor: 'V', chargePointModel: 'M' };
  it.each([
    { name: 'accepts with the heartbeat interval by default', decisions: {}, answer: { status: 'Accepted', interval: 300 } },
    {
      name: 'answers Pending with the retry interval',
      decisions: { registrationStatus: 'Pending', retryIntervalS: 60 } as const,
      answer: { status: 'Pending', interval: 60 },
    },
    {
      name: 'answers Rejected with the heartbeat interval when no retry interval is set',
      decisions: { registrationStatus: 'Rejected' } as const,
      answer: { status: 'Rejected', interval: 300 },
    },
  ])('$name', ({ decisions, answer }) => {
    expect(boot.respond(frame, decisions)).toEqual({ ...answer, currentTime: now.toISOString() });
  });
});
