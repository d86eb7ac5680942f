import { describe, expect, it } from 'vitest';
import { classifyFault, statusReportsFault, type FaultReport } from './fault-codes.js';

describe('classifyFault', () => {
  const table: Array<[string, FaultReport, string]> = [
    // Chinese vendor words, in vendorErrorCode or info
    ['急停 in vendorErrorCode', { errorCode: 'OtherError', vendorErrorCode: '急停' }, 'fault.emergency_stop'],
    ['急停按钮被按下', { errorCode: 'OtherError', vendorErrorCode: '急停按钮被按下' }, 'fault.emergency_stop'],
    ['E-STOP', { errorCode: 'OtherError', vendorErrorCode: 'E-STOP' }, 'fault.emergency_stop'],
    ['绝缘检测故障', { errorCode: 'OtherError', vendorErrorCode: '绝缘检测故障' }, 'fault.insulation'],
    ['IMD alone', { errorCode: 'OtherError', vendorErrorCode: 'IMD' }, 'fault.insulation'],
    ['充电枪过温 beats HighTemperature', { errorCode: 'HighTemperature', vendorErrorCode: '充电枪过温' }, 'fault.gun_over_temperature'],
    ['枪头过温', { errorCode: 'OtherError', vendorErrorCode: 'A枪 枪头过温' }, 'fault.gun_over_temperature'],
    ['Gun_Over_Temp', { errorCode: 'OtherError', vendorErrorCode: 'Gun_Over_Temp' }, 'fault.gun_over_temperature'],
    ['模块过温 is the pile', { errorCode: 'OtherError', vendorErrorCode: '模块过温' }, 'fault.pile_over_temperature'],
    ['plain 过温 is the pile', { errorCode: 'OtherError', vendorErrorCode: '过温' }, 'fault.pile_over_temperature'],
    ['输出过压', { errorCode: 'OtherError', vendorErrorCode: '输出过压' }, 'fault.over_voltage'],
    ['输入欠压', { errorCode: 'OtherError', vendorErrorCode: '输入欠压' }, 'fault.under_voltage'],
    ['输出过流', { errorCode: 'OtherError', vendorErrorCode: '输出过流' }, 'fault.over_current'],
    ['OCP alone', { errorCode: 'OtherError', vendorErrorCode: 'OCP' }, 'fault.over_current'],
    ['接地故障', { errorCode: 'OtherError', vendorErrorCode: '接地故障' }, 'fault.ground_failure'],
    ['漏电保护动作', { errorCode: 'OtherError', vendorErrorCode: '漏电保护动作' }, 'fault.ground_failure'],
    ['电表通讯故障', { errorCode: 'OtherError', vendorErrorCode: '电表通讯故障' }, 'fault.power_meter'],
    ['电能表故障 in info', { errorCode: 'OtherError', info: '电能表故障' }, 'fault.power_meter'],
    ['电子锁故障', { errorCode: 'OtherError', vendorErrorCode: '电子锁故障' }, 'fault.connector_lock'],
    ['BMS通信超时', { errorCode: 'OtherError', vendorErrorCode: 'BMS通信超时' }, 'fault.ev_communication'],
    // OCPP 1.6 codes
    ['GroundFailure', { errorCode: 'GroundFailure' }, 'fault.ground_failure'],
    ['HighTemperature', { errorCode: 'HighTemperature' }, 'fault.pile_over_temperature'],
    ['OverCurrentFailure', { errorCode: 'OverCurrentFailure' }, 'fault.over_current'],
    ['PowerSwitchFailure', { errorCode: 'PowerSwitchFailure' }, 'fault.power_switch'],
    ['an unknown vendor code keeps the 1.6 code', { errorCode: 'OverVoltage', vendorErrorCode: '0x1A' }, 'fault.over_voltage'],
    ['InternalError', { errorCode: 'InternalError' }, 'fault.internal'],
    ['OtherError without words', { errorCode: 'OtherError', vendorErrorCode: '1047' }, 'fault.other'],
    ['"OCPP" in info is not over-current', { errorCode: 'OtherError', info: 'OCPP stack restarted' }, 'fault.other'],
    ['"parameter" in info is not a meter', { errorCode: 'OtherError', info: 'bad parameter' }, 'fault.other'],
    // OCPP 2.0.1 problems
    ['EmergencyStopSensor', { component: 'EmergencyStopSensor', variable: 'Active' }, 'fault.emergency_stop'],
    ['GroundIsolationProtection', { component: 'GroundIsolationProtection', variable: 'Problem' }, 'fault.insulation'],
    ['RCD', { component: 'RCD', variable: 'Tripped' }, 'fault.ground_failure'],
    ['FiscalMetering', { component: 'FiscalMetering', variable: 'Problem' }, 'fault.power_meter'],
    ['techCode that is a 1.6 code', { component: 'ChargingStation', variable: 'Problem', techCode: 'OverVoltage' }, 'fault.over_voltage'],
    ['techCode in Chinese', { component: 'EVSE', variable: 'Problem', techCode: '绝缘故障' }, 'fault.insulation'],
    ['ChargingStation Problem with nothing more', { component: 'ChargingStation', variable: 'Problem' }, 'fault.other'],
  ];

  it.each(table)('%s', (_name, report, expected) => {
    expect(classifyFault(report)).toBe(expected);
  });

  it('prefers the vendor table entry of the reporting vendor over a generic one', () => {
    const vendorCodes = [
      { code: 'E07', rule: 'fault.over_current' as const },
      { vendorId: 'XJ', code: 'E07', rule: 'fault.insulation' as const },
    ];
    expect(classifyFault({ errorCode: 'OtherError', vendorId: 'XJ', vendorErrorCode: 'E07' }, vendorCodes)).toBe('fault.insulation');
    expect(classifyFault({ errorCode: 'OtherError', vendorId: 'TELD', vendorErrorCode: 'E07' }, vendorCodes)).toBe('fault.over_current');
    expect(classifyFault({ component: 'EVSE', variable: 'Problem', techCode: 'E07' }, vendorCodes)).toBe('fault.over_current');
  });
});

describe('statusReportsFault', () => {
  it.each([
    ['Faulted', undefined, true],
    ['Faulted', 'NoError', true],
    ['Available', 'WeakSignal', true],
    ['Available', 'NoError', false],
    ['Charging', undefined, false],
    ['Unavailable', '', false],
  ] as const)('%s with %s → %s', (status, errorCode, expected) => {
    expect(statusReportsFault(status, errorCode)).toBe(expected);
  });
});
