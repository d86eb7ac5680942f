/**
 * The OCPP 2.0.1 device model of a virtual pile (GetVariables / SetVariables): standard controller
 * components bound to neutral settings, plus per-EVSE and per-connector read-only variables.
 */
import type { ChargerView } from '../charger/dialect.js';
import { parseBool, parseMeasurands, parseWhole, type ChargerSettings } from '../charger/settings.js';
import { ocpp201Status } from './messages.js';

export interface ComponentRef {
  name: string;
  instance?: string;
  evse?: { id: number; connectorId?: number };
}

export interface VariableRef {
  name: string;
  instance?: string;
}

interface StationVariable {
  component: string;
  variable: string;
  instance?: string;
  get(c: ChargerView): string;
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

/** Variables of the station's controllers (no EVSE). */
const stationVariables: StationVariable[] = [
  { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', get: (c) => String(c.settings.heartbeatIntervalS), set: whole('heartbeatIntervalS', 1, 86_400) },
  { component: 'OCPPCommCtrlr', variable: 'MessageAttempts', instance: 'TransactionEvent', get: (c) => String(c.settings.transactionMessageAttempts), set: whole('transactionMessageAttempts', 1, 100) },
  { component: 'OCPPCommCtrlr', variable: 'MessageAttemptInterval', instance: 'TransactionEvent', get: (c) => String(c.settings.transactionMessageRetryIntervalS), set: whole('transactionMessageRetryIntervalS', 1, 3600) },
  { component: 'OCPPCommCtrlr', variable: 'WebSocketPingInterval', get: (c) => String(c.settings.webSocketPingIntervalS), set: whole('webSocketPingIntervalS', 0, 3600) },
  { component: 'SampledDataCtrlr', variable: 'TxUpdatedInterval', get: (c) => String(c.settings.meterIntervalS), set: whole('meterIntervalS', 1, 86_400) },
  {
    component: 'SampledDataCtrlr',
    variable: 'TxUpdatedMeasurands',
    get: (c) => c.settings.measurands.filter((m) => m !== 'Temperature').join(','),
    set: (s, v) => {
      const list = parseMeasurands(v);
      if (!list || list.length === 0 || list.includes('Temperature')) return false;
      s.measurands = list;
      return 'measurands';
    },
  },
  { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart', get: (c) => String(c.settings.authorizeRemoteStart), set: flag('authorizeRemoteStart') },
  { component: 'AuthCtrlr', variable: 'LocalAuthorizeOffline', get: (c) => String(c.settings.localAuthorizeOffline), set: flag('localAuthorizeOffline') },
  { component: 'TxCtrlr', variable: 'StopTxOnInvalidId', get: (c) => String(c.settings.stopOnInvalidId), set: flag('stopOnInvalidId') },
  { component: 'TxCtrlr', variable: 'EVConnectionTimeOut', get: (c) => String(c.settings.connectionTimeoutS), set: whole('connectionTimeoutS', 1, 3600) },
  { component: 'SecurityCtrlr', variable: 'Identity', get: (c) => c.id },
  { component: 'SecurityCtrlr', variable: 'SecurityProfile', get: () => '1' },
  { component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', instance: 'GetVariables', get: () => '50' },
  { component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', instance: 'SetVariables', get: () => '50' },
  {
    component: 'ChargingStation',
    variable: 'AvailabilityState',
    get: (c) => (c.chargerFault() ? 'Faulted' : c.connectors.every((k) => !k.operative) ? 'Unavailable' : 'Available'),
  },
  { component: 'ChargingStation', variable: 'Available', get: () => 'true' },
];

const same = (a: string | undefined, b: string | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

export type GetResult =
  | { attributeStatus: 'Accepted'; attributeValue: string }
  | { attributeStatus: 'UnknownComponent' | 'UnknownVariable' | 'NotSupportedAttributeType' };

export type SetResult = {
  attributeStatus: 'Accepted' | 'Rejected' | 'UnknownComponent' | 'UnknownVariable' | 'NotSupportedAttributeType';
  changed?: keyof ChargerSettings;
};

/** Reads one variable. Only the Actual attribute exists on a virtual pile. */
export function getVariable(c: ChargerView, component: ComponentRef, variable: VariableRef, attributeType = 'Actual'): GetResult {
  const found = lookup(c, component, variable);
  if ('attributeStatus' in found) return found;
  if (attributeType !== 'Actual') return { attributeStatus: 'NotSupportedAttributeType' };
  return { attributeStatus: 'Accepted', attributeValue: found.get() };
}

export function setVariable(
  c: ChargerView,
  component: ComponentRef,
  variable: VariableRef,
  value: string,
  attributeType = 'Actual',
): SetResult {
  const found = lookup(c, component, variable);
  if ('attributeStatus' in found) return found;
  if (attributeType !== 'Actual') return { attributeStatus: 'NotSupportedAttributeType' };
  if (!found.set) return { attributeStatus: 'Rejected' };
  const changed = found.set(value);
  return changed ? { attributeStatus: 'Accepted', changed } : { attributeStatus: 'Rejected' };
}

function lookup(
  c: ChargerView,
  component: ComponentRef,
  variable: VariableRef,
): { get(): string; set?: (v: string) => keyof ChargerSettings | false } | { attributeStatus: 'UnknownComponent' | 'UnknownVariable' } {
  if (same(component.name, 'EVSE') || same(component.name, 'Connector')) {
    const conn = c.connectors.find(
      (k) => k.spec.evseId === component.evse?.id && (component.evse.connectorId === undefined || k.spec.connectorId === component.evse.connectorId),
    );
    if (!conn) return { attributeStatus: 'UnknownComponent' };
    const table: Record<string, () => string> = same(component.name, 'EVSE')
      ? {
          availabilitystate: () => ocpp201Status(conn.status),
          power: () => String(conn.spec.maxPowerKw * 1000),
          supplyphases: () => (conn.spec.currentType === 'DC' ? '0' : '1'),
        }
      : {
          availabilitystate: () => ocpp201Status(conn.status),
          connectortype: () => conn.spec.connectorType,
        };
    const get = table[variable.name.toLowerCase()];
    return get ? { get } : { attributeStatus: 'UnknownVariable' };
  }
  const ofComponent = stationVariables.filter((v) => same(v.component, component.name));
  if (ofComponent.length === 0) return { attributeStatus: 'UnknownComponent' };
  const v = ofComponent.find((x) => same(x.variable, variable.name) && same(x.instance, variable.instance));
  if (!v) return { attributeStatus: 'UnknownVariable' };
  return { get: () => v.get(c), ...(v.set ? { set: (value: string) => v.set!(c.settings, value) } : {}) };
}
