import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const diagnostics = action('ocpp1.6', 'DiagnosticsStatusNotification');

describe('1.6 DiagnosticsStatusNotification', () => {
  it.each(['Uploading', 'Uploaded', 'UploadFailed'])('reports %s', (status) => {
    expect(diagnostics.decode({ status })).toEqual([{ kind: 'diagnostics.status', chargerId: 'XZ-0001', at: receivedAt, receivedAt, status }]);
  });

  it('answers with an empty payload', () => {
    expect(diagnostics.respond({ status: 'Idle' })).toEqual({});
  });
});
