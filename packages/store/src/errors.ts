/**
 * Every error the store raises, with a stable code. Callers branch on `code`, never on messages;
 * messages say what was wrong and what to do about it.
 */

export const storeErrorCodes = {
  /** The embedded database's data directory is held by another live process (or this one). */
  PW_STORE_EMBEDDED_IN_USE: 'embedded database in use',
  /** The embedded database could not listen on its port. */
  PW_STORE_EMBEDDED_PORT: 'embedded database port unavailable',
  /** The database cannot be reached (connection refused, reset, timed out, shutting down). */
  PW_STORE_UNAVAILABLE: 'database unavailable',
  /** A migration statement failed; the message names the migration. */
  PW_STORE_MIGRATION_FAILED: 'migration failed',
  /** The migration list itself is malformed (duplicate or unordered versions). */
  PW_STORE_MIGRATION_LIST: 'migration list invalid',
  /** A charger identity that OCPP does not allow (1..48 printable ASCII characters, no ':'). */
  PW_STORE_INVALID_IDENTITY: 'invalid charger identity',
  /** A password OCPP cannot carry (1..40 characters). */
  PW_STORE_INVALID_PASSWORD: 'invalid password',
  /** A stored password hash this module cannot read. */
  PW_STORE_INVALID_HASH: 'invalid password hash',
  /** A charger with this identity is already registered. */
  PW_STORE_CHARGER_EXISTS: 'charger exists',
  /** No charger with this identity is registered. */
  PW_STORE_UNKNOWN_CHARGER: 'unknown charger',
  /** The operator referred to does not exist. */
  PW_STORE_UNKNOWN_OPERATOR: 'unknown operator',
  /** The station referred to does not exist. */
  PW_STORE_UNKNOWN_STATION: 'unknown station',
  /** A registry record violates a rule (unique credit code, check constraint, ...). */
  PW_STORE_INVALID_RECORD: 'invalid record',
  /** A fleet file that does not match the fleet schema; the message names the bad entry. */
  PW_STORE_INVALID_FLEET: 'invalid fleet',
  /** The writer was closed; nothing more is accepted. */
  PW_STORE_WRITER_CLOSED: 'writer closed',
  /** The database refused an item's writes (constraint, bad value); only that item failed. */
  PW_STORE_WRITE_REJECTED: 'write rejected',
} as const;

export type StoreErrorCode = keyof typeof storeErrorCodes;

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}

const unavailableNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * True when `err` means the database could not be reached or dropped the connection, as opposed to a
 * statement it refused. Retrying the same statement later may then succeed.
 */
export function isUnavailable(err: unknown): boolean {
  if (isStoreError(err, 'PW_STORE_UNAVAILABLE')) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (unavailableNodeCodes.has(code)) return true;
    // SQLSTATE class 08 (connection exception), 57P01..57P03 (shutdown, crash, cannot connect now).
    if (/^08/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return false;
  }
  // pg reports a lost connection and a pool timeout without a code.
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(
    err.message,
  );
}

/** A coded error for a database failure during `what`, keeping the original as the cause. */
export function databaseError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (isUnavailable(err)) {
    return new StoreError('PW_STORE_UNAVAILABLE', `${what}: the database is unavailable (${detail}); retry later`, { cause: err });
  }
  return new StoreError('PW_STORE_WRITE_REJECTED', `${what}: the database refused it (${detail})`, { cause: err });
}
