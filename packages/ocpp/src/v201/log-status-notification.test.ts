import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const logStatus = action('ocpp2.0.1', 'LogStatusNotification');
const base = { kind: 'log.status', chargerId: 'XZ-0001', at: receivedAt, receivedAt };

describe('2.0.1 LogStatusNotification', () => {
  it.each([
    { name: 'keeps the GetLog request id', frame: { status: 'UploadFailure', requestId: 8 }, event: { ...base, status: 'UploadFailure', requestId: 8 } },
    { name: 'needs no request id when Idle', frame: { status: 'Idle' }, event: { ...base, status: 'Idle' } },
  ])('$name', ({ frame, event }) => {
    expect(logStatus.decode(frame)).toEqual([event]);
  });

  it('answers with an empty payload', () => {
    expect(logStatus.respond({ status: 'Uploaded', requestId: 8 })).toEqual({});
  });
});
