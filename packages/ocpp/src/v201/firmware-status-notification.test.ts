import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const firmware = action('ocpp2.0.1', 'FirmwareStatusNotification');
const base = { kind: 'firmware.status', chargerId: 'XZ-0001', at: receivedAt, receivedAt };

describe('2.0.1 FirmwareStatusNotification', () => {
  it.each([
    { name: 'keeps the UpdateFirmware request id', frame: { status: 'Installing', requestId: 12 }, event: { ...base, status: 'Installing', requestId: 12 } },
    { name: 'needs no request id when Idle', frame: { status: 'Idle' }, event: { ...base, status: 'Idle' } },
  ])('$name', ({ frame, event }) => {
    expect(firmware.decode(frame)).toEqual([event]);
  });

  it('answers with an empty payload', () => {
    expect(firmware.respond({ status: 'Installed', requestId: 12 })).toEqual({});
  });
});
