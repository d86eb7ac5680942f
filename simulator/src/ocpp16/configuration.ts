/**
 * The OCPP 1.6 configuration keys a virtual pile exposes (GetConfiguration / ChangeConfiguration), each
 * bound to a neutral setting. Read-only keys describe the pile; unknown keys are reported as unknown.
 */
import type { ChargerView } from '../charger/dialect.js';
import { parseBool, parseMeasurands, parseWhole, type ChargerSettings } from '../charger/settings.js';

export interface ConfigurationKey {
  key: string;
  readonly: boolean;
  get(c: ChargerView): string;
  /** Applies a value; the setting's name when it changed, false when the value is not acceptable. */
  set?(s: ChargerSettings, value: string): keyof ChargerSettings | false;
}

const whole = (name: keyof ChargerSettings, min: number, max: number) => (s: ChargerSettings, v: string) => {
  const n = parseWhole(v, min, max);
  if (n === undefined) return false;
  (s as unknown as Record<string, number>)[name] = n;
  return name;
};

const flag = (name: keyof ChargerSettings) => (s: ChargerSettings, v: string) => {
  const b = parseBool(v);
  if (b === undefined) return false;
  (s as unknown as Record<string, boolean>)[name] = b;
  return name;
};

export const configurationKeys: ConfigurationKey[] = [
  { key: 'HeartbeatInterval', readonly: false, get: (c) => String(c.settings.heartbeatIntervalS), set: whole('heartbeatIntervalS', 1, 86_400) },
  { key: 'MeterValueSampleInterval', readonly: false, get: (c) => String(c.settings.meterIntervalS), set: whole('meterIntervalS', 1, 86_400) },
  {
    key: 'MeterValuesSampledData',
    readonly: false,
    get: (c) => c.settings.measurands.join(','),
    set: (s, v) => {
      const list = parseMeasurands(v);
      if (!list || list.length === 0) return false;
      s.measurands = list;
      return 'measurands';
    },
  },
  { key: 'AuthorizeRemoteTxRequests', readonly: false, get: (c) => String(c.settings.authorizeRemoteStart), set: flag('authorizeRemoteStart') },
  { key: 'LocalAuthorizeOffline', readonly: false, get: (c) => String(c.settings.localAuthorizeOffline), set: flag('localAuthorizeOffline') },
  { key: 'StopTransactionOnInvalidId', readonly: false, get: (c) => String(c.settings.stopOnInvalidId), set: flag('stopOnInvalidId') },
  {
    key: 'TransactionMessageAttempts',
    readonly: false,
    get: (c) => String(c.settings.transactionMessageAttempts),
    set: whole('transactionMessageAttempts', 1, 100),
  },
  {
    key: 'TransactionMessageRetryInterval',
    readonly: false,
    get: (c) => String(c.settings.transactionMessageRetryIntervalS),
    set: whole('transactionMessageRetryIntervalS', 1, 3600),
  },
  { key: 'ConnectionTimeOut', readonly: false, get: (c) => String(c.settings.connectionTimeoutS), set: whole('connectionTimeoutS', 1, 3600) },
  {
    key: 'WebSocketPingInterval',
    readonly: false,
    get: (c) => String(c.settings.webSocketPingIntervalS),
    set: whole('webSocketPingIntervalS', 0, 3600),
  },
  { key: 'NumberOfConnectors', readonly: true, get: (c) => String(c.connectors.length) },
  { key: 'SupportedFeatureProfiles', readonly: true, get: () => 'Core,RemoteTrigger' },
  { key: 'MeterValuesSampledDataMaxLength', readonly: true, get: () => '6' },
  { key: 'GetConfigurationMaxKeys', readonly: true, get: () => '50' },
  { key: 'ChargePointVendor', readonly: true, get: (c) => c.spec.vendor },
  { key: 'ChargePointModel', readonly: true, get: (c) => c.spec.model },
];

const byKey = new Map(configurationKeys.map((k) => [k.key.toLowerCase(), k]));

export function findKey(key: string): ConfigurationKey | undefined {
  return byKey.get(key.toLowerCase());
}
