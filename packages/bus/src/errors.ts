/** The bus's error catalogue. */

export const busErrorCodes = {
  PW_BUS_NO_HOLDER: 'no csms node holds the charger (it is not connected)',
  PW_BUS_REQUEST_TIMEOUT: 'the node holding the charger did not answer in time',
  PW_BUS_BAD_STREAM_ID: 'a stream id must look like <ms>-<seq>',
  PW_BUS_BAD_NAME: 'names must be non-empty and free of ":"',
  PW_BUS_ALREADY_SERVING: 'this bus already serves requests for the node',
  PW_BUS_CLOSED: 'the bus is closed',
} as const;

export type BusErrorCode = keyof typeof busErrorCodes;

export class BusError extends Error {
  constructor(
    readonly code: BusErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'BusError';
  }
}

/** An error thrown by a request handler on another node (or in-process), carried back with its code. */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/** What crosses the bus when a handler fails: enough to rebuild a `RemoteError`. */
export interface SerializedError {
  code: string;
  message: string;
  details?: unknown;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const coded = err as Error & { code?: unknown; details?: unknown };
    return {
      code: typeof coded.code === 'string' ? coded.code : 'PW_BUS_HANDLER_FAILED',
      message: err.message,
      ...(coded.details === undefined ? {} : { details: coded.details }),
    };
  }
  return { code: 'PW_BUS_HANDLER_FAILED', message: String(err) };
}

export function remoteError(e: SerializedError): RemoteError {
  return new RemoteError(e.code, e.message, e.details);
}

export function checkName(kind: string, name: string): void {
  if (!name || name.includes(':')) {
    throw new BusError('PW_BUS_BAD_NAME', `${kind} name ${JSON.stringify(name)}: ${busErrorCodes.PW_BUS_BAD_NAME}`);
  }
}
