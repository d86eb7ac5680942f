import { describe, expect, it } from 'vitest';
import { ApiError, apiErrors, errorBody, toApiError } from './errors.js';

describe('the error catalogue', () => {
  it('gives every code a client-error or server-error status', () => {
    for (const [code, { status }] of Object.entries(apiErrors)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it('renders one shape, with details only when there are some', () => {
    expect(errorBody(new ApiError('PW_API_NOT_FOUND', 'station x not found'))).toEqual({
      error: { code: 'PW_API_NOT_FOUND', message: 'station x not found' },
    });
    expect(errorBody(new ApiError('PW_API_VALIDATION', 'body.id: bad', { problems: [] }))).toEqual({
      error: { code: 'PW_API_VALIDATION', message: 'body.id: bad', details: { problems: [] } },
    });
  });
});

describe('toApiError', () => {
  it.each([
    [{ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413, message: 'Request body is too large' }, 'PW_API_BODY_TOO_LARGE', 413],
    [{ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415, message: 'Unsupported Media Type' }, 'PW_API_UNSUPPORTED_MEDIA_TYPE', 415],
    [{ code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400, message: 'empty' }, 'PW_API_VALIDATION', 400],
    [{ code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400, message: 'Unexpected token' }, 'PW_API_VALIDATION', 400],
    [Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 }), 'PW_API_VALIDATION', 400],
    [new Error('connection reset'), 'PW_API_INTERNAL', 500],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'PW_API_NOT_READY', 503],
  ])('%o → %s', (thrown, code, status) => {
    const err = toApiError(thrown);
    expect(err.code).toBe(code);
    expect(err.statusCode).toBe(status);
  });

  it('never repeats an internal error’s message to the client', () => {
    expect(toApiError(new Error('password authentication failed for user postgres')).message).toBe('internal error');
  });

  it('passes an ApiError through unchanged', () => {
    const e = new ApiError('PW_API_FORBIDDEN', 'no');
    expect(toApiError(e)).toBe(e);
  });
});
