/**
 * Which alert a reported fault is: the mapping from OCPP 1.6 error codes, 2.0.1 problem components and
 * the words Chinese (and other) vendors put in vendorErrorCode / techCode / info, to alert codes.
 *
 * Vendors mostly send numeric codes of their own; those only mean something with the vendor's manual,
 * so they come from configuration (`VendorFaultCode`). Many also send the fault's name in text, which
 * the keyword table below recognises without configuration.
 */
import type { AlertCode } from './alert-rules.js';

/** What a charger said about a fault, from either protocol version. */
export interface FaultReport {
  /** 1.6 ChargePointErrorCode. */
  errorCode?: string;
  vendorId?: string;
  vendorErrorCode?: string;
  info?: string;
  /** 2.0.1 NotifyEvent component and variable of a problem. */
  component?: string;
  variable?: string;
  /** 2.0.1 techCode. */
  techCode?: string;
}

/** A vendor's own code, configured per deployment; without vendorId it applies to every vendor. */
export interface VendorFaultCode {
  vendorId?: string;
  code: string;
  rule: AlertCode;
}

/** 1.6 ChargePointErrorCode → alert. `NoError` is no fault; `OtherError` and `InternalError` say too little. */
export const ocpp16ErrorCodes: Readonly<Record<string, AlertCode>> = {
  ConnectorLockFailure: 'fault.connector_lock',
  EVCommunicationError: 'fault.ev_communication',
  GroundFailure: 'fault.ground_failure',
  // The 1.6 text: "Temperature inside Charge Point is too high" — the pile, not the gun.
  HighTemperature: 'fault.pile_over_temperature',
  LocalListConflict: 'fault.other',
  OverCurrentFailure: 'fault.over_current',
  OverVoltage: 'fault.over_voltage',
  PowerMeterFailure: 'fault.power_meter',
  PowerSwitchFailure: 'fault.power_switch',
  ReaderFailure: 'fault.reader',
  ResetFailure: 'fault.other',
  UnderVoltage: 'fault.under_voltage',
  WeakSignal: 'fault.weak_signal',
};

/** 2.0.1 standardised components (OCPP 2.0.1 part 2, appendix 3) whose problem says what failed. */
export const ocpp201ProblemComponents: Readonly<Record<string, AlertCode>> = {
  EmergencyStopSensor: 'fault.emergency_stop',
  GroundIsolationProtection: 'fault.insulation',
  RCD: 'fault.ground_failure',
  RCDRecloser: 'fault.ground_failure',
  OverCurrentProtection: 'fault.over_current',
  OverCurrentProtectionRecloser: 'fault.over_current',
  TemperatureSensor: 'fault.pile_over_temperature',
  ConnectorPlugRetentionLock: 'fault.connector_lock',
  EVRetentionLock: 'fault.connector_lock',
  FiscalMetering: 'fault.power_meter',
  ControlMetering: 'fault.power_meter',
  PowerContactor: 'fault.power_switch',
  TokenReader: 'fault.reader',
  CPPWMController: 'fault.ev_communication',
  ISO15118Ctrlr: 'fault.ev_communication',
  // A pile knocked over or struck: treated as tampering, the physical-safety alert.
  TiltSensor: 'security.tamper',
  ShockSensor: 'security.tamper',
};

/**
 * Words in vendor text → alert, first match wins, so the specific entries come before the general ones
 * (充电枪过温 before 过温). Matching is on the normalised text (NFKC, lower case, no spaces or
 * separators) containing the keyword; `exact` keywords must be the whole text (short acronyms such as
 * "ocp" would otherwise match inside "ocpp").
 */
export const vendorFaultKeywords: ReadonlyArray<{ rule: AlertCode; contains: string[]; exact?: string[] }> = [
  { rule: 'fault.emergency_stop', contains: ['急停', '紧急停止', '紧急停机', 'emergencystop', 'estop'] },
  { rule: 'fault.insulation', contains: ['绝缘', 'insulation', 'isolationfault'], exact: ['imd'] },
  {
    rule: 'fault.gun_over_temperature',
    contains: ['充电枪过温', '枪过温', '枪头过温', '枪温过高', '枪温度过高', '枪线过温', '电缆过温', 'gunovertemp', 'connectorovertemp', 'cableovertemp', 'plugovertemp', 'guntemp'],
  },
  {
    rule: 'fault.pile_over_temperature',
    contains: ['桩体过温', '桩过温', '机柜过温', '柜体过温', '模块过温', '内部过温', '过温', '温度过高', 'overtemp', 'hightemp'],
  },
  { rule: 'fault.ground_failure', contains: ['接地', '漏电', 'groundfault', 'groundfailure', 'earthfault', 'residualcurrent', 'leakage'], exact: ['rcd'] },
  { rule: 'fault.over_voltage', contains: ['过压', 'overvoltage'], exact: ['ovp'] },
  { rule: 'fault.under_voltage', contains: ['欠压', 'undervoltage'], exact: ['uvp'] },
  { rule: 'fault.over_current', contains: ['过流', 'overcurrent'], exact: ['ocp'] },
  { rule: 'fault.power_meter', contains: ['电表', '电能表', '计量', 'powermeter', 'meterfail', 'metercomm'] },
  { rule: 'fault.connector_lock', contains: ['电子锁', '枪锁', '锁止', 'lockfail', 'connectorlock'] },
  { rule: 'fault.power_switch', contains: ['接触器', '继电器', 'contactor', 'relay', 'powerswitch'] },
  { rule: 'fault.ev_communication', contains: ['bms', '车桩通信', '车辆通信', 'evcommunication'] },
  { rule: 'fault.reader', contains: ['读卡器', '刷卡', 'cardreader', 'readerfail'] },
];

export function normaliseFaultText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-.:/]+/g, '');
}

function byKeyword(text: string | undefined): AlertCode | undefined {
  if (!text) return undefined;
  const t = normaliseFaultText(text);
  if (!t) return undefined;
  for (const entry of vendorFaultKeywords) {
    if (entry.exact?.includes(t)) return entry.rule;
    if (entry.contains.some((k) => t.includes(k))) return entry.rule;
  }
  return undefined;
}

function byVendorTable(report: FaultReport, table: readonly VendorFaultCode[]): AlertCode | undefined {
  const codes = [report.vendorErrorCode, report.techCode].filter((c): c is string => !!c);
  for (const code of codes) {
    const own = table.find((e) => e.code === code && e.vendorId !== undefined && e.vendorId === report.vendorId);
    if (own) return own.rule;
    const any = table.find((e) => e.code === code && e.vendorId === undefined);
    if (any) return any.rule;
  }
  return undefined;
}

/**
 * The alert a fault report is, most specific knowledge first: the configured vendor table, the vendor's
 * words, the OCPP 1.6 error code (also when a 2.0.1 charger reuses it as techCode), the 2.0.1 problem
 * component, the words in `info`; else `fault.internal` for InternalError and `fault.other` for the rest.
 */
export function classifyFault(report: FaultReport, vendorCodes: readonly VendorFaultCode[] = []): AlertCode {
  return (
    byVendorTable(report, vendorCodes) ??
    byKeyword(report.vendorErrorCode) ??
    byKeyword(report.techCode) ??
    (report.errorCode ? ocpp16ErrorCodes[report.errorCode] : undefined) ??
    (report.techCode ? ocpp16ErrorCodes[report.techCode] : undefined) ??
    (report.component ? ocpp201ProblemComponents[report.component] : undefined) ??
    byKeyword(report.info) ??
    (report.errorCode === 'InternalError' || report.techCode === 'InternalError' ? 'fault.internal' : 'fault.other')
  );
}

/** A 1.6 status notification reports a fault when the connector is Faulted or carries an error code. */
export function statusReportsFault(status: string, errorCode: string | undefined): boolean {
  return status === 'Faulted' || (errorCode !== undefined && errorCode !== '' && errorCode !== 'NoError');
}
