import { isUnavailable } from '@pilewatch/store';

/**
 * The API's error catalogue. Every error a client sees has the same shape,
 * `{ error: { code, message, details? } }`, a stable code and the HTTP status that goes with it.
 */

export const apiErrors = {
  PW_API_VALIDATION: { status: 400, meaning: 'the request is malformed; the message names the field and the problem' },
  PW_API_UNAUTHENTICATED: { status: 401, meaning: 'no bearer token, or not a valid one (unknown or revoked)' },
  PW_API_FORBIDDEN: { status: 403, meaning: "the token's role may not use this route" },
  PW_API_NOT_FOUND: { status: 404, meaning: 'no such resource, or not one the caller may see' },
  PW_API_CONFLICT: { status: 409, meaning: 'the resource already exists or is still in use' },
  PW_API_BODY_TOO_LARGE: { status: 413, meaning: 'the request body is larger than the limit' },
  PW_API_UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'request bodies must be application/json' },
  PW_API_RATE_LIMITED: { status: 429, meaning: 'too many requests for this token; retry after the given time' },
  PW_API_CHARGER_OFFLINE: { status: 409, meaning: 'the charger is not connected, so the command was not sent' },
  PW_API_CHARGER_NOT_ACCEPTED: { status: 409, meaning: 'the charger is connected but not Accepted, so OCPP forbids commands' },
  PW_API_COMMAND_REJECTED: { status: 502, meaning: 'the charger answered the command with a protocol error (CALLERROR)' },
  PW_API_COMMAND_BAD_ANSWER: { status: 502, meaning: "the charger's answer does not conform to the OCPP schema" },
  PW_API_CHARGER_DISCONNECTED: { status: 502, meaning: 'the charger disconnected before answering; the command may or may not have run' },
  PW_API_COMMAND_TIMEOUT: { status: 504, meaning: 'the charger did not answer in time; the command may or may not have run' },
  PW_API_NOT_READY: { status: 503, meaning: 'a dependency (database or Redis) is unreachable' },
  PW_API_INTERNAL: { status: 500, meaning: 'an unexpected failure; the log has the details' },
} as const;

export type ApiErrorCode = keyof typeof apiErrors;

export class ApiError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = apiErrors[code].status;
  }
}

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details?: Record<string, unknown> };
}

export function errorBody(err: ApiError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
}

export const notFound = (what: string, id: string) => new ApiError('PW_API_NOT_FOUND', `${what} ${id} not found`);

/** Turns what fastify and its plugins throw into the catalogue; anything unknown is an internal error. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PW_API_BODY_TOO_LARGE', `request body is larger than the limit: ${e.message}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('PW_API_UNSUPPORTED_MEDIA_TYPE', 'request bodies must be sent as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('PW_API_VALIDATION', 'body: a JSON body is required (the content type says JSON but the body is empty)');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('PW_API_VALIDATION', `body: not valid JSON (${e.message})`);
  }
  if (e.statusCode === 400 && err instanceof SyntaxError) {
    return new ApiError('PW_API_VALIDATION', `body: not valid JSON (${err.message})`);
  }
  // A database outage is not the request's fault and passes: say so, so clients retry.
  if (isUnavailable(err)) return new ApiError('PW_API_NOT_READY', 'the database is unavailable; retry shortly');
  return new ApiError('PW_API_INTERNAL', 'internal error');
}

/** PostgreSQL's unique-violation code: a create that collides with an existing row. */
export function isUniqueViolation(err: unknown): err is { code: '23505'; constraint?: string; detail?: string } {
  return (err as { code?: string })?.code === '23505';
}

export function isForeignKeyViolation(err: unknown): err is { code: '23503'; constraint?: string; detail?: string } {
  return (err as { code?: string })?.code === '23503';
}
