import { describe, expect, it } from 'vitest';
import { StoreError, databaseError, isUnavailable } from './errors.js';

const withCode = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('isUnavailable', () => {
  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET'), true],
    ['lost connection', withCode('Connection terminated unexpectedly'), true],
    ['pool timeout', withCode('timeout exceeded when trying to connect'), true],
    ['server shutting down', withCode('terminating connection due to administrator command', '57P01'), true],
    ['connection exception class', withCode('connection failure', '08006'), true],
    ['unique violation', withCode('duplicate key value', '23505'), false],
    ['integer out of range', withCode('integer out of range', '22003'), false],
    ['syntax error', withCode('syntax error at or near', '42601'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s → %s', (_name, err, expected) => {
    expect(isUnavailable(err)).toBe(expected);
  });
});

describe('databaseError', () => {
  it('codes an unreachable database as unavailable and a refused statement as rejected, keeping the cause', () => {
    const down = withCode('connect ECONNREFUSED', 'ECONNREFUSED');
    expect(databaseError(down, 'saving')).toMatchObject({ code: 'PW_STORE_UNAVAILABLE', cause: down });
    expect(databaseError(withCode('bad', '23514'), 'saving')).toMatchObject({ code: 'PW_STORE_WRITE_REJECTED' });
    const coded = new StoreError('PW_STORE_UNKNOWN_CHARGER', 'x');
    expect(databaseError(coded, 'saving')).toBe(coded);
  });
});
