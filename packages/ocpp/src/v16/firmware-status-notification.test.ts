import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const firmware = action('ocpp1.6', 'FirmwareStatusNotification');

describe('1.6 FirmwareStatusNotification', () => {
  it.each(['Downloading', 'InstallationFailed', 'Installed'])('reports %s', (status) => {
    expect(firmware.decode({ status })).toEqual([{ kind: 'firmware.status', chargerId: 'XZ-0001', at: receivedAt, receivedAt, status }]);
  });

  it('answers with an empty payload', () => {
    expect(firmware.respond({ status: 'Idle' })).toEqual({});
  });
});
