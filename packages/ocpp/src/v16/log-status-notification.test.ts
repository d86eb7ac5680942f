import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const logStatus = action('ocpp1.6', 'LogStatusNotification');
const base = { kind: 'log.status', chargerId: 'XZ-0001', at: receivedAt, receivedAt };

describe('1.6 LogStatusNotification', () => {
  it.each([
    { name: 'keeps the GetLog request id', frame: { status: 'Uploaded', requestId: 31 }, event: { ...base, status: 'Uploaded', requestId: 31 } },
    { name: 'needs no request id (Idle after a trigger)', frame: { status: 'Idle' }, event: { ...base, status: 'Idle' } },
  ])('$name', ({ frame, event }) => {
    expect(logStatus.decode(frame)).toEqual([event]);
  });

  it('answers with an empty payload', () => {
    expect(logStatus.respond({ status: 'Uploading', requestId: 31 })).toEqual({});
  });
});
