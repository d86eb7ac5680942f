import { describe, expect, it } from 'vitest';
import { action, expectOcppError, receivedAt } from '../testing/wire.js';

const authorize = action('ocpp2.0.1', 'Authorize');
const frame = { idToken: { idToken: '04A2B3C4D5E6F7', type: 'ISO14443' } };

describe('2.0.1 Authorize', () => {
  it('asks about the id token and keeps its type', () => {
    expect(authorize.decode(frame)).toEqual([
      { kind: 'authorize.requested', chargerId: 'XZ-0001', at: receivedAt, receivedAt, idToken: '04A2B3C4D5E6F7', tokenType: 'ISO14443' },
    ]);
  });

  it.each(['Accepted', 'Blocked', 'Unknown', 'ConcurrentTx'] as const)('answers idTokenInfo %s', (status) => {
    expect(authorize.respond(frame, { idTokenStatus: status })).toEqual({ idTokenInfo: { status } });
  });

  it('refuses to answer before the token was authorized (InternalError)', () => {
    expectOcppError(() => authorize.respond(frame), 'InternalError');
  });
});
