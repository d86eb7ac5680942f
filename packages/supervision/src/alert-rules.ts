/**
 * The catalogue of safety alert rules: stable code, severity, titles, and in words what opens and what
 * clears each one. The behaviour lives in `conditions/`; the thresholds in `rules-config.ts`.
 *
 * Severity follows the grading Chinese supervision platforms use for alarm pushes (AlarmLevel):
 * 1 personal safety (人身安全), 2 equipment safety (设备安全), 3 notice (提示). `alarmType` is the T/CEC
 * AlarmType: 1 charging system, 2 battery system, 3 power distribution.
 */

export type Severity = 1 | 2 | 3;
export type AlarmType = 1 | 2 | 3;
/** Whether the alert is about one connector or the charger as a whole (then keyed to EVSE 0 / connector 0). */
export type AlertScope = 'connector' | 'charger';

export interface AlertRule {
  code: string;
  severity: Severity;
  alarmType: AlarmType;
  scope: AlertScope;
  titleZh: string;
  titleEn: string;
  opens: string;
  clears: string;
}

const faultClears = 'a later status notification for the connector no longer carries the error; for a 2.0.1 problem, the charger reports the same component/variable cleared';
const faultOpens = (what: string) =>
  `the connector reports an error classified as ${what} (1.6 StatusNotification errorCode/vendorErrorCode, 2.0.1 NotifyEvent problem/techCode; see fault-codes.ts)`;
const quietClears = (what: string) => `no further ${what} for the rule's quietMinutes (checked on clock ticks)`;

function rule<C extends string>(
  code: C,
  severity: Severity,
  alarmType: AlarmType,
  scope: AlertScope,
  titleZh: string,
  titleEn: string,
  opens: string,
  clears: string,
): AlertRule & { code: C } {
  return { code, severity, alarmType, scope, titleZh, titleEn, opens, clears };
}

const catalogue = [
  // ---- faults the charger reports ----
  rule('fault.emergency_stop', 1, 1, 'connector', '急停按钮动作', 'Emergency stop activated', faultOpens('an emergency stop'), faultClears),
  rule('fault.insulation', 1, 1, 'connector', '绝缘故障', 'Insulation fault', faultOpens('an insulation fault'), faultClears),
  rule('fault.ground_failure', 1, 3, 'connector', '接地故障', 'Ground failure', faultOpens('a ground (earth) or residual-current failure'), faultClears),
  rule('fault.gun_over_temperature', 1, 1, 'connector', '充电枪过温', 'Charging gun over-temperature', faultOpens('gun/cable over-temperature'), faultClears),
  rule('fault.pile_over_temperature', 2, 1, 'connector', '充电桩过温', 'Pile over-temperature', faultOpens('pile (cabinet, module) over-temperature, including 1.6 HighTemperature'), faultClears),
  rule('fault.over_voltage', 2, 3, 'connector', '过压故障', 'Over-voltage', faultOpens('over-voltage'), faultClears),
  rule('fault.under_voltage', 3, 3, 'connector', '欠压故障', 'Under-voltage', faultOpens('under-voltage'), faultClears),
  rule('fault.over_current', 2, 1, 'connector', '过流故障', 'Over-current', faultOpens('over-current'), faultClears),
  rule('fault.power_meter', 3, 1, 'connector', '电表故障', 'Power meter failure', faultOpens('a power meter failure'), faultClears),
  rule('fault.connector_lock', 2, 1, 'connector', '电子锁故障', 'Connector lock failure', faultOpens('a connector lock failure'), faultClears),
  rule('fault.power_switch', 2, 1, 'connector', '接触器故障', 'Power switch (contactor) failure', faultOpens('a power switch or contactor failure'), faultClears),
  rule('fault.ev_communication', 3, 2, 'connector', '车桩通信故障', 'EV communication error', faultOpens('an EV/BMS communication error'), faultClears),
  rule('fault.reader', 3, 1, 'connector', '读卡器故障', 'Card reader failure', faultOpens('a card reader failure'), faultClears),
  rule('fault.weak_signal', 3, 1, 'connector', '通信信号弱', 'Weak signal', faultOpens('a weak network signal'), faultClears),
  rule('fault.internal', 3, 1, 'connector', '内部故障', 'Internal error', faultOpens('an internal error with no more specific code'), faultClears),
  rule('fault.other', 3, 1, 'connector', '其他故障', 'Other fault', 'the connector is Faulted (or reports an error) that no table entry classifies, including Faulted without any code', faultClears),

  // ---- temperature measurands ----
  rule('temperature.connector_high', 1, 1, 'connector', '充电枪温度过高', 'Connector temperature high',
    'a Temperature sample at location Outlet or Cable (the 1.6/2.0.1 default location is Outlet) at or above thresholdC',
    'a later sample of the same series below thresholdC − hysteresisC'),
  rule('temperature.pile_high', 2, 1, 'connector', '桩体温度过高', 'Pile temperature high',
    'a Temperature sample at location Body or Inlet, or any Temperature sample of EVSE 0, at or above thresholdC',
    'a later sample of the same series below thresholdC − hysteresisC'),
  rule('temperature.battery_high', 1, 2, 'connector', '电池温度过高', 'Battery temperature high',
    'a Temperature sample at location EV (the battery, as the charger learns it from the BMS) at or above thresholdC',
    'a later sample below thresholdC − hysteresisC, or the transaction on the connector ends (the EV is no longer observed)'),
  rule('temperature.rising_fast', 1, 1, 'connector', '温升过快', 'Temperature rising fast',
    'any Temperature series rises by deltaC or more within windowMinutes (latest sample minus the lowest sample in the window)',
    'a later sample of the series shows a rise below deltaC over the window, or the transaction on the connector ends'),

  // ---- security ----
  rule('security.tamper', 1, 1, 'charger', '防拆报警', 'Tamper detected',
    'SecurityEventNotification TamperDetectionActivated, or a 2.0.1 problem on a TiltSensor/ShockSensor component', quietClears('tamper event')),
  rule('security.firmware_invalid', 2, 1, 'charger', '固件校验失败', 'Invalid firmware',
    'security event InvalidFirmwareSignature or InvalidFirmwareSigningCertificate, or firmware status InvalidSignature, InvalidCertificate or RevokedCertificate',
    `a firmware status Installed, or ${quietClears('invalid-firmware report')}`),
  rule('security.failed_logins', 2, 1, 'charger', '登录失败次数过多', 'Repeated failed logins',
    'count or more failed logins (FailedToAuthenticateAtCsms, CsmsFailedToAuthenticate, MaintenanceLoginFailed) within windowMinutes',
    'fewer than count failed logins remain within the trailing windowMinutes (checked on clock ticks)'),
  rule('security.certificate_invalid', 2, 1, 'charger', '证书或TLS异常', 'Invalid certificate or TLS',
    'security event InvalidCsmsCertificate, InvalidChargingStationCertificate, InvalidTLSVersion or InvalidTLSCipherSuite',
    quietClears('certificate or TLS event')),
  rule('security.integrity', 2, 1, 'charger', '安全完整性事件', 'Security integrity event',
    'security event SecurityLogWasCleared, AttemptedReplayAttacks or MemoryExhaustion', quietClears('integrity event')),

  // ---- connectivity ----
  rule('connectivity.offline', 3, 1, 'charger', '充电桩离线超时', 'Charger offline too long',
    'the charger has been offline for deadlineMinutes (checked on clock ticks; opened at the moment the deadline passed)',
    'the charger reconnects'),
  rule('connectivity.flapping', 3, 1, 'charger', '连接频繁断开', 'Connection flapping',
    'reconnects or more connections of the charger within windowMinutes',
    'fewer than reconnects connections remain within the trailing windowMinutes (checked on clock ticks)'),

  // ---- meter anomalies ----
  rule('meter.energy_backwards', 3, 1, 'connector', '电能读数回退', 'Energy register went backwards',
    'an energy register reading (Energy.Active.Import.Register without phase, meterStart or meterStop) below the previous reading of the same connector by more than toleranceWh',
    quietClears('backward step')),
  rule('meter.impossible_power', 2, 1, 'connector', '功率超出额定', 'Power beyond rating',
    'a Power.Active.Import sample (without phase) above the connector rating × (1 + tolerance); without a known rating, above absoluteMaxKw',
    'a later power sample within the limit, or the transaction on the connector ends'),

  // ---- transactions ----
  rule('transaction.stuck', 3, 1, 'connector', '充电时长异常', 'Transaction stuck',
    'a transaction has been running for afterMinutes (checked on clock ticks; opened at the moment the limit passed)',
    'the transaction ends, or a new transaction starts on the same connector'),
] as const satisfies readonly AlertRule[];

export type AlertCode = (typeof catalogue)[number]['code'];

/** Every rule by code. */
export const alertRules: Readonly<Record<AlertCode, AlertRule>> = Object.fromEntries(
  catalogue.map((r) => [r.code, r]),
) as Record<AlertCode, AlertRule>;

export const alertCodes: readonly AlertCode[] = catalogue.map((r) => r.code);

export function isAlertCode(value: string): value is AlertCode {
  return Object.hasOwn(alertRules, value);
}

const severityWords: Record<Severity, string> = { 1: '1 personal safety', 2: '2 equipment safety', 3: '3 notice' };

/** Markdown table of every rule, for the README (a test keeps the two identical). */
export function alertRulesTable(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const rows = catalogue.map(
    (r) => `| \`${r.code}\` | ${severityWords[r.severity]} | ${r.titleZh} / ${r.titleEn} | ${cell(r.opens)} | ${cell(r.clears)} |`,
  );
  return ['| rule | severity | title | opens when | clears when |', '|---|---|---|---|---|', ...rows].join('\n');
}
