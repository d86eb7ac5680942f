import { describe, expect, it } from 'vitest';
import { action, expectOcppError, receivedAt } from '../testing/wire.js';

const authorize = action('ocpp1.6', 'Authorize');

describe('1.6 Authorize', () => {
  it('asks about the id tag at the receive time', () => {
    expect(authorize.decode({ idTag: 'CARD-0042' })).toEqual([
      { kind: 'authorize.requested', chargerId: 'XZ-0001', at: receivedAt, receivedAt, idToken: 'CARD-0042' },
    ]);
  });

  it.each([
    { status: 'Accepted', answered: 'Accepted' },
    { status: 'Blocked', answered: 'Blocked' },
    { status: 'Expired', answered: 'Expired' },
    { status: 'Unknown', answered: 'Invalid' },
  ] as const)('answers $status as idTagInfo $answered', ({ status, answered }) => {
    expect(authorize.respond({ idTag: 'CARD-0042' }, { idTokenStatus: status })).toEqual({ idTagInfo: { status: answered } });
  });

  it('refuses to answer before the id tag was authorized (InternalError)', () => {
    expectOcppError(() => authorize.respond({ idTag: 'CARD-0042' }), 'InternalError');
  });
});
