import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const signedFirmware = action('ocpp1.6', 'SignedFirmwareStatusNotification');
const base = { kind: 'firmware.status', chargerId: 'XZ-0001', at: receivedAt, receivedAt, signed: true };

describe('1.6 SignedFirmwareStatusNotification', () => {
  it.each([
    {
      name: 'is a firmware status marked signed, with its request id',
      frame: { status: 'InvalidSignature', requestId: 5 },
      event: { ...base, status: 'InvalidSignature', requestId: 5 },
    },
    { name: 'needs no request id', frame: { status: 'Idle' }, event: { ...base, status: 'Idle' } },
  ])('$name', ({ frame, event }) => {
    expect(signedFirmware.decode(frame)).toEqual([event]);
  });

  it('answers with an empty payload', () => {
    expect(signedFirmware.respond({ status: 'Installed', requestId: 5 })).toEqual({});
  });
});
