/** The store's registry errors, as the API reports them: the field at fault, or the conflict. */
import { ApiError } from '../errors.js';

export function registryFailure(err: unknown): ApiError | undefined {
  const { code, message, cause } = err as { code?: string; message?: string; cause?: { code?: string } };
  switch (code) {
    case 'PW_STORE_CHARGER_EXISTS':
      return new ApiError('PW_API_CONFLICT', `id: ${message}`);
    case 'PW_STORE_UNKNOWN_OPERATOR':
      return new ApiError('PW_API_VALIDATION', `operatorId: no such operator (${message})`);
    case 'PW_STORE_UNKNOWN_STATION':
      return new ApiError('PW_API_VALIDATION', `stationId: no such station (${message})`);
    case 'PW_STORE_INVALID_IDENTITY':
      return new ApiError('PW_API_VALIDATION', `id: ${message}`);
    case 'PW_STORE_INVALID_PASSWORD':
      return new ApiError('PW_API_VALIDATION', `password: ${message}`);
    case 'PW_STORE_INVALID_RECORD':
      return cause?.code === '23505' ? new ApiError('PW_API_CONFLICT', message ?? 'already exists') : new ApiError('PW_API_VALIDATION', message ?? 'invalid record');
    case 'PW_STORE_UNAVAILABLE':
      return new ApiError('PW_API_NOT_READY', 'the database is unavailable; retry shortly');
    default:
      return undefined;
  }
}

/** Runs a registry write, reporting the store's errors in API terms. */
export async function registryWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw registryFailure(err) ?? err;
  }
}
