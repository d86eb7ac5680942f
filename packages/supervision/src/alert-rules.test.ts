import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type AlertInput } from './alert-engine.js';
import { alertCodes, alertRules, alertRulesTable } from './alert-rules.js';
import { emptyAlertState, type AlertTransition } from './alert-state.js';
import { parseRulesConfig, type RulesConfigInput } from './rules-config.js';
import {
  ended,
  firmware,
  minuteOf,
  offline,
  online,
  power,
  problem,
  register,
  samples,
  security,
  started,
  status,
  temperature,
  tick,
} from './fixtures/charger-messages.js';

/** "opened fault.insulation 1:1 @0", "resolved … @5 condition_cleared": the transition, minutes after day 0. */
const line = (t: AlertTransition) =>
  `${t.type} ${t.rule} ${t.evseId}:${t.connectorId} @${minuteOf(t.at)}${t.reason ? ` ${t.reason}` : ''}`;

function run(inputs: AlertInput[], config: RulesConfigInput = {}): string[] {
  const rules = parseRulesConfig(config);
  let state = emptyAlertState();
  const out: string[] = [];
  for (const input of inputs) {
    const result = evaluate(state, input, rules);
    state = result.state;
    out.push(...result.transitions.map(line));
  }
  return out;
}

interface Case {
  rule: string;
  name: string;
  inputs: AlertInput[];
  config?: RulesConfigInput;
  expect: string[];
}

const cases: Case[] = [
  // ---- faults from 1.6 status notifications and 2.0.1 problems ----
  {
    rule: 'fault.emergency_stop',
    name: 'Faulted with vendor code 急停 opens once, however often repeated, and resolves when Available',
    inputs: [
      status(0, 1, 'Faulted', { errorCode: 'OtherError', vendorErrorCode: '急停' }),
      status(1, 1, 'Faulted', { errorCode: 'OtherError', vendorErrorCode: '急停' }),
      status(2, 1, 'Faulted', { errorCode: 'OtherError', vendorErrorCode: '急停' }),
      status(5, 1, 'Available'),
    ],
    expect: ['opened fault.emergency_stop 1:1 @0', 'resolved fault.emergency_stop 1:1 @5 condition_cleared'],
  },
  {
    rule: 'fault.emergency_stop',
    name: '2.0.1 EmergencyStopSensor problem opens, and its cleared event resolves',
    inputs: [problem(0, 1, 'EmergencyStopSensor', 'Active'), problem(3, 1, 'EmergencyStopSensor', 'Active', { cleared: true })],
    expect: ['opened fault.emergency_stop 1:1 @0', 'resolved fault.emergency_stop 1:1 @3 condition_cleared'],
  },
  {
    rule: 'fault.insulation',
    name: 'vendor text 绝缘故障 in vendorErrorCode',
    inputs: [status(0, 2, 'Faulted', { errorCode: 'OtherError', vendorErrorCode: '绝缘故障' }), status(3, 2, 'Available')],
    expect: ['opened fault.insulation 2:1 @0', 'resolved fault.insulation 2:1 @3 condition_cleared'],
  },
  {
    rule: 'fault.insulation',
    name: "a configured vendor's numeric code",
    config: { vendorFaultCodes: [{ vendorId: 'XJ', code: 'E07', rule: 'fault.insulation' }] },
    inputs: [status(0, 1, 'Faulted', { errorCode: 'OtherError', vendorId: 'XJ', vendorErrorCode: 'E07' })],
    expect: ['opened fault.insulation 1:1 @0'],
  },
  {
    rule: 'fault.ground_failure',
    name: '1.6 GroundFailure, cleared by the next status without error',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'GroundFailure' }), status(2, 1, 'Preparing')],
    expect: ['opened fault.ground_failure 1:1 @0', 'resolved fault.ground_failure 1:1 @2 condition_cleared'],
  },
  {
    rule: 'fault.gun_over_temperature',
    name: 'HighTemperature with vendor text 充电枪过温 is the gun (vendor words are more specific than the 1.6 code)',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'HighTemperature', vendorErrorCode: '充电枪过温' }), status(4, 1, 'Available')],
    expect: ['opened fault.gun_over_temperature 1:1 @0', 'resolved fault.gun_over_temperature 1:1 @4 condition_cleared'],
  },
  {
    rule: 'fault.pile_over_temperature',
    name: '1.6 HighTemperature alone is the pile',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'HighTemperature' }), status(4, 1, 'Available')],
    expect: ['opened fault.pile_over_temperature 1:1 @0', 'resolved fault.pile_over_temperature 1:1 @4 condition_cleared'],
  },
  {
    rule: 'fault.over_voltage',
    name: '1.6 OverVoltage on connector 0 is a charger-wide fault',
    inputs: [status(0, 0, 'Faulted', { errorCode: 'OverVoltage' }), status(9, 0, 'Available')],
    expect: ['opened fault.over_voltage 0:0 @0', 'resolved fault.over_voltage 0:0 @9 condition_cleared'],
  },
  {
    rule: 'fault.under_voltage',
    name: '1.6 UnderVoltage',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'UnderVoltage' }), status(1, 1, 'Available')],
    expect: ['opened fault.under_voltage 1:1 @0', 'resolved fault.under_voltage 1:1 @1 condition_cleared'],
  },
  {
    rule: 'fault.over_current',
    name: '2.0.1 OverCurrentProtection tripped, then cleared',
    inputs: [problem(0, 1, 'OverCurrentProtection', 'Tripped'), problem(6, 1, 'OverCurrentProtection', 'Tripped', { cleared: true })],
    expect: ['opened fault.over_current 1:1 @0', 'resolved fault.over_current 1:1 @6 condition_cleared'],
  },
  {
    rule: 'fault.power_meter',
    name: 'an error code on a working connector (Available + PowerMeterFailure) is still reported',
    inputs: [status(0, 1, 'Available', { errorCode: 'PowerMeterFailure' }), status(7, 1, 'Available')],
    expect: ['opened fault.power_meter 1:1 @0', 'resolved fault.power_meter 1:1 @7 condition_cleared'],
  },
  {
    rule: 'fault.connector_lock',
    name: '1.6 ConnectorLockFailure',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'ConnectorLockFailure' }), status(2, 1, 'Available')],
    expect: ['opened fault.connector_lock 1:1 @0', 'resolved fault.connector_lock 1:1 @2 condition_cleared'],
  },
  {
    rule: 'fault.power_switch',
    name: '2.0.1 ChargingStation Problem with techCode 接触器粘连',
    inputs: [problem(0, undefined, 'ChargingStation', 'Problem', { code: '接触器粘连' }), problem(8, undefined, 'ChargingStation', 'Problem', { cleared: true })],
    expect: ['opened fault.power_switch 0:0 @0', 'resolved fault.power_switch 0:0 @8 condition_cleared'],
  },
  {
    rule: 'fault.ev_communication',
    name: '1.6 EVCommunicationError',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'EVCommunicationError' }), status(1, 1, 'Finishing')],
    expect: ['opened fault.ev_communication 1:1 @0', 'resolved fault.ev_communication 1:1 @1 condition_cleared'],
  },
  {
    rule: 'fault.reader',
    name: '1.6 ReaderFailure on connector 0',
    inputs: [status(0, 0, 'Faulted', { errorCode: 'ReaderFailure' }), status(3, 0, 'Available')],
    expect: ['opened fault.reader 0:0 @0', 'resolved fault.reader 0:0 @3 condition_cleared'],
  },
  {
    rule: 'fault.weak_signal',
    name: 'WeakSignal while Charging',
    inputs: [status(0, 1, 'Charging', { errorCode: 'WeakSignal' }), status(4, 1, 'Charging')],
    expect: ['opened fault.weak_signal 1:1 @0', 'resolved fault.weak_signal 1:1 @4 condition_cleared'],
  },
  {
    rule: 'fault.internal',
    name: '1.6 InternalError with an unknown vendor code',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'InternalError', vendorErrorCode: '0x3F' }), status(2, 1, 'Available')],
    expect: ['opened fault.internal 1:1 @0', 'resolved fault.internal 1:1 @2 condition_cleared'],
  },
  {
    rule: 'fault.other',
    name: 'Faulted without any code (2.0.1 StatusNotification)',
    inputs: [status(0, 1, 'Faulted'), status(2, 1, 'Unavailable')],
    expect: ['opened fault.other 1:1 @0', 'resolved fault.other 1:1 @2 condition_cleared'],
  },
  {
    rule: 'fault.ground_failure',
    name: 'a different error on the same connector supersedes the earlier one',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'GroundFailure' }), status(2, 1, 'Faulted', { errorCode: 'HighTemperature' })],
    expect: [
      'opened fault.ground_failure 1:1 @0',
      'resolved fault.ground_failure 1:1 @2 superseded',
      'opened fault.pile_over_temperature 1:1 @2',
    ],
  },
  {
    rule: 'fault.ground_failure',
    name: 'a status older than the newest applied arrives late and changes nothing',
    inputs: [status(10, 1, 'Available'), status(5, 1, 'Faulted', { errorCode: 'GroundFailure' })],
    expect: [],
  },
  {
    rule: 'fault.ground_failure',
    name: 'faults on two connectors are two alerts',
    inputs: [status(0, 1, 'Faulted', { errorCode: 'GroundFailure' }), status(1, 2, 'Faulted', { errorCode: 'GroundFailure' }), status(3, 1, 'Available')],
    expect: ['opened fault.ground_failure 1:1 @0', 'opened fault.ground_failure 2:1 @1', 'resolved fault.ground_failure 1:1 @3 condition_cleared'],
  },

  // ---- temperature ----
  {
    rule: 'temperature.connector_high',
    name: 'Outlet (the default location) at 90 °C opens; within the 5 °C hysteresis it stays open; below 85 it resolves',
    inputs: [temperature(0, 1, 82), temperature(1, 1, 91), temperature(2, 1, 89), temperature(3, 1, 86), temperature(4, 1, 84)],
    expect: ['opened temperature.connector_high 1:1 @1', 'resolved temperature.connector_high 1:1 @4 condition_cleared'],
  },
  {
    rule: 'temperature.connector_high',
    name: 'the threshold is configurable; exactly the threshold opens; Cable counts as the gun',
    config: { rules: { 'temperature.connector_high': { thresholdC: 60, hysteresisC: 0 } } },
    inputs: [temperature(0, 1, 59, 'Cable'), temperature(1, 1, 60, 'Cable'), temperature(2, 1, 59.5, 'Cable')],
    expect: ['opened temperature.connector_high 1:1 @1', 'resolved temperature.connector_high 1:1 @2 condition_cleared'],
  },
  {
    rule: 'temperature.pile_high',
    name: 'Body above 80 °C, and any sample of EVSE 0',
    inputs: [temperature(0, 1, 81, 'Body'), temperature(10, 1, 70, 'Body'), temperature(11, 0, 85)],
    expect: [
      'opened temperature.pile_high 1:1 @0',
      'resolved temperature.pile_high 1:1 @10 condition_cleared',
      'opened temperature.pile_high 0:0 @11',
    ],
  },
  {
    rule: 'temperature.battery_high',
    name: 'EV (battery) above 55 °C; the transaction ending resolves it',
    inputs: [started(0, 1, { transactionId: 'T1' }), temperature(1, 1, 56, 'EV'), temperature(2, 1, 57, 'EV'), ended(20, 'T1')],
    expect: ['opened temperature.battery_high 1:1 @1', 'resolved temperature.battery_high 1:1 @20 transaction_ended'],
  },
  {
    rule: 'temperature.rising_fast',
    name: 'a rise of 10 °C within 5 minutes (window edge included) opens; a flat sample resolves',
    inputs: [temperature(0, 1, 30), temperature(2, 1, 35), temperature(5, 1, 40), temperature(9, 1, 41)],
    expect: ['opened temperature.rising_fast 1:1 @5', 'resolved temperature.rising_fast 1:1 @9 condition_cleared'],
  },
  {
    rule: 'temperature.rising_fast',
    name: 'the same rise spread over more than the window does not open',
    inputs: [temperature(0, 1, 30), temperature(3, 1, 35), temperature(6, 1, 39), temperature(9, 1, 44)],
    expect: [],
  },

  // ---- security ----
  {
    rule: 'security.tamper',
    name: 'tamper holds for its quiet period after the last event, then resolves dated at its end',
    inputs: [security(0, 'TamperDetectionActivated'), security(30, 'TamperDetectionActivated'), tick(1000), tick(1500)],
    expect: ['opened security.tamper 0:0 @0', 'resolved security.tamper 0:0 @1470 quiet_period'],
  },
  {
    rule: 'security.tamper',
    name: 'a 2.0.1 TiltSensor problem (pile knocked over) is tampering, until cleared',
    inputs: [problem(0, undefined, 'TiltSensor', 'Active'), problem(5, undefined, 'TiltSensor', 'Active', { cleared: true })],
    expect: ['opened security.tamper 0:0 @0', 'resolved security.tamper 0:0 @5 condition_cleared'],
  },
  {
    rule: 'security.firmware_invalid',
    name: 'firmware status InvalidSignature, cleared by a firmware Installed',
    inputs: [firmware(0, 'Downloaded'), firmware(1, 'InvalidSignature'), firmware(40, 'Installed')],
    expect: ['opened security.firmware_invalid 0:0 @1', 'resolved security.firmware_invalid 0:0 @40 firmware_installed'],
  },
  {
    rule: 'security.firmware_invalid',
    name: 'security event InvalidFirmwareSignature, lapsing after a configured quiet period',
    config: { rules: { 'security.firmware_invalid': { quietMinutes: 60 } } },
    inputs: [security(0, 'InvalidFirmwareSignature'), tick(59), tick(61)],
    expect: ['opened security.firmware_invalid 0:0 @0', 'resolved security.firmware_invalid 0:0 @60 quiet_period'],
  },
  {
    rule: 'security.failed_logins',
    name: '3 failed logins within 10 minutes; resolves when the oldest of them leaves the window',
    inputs: [
      security(0, 'FailedToAuthenticateAtCsms'),
      security(4, 'MaintenanceLoginFailed'),
      security(8, 'FailedToAuthenticateAtCsms'),
      tick(9),
      tick(20),
    ],
    expect: ['opened security.failed_logins 0:0 @8', 'resolved security.failed_logins 0:0 @10 burst_over'],
  },
  {
    rule: 'security.failed_logins',
    name: '3 failed logins spread over more than 10 minutes do not open',
    inputs: [security(0, 'FailedToAuthenticateAtCsms'), security(6, 'FailedToAuthenticateAtCsms'), security(10, 'FailedToAuthenticateAtCsms')],
    expect: [],
  },
  {
    rule: 'security.certificate_invalid',
    name: 'InvalidTLSVersion; lapses exactly at the end of the quiet period',
    inputs: [security(0, 'InvalidTLSVersion'), tick(1439), tick(1440)],
    expect: ['opened security.certificate_invalid 0:0 @0', 'resolved security.certificate_invalid 0:0 @1440 quiet_period'],
  },
  {
    rule: 'security.integrity',
    name: 'SecurityLogWasCleared; routine events (StartupOfTheDevice) never alert',
    inputs: [security(0, 'StartupOfTheDevice'), security(1, 'SecurityLogWasCleared'), security(2, 'AttemptedReplayAttacks')],
    expect: ['opened security.integrity 0:0 @1'],
  },
  {
    rule: 'security.integrity',
    name: 'a type silenced in the configuration does not alert',
    config: { securityEventRules: { SecurityLogWasCleared: null } },
    inputs: [security(1, 'SecurityLogWasCleared')],
    expect: [],
  },

  // ---- connectivity ----
  {
    rule: 'connectivity.offline',
    name: 'offline past the 15-minute deadline opens dated at the deadline; reconnecting resolves',
    inputs: [online(-60), offline(0), tick(10), tick(16), tick(17), online(30)],
    expect: ['opened connectivity.offline 0:0 @15', 'resolved connectivity.offline 0:0 @30 reconnected'],
  },
  {
    rule: 'connectivity.offline',
    name: 'back before the deadline: nothing; a second "down" does not restart the outage clock',
    config: { rules: { 'connectivity.offline': { deadlineMinutes: 10 } } },
    inputs: [offline(0), online(5), tick(20), offline(30), offline(35), tick(39), tick(40)],
    expect: ['opened connectivity.offline 0:0 @40'],
  },
  {
    rule: 'connectivity.flapping',
    name: '3 connections within 10 minutes (configured) open; it resolves when the first leaves the window',
    config: { rules: { 'connectivity.flapping': { reconnects: 3, windowMinutes: 10 } } },
    inputs: [online(0), offline(1), online(2), offline(3), online(4), tick(9), tick(20)],
    expect: ['opened connectivity.flapping 0:0 @4', 'resolved connectivity.flapping 0:0 @10 burst_over'],
  },
  {
    rule: 'connectivity.flapping',
    name: 'a further connection inside the window keeps it open longer',
    config: { rules: { 'connectivity.flapping': { reconnects: 3, windowMinutes: 10 } } },
    inputs: [online(0), online(2), online(4), online(8), tick(11), tick(13)],
    expect: ['opened connectivity.flapping 0:0 @4', 'resolved connectivity.flapping 0:0 @12 burst_over'],
  },

  // ---- meter ----
  {
    rule: 'meter.energy_backwards',
    name: 'the register falling opens; a 0.5 Wh wobble does not; it lapses after the quiet period',
    inputs: [register(0, 1, 1000), register(1, 1, 1500), register(2, 1, 1499.5), register(3, 1, 1200), register(4, 1, 1300), tick(1500)],
    expect: ['opened meter.energy_backwards 1:1 @3', 'resolved meter.energy_backwards 1:1 @1443 quiet_period'],
  },
  {
    rule: 'meter.energy_backwards',
    name: 'meterStop below meterStart',
    inputs: [started(0, 1, { transactionId: 'T1', meterStartWh: 5000 }), ended(10, 'T1', { meterStopWh: 4000 })],
    expect: ['opened meter.energy_backwards 1:1 @10'],
  },
  {
    rule: 'meter.energy_backwards',
    name: 'a late (older) reading is not a backward step',
    inputs: [register(5, 1, 2000), register(1, 1, 1000)],
    expect: [],
  },
  {
    rule: 'meter.impossible_power',
    name: 'above rating + 10 % opens, back within it resolves',
    config: { rules: { 'meter.impossible_power': { ratingsKw: { 'CP-1:1:1': 60 } } } },
    inputs: [power(0, 1, 65_000), power(1, 1, 70_000), power(2, 1, 71_000), power(3, 1, 50_000)],
    expect: ['opened meter.impossible_power 1:1 @1', 'resolved meter.impossible_power 1:1 @3 condition_cleared'],
  },
  {
    rule: 'meter.impossible_power',
    name: 'a pile-wide rating applies to every connector',
    config: { rules: { 'meter.impossible_power': { ratingsKw: { 'CP-1': 7 } } } },
    inputs: [power(0, 2, 7_500), power(1, 2, 8_000)],
    expect: ['opened meter.impossible_power 2:1 @1'],
  },
  {
    rule: 'meter.impossible_power',
    name: 'without any rating, 700 kW is impossible; the transaction ending resolves it',
    inputs: [started(0, 1, { transactionId: 'T1' }), power(1, 1, 700_000), ended(2, 'T1')],
    expect: ['opened meter.impossible_power 1:1 @1', 'resolved meter.impossible_power 1:1 @2 transaction_ended'],
  },

  // ---- transactions ----
  {
    rule: 'transaction.stuck',
    name: 'running for 24 hours opens dated at the limit; the end resolves',
    inputs: [started(0, 1, { transactionId: 'T1' }), tick(1439), tick(1441), tick(1442), ended(1500, 'T1')],
    expect: ['opened transaction.stuck 1:1 @1440', 'resolved transaction.stuck 1:1 @1500 transaction_ended'],
  },
  {
    rule: 'transaction.stuck',
    name: '1.6: the id is learned from MeterValues, so the StopTransaction (no connector) finds it',
    inputs: [
      started(0, 2),
      started(1, 1, { transactionId: '41' }),
      samples(5, 2, [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 10 }], '42'),
      tick(1441),
      ended(1500, '42'),
    ],
    expect: [
      'opened transaction.stuck 2:1 @1440',
      'opened transaction.stuck 1:1 @1441',
      'resolved transaction.stuck 2:1 @1500 transaction_ended',
    ],
  },
  {
    rule: 'transaction.stuck',
    name: 'a new transaction on the connector proves the stuck one is over',
    config: { rules: { 'transaction.stuck': { afterMinutes: 600 } } },
    inputs: [started(0, 1, { transactionId: 'T1' }), tick(601), started(700, 1, { transactionId: 'T2' })],
    expect: ['opened transaction.stuck 1:1 @600', 'resolved transaction.stuck 1:1 @700 superseded'],
  },
];

describe('alert rules: message sequences in, alert transitions out', () => {
  it.each(cases)('$rule: $name', ({ inputs, config, expect: expected }) => {
    expect(run(inputs, config)).toEqual(expected);
  });

  it('has at least one case that opens every rule in the catalogue', () => {
    const opened = new Set(cases.flatMap((c) => c.expect.filter((l) => l.startsWith('opened ')).map((l) => l.split(' ')[1])));
    expect(alertCodes.filter((code) => !opened.has(code))).toEqual([]);
  });

  it('gives every rule a severity, a T/CEC alarm type and both titles', () => {
    for (const code of alertCodes) {
      const r = alertRules[code];
      expect([1, 2, 3]).toContain(r.severity);
      expect([1, 2, 3]).toContain(r.alarmType);
      expect(r.titleZh).toMatch(/\p{Script=Han}/u);
      expect(r.titleEn.length).toBeGreaterThan(3);
      expect(r.opens.length).toBeGreaterThan(10);
      expect(r.clears.length).toBeGreaterThan(10);
    }
  });

  it('disabled rules never open', () => {
    expect(run([status(0, 1, 'Faulted', { errorCode: 'GroundFailure' })], { rules: { 'fault.ground_failure': { enabled: false } } })).toEqual([]);
  });
});

describe('README', () => {
  it('lists every rule exactly as the catalogue says', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.split('<!-- rules:begin -->\n')[1]?.split('\n<!-- rules:end -->')[0];
    expect(section).toBe(alertRulesTable());
  });
});
