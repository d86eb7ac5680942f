/**
 * A charger's configurable behaviour in neutral terms. OCPP 1.6 exposes it as configuration keys
 * (ocpp16/configuration.ts) and 2.0.1 as device-model variables (ocpp201/device-model.ts); a change
 * through either takes effect on the next heartbeat, sample or retry.
 */

export interface ChargerSettings {
  /** Heartbeat interval in real seconds: the central system measures it on its own clock. */
  heartbeatIntervalS: number;
  /** Seconds between meter samples during a transaction, in simulated time. */
  meterIntervalS: number;
  measurands: string[];
  /** Ask the central system to authorize an idTag from a remote start before starting. */
  authorizeRemoteStart: boolean;
  /** Start sessions while offline on the card alone. */
  localAuthorizeOffline: boolean;
  /** Stop a transaction whose start was answered with a non-accepted idTag. */
  stopOnInvalidId: boolean;
  transactionMessageAttempts: number;
  /** Real seconds before retrying a rejected transaction message (times the attempt number). */
  transactionMessageRetryIntervalS: number;
  /** Simulated seconds a remote start waits for a car to be plugged in. */
  connectionTimeoutS: number;
  webSocketPingIntervalS: number;
}

export const supportedMeasurands = [
  'Energy.Active.Import.Register',
  'Power.Active.Import',
  'Current.Import',
  'Voltage',
  'SoC',
  'Temperature',
] as const;

export function defaultSettings(meterIntervalS: number): ChargerSettings {
  return {
    heartbeatIntervalS: 300,
    meterIntervalS,
    measurands: [...supportedMeasurands],
    authorizeRemoteStart: false,
    localAuthorizeOffline: true,
    stopOnInvalidId: true,
    transactionMessageAttempts: 3,
    transactionMessageRetryIntervalS: 10,
    connectionTimeoutS: 90,
    webSocketPingIntervalS: 0,
  };
}

/** Parses a comma-separated measurand list; undefined if any is unknown to this pile. */
export function parseMeasurands(value: string): string[] | undefined {
  const list = value
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  return list.every((m) => (supportedMeasurands as readonly string[]).includes(m)) ? list : undefined;
}

export function parseBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

export function parseWhole(value: string, min: number, max: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}
