/**
 * The faults a virtual pile can have, and how each protocol reports them: OCPP 1.6 through a Faulted
 * StatusNotification with its ChargePointErrorCode plus the vendor's own code and Chinese text, OCPP 2.0.1
 * through a Faulted StatusNotification and a NotifyEvent on the failing component's `Problem` variable.
 */

export const faultKinds = [
  'emergencyStop',
  'insulationFault',
  'gunOverTemperature',
  'cabinetOverTemperature',
  'groundFailure',
  'overCurrent',
  'overVoltage',
  'underVoltage',
  'powerMeterFailure',
  'connectorLockFailure',
  'evCommunicationError',
  'readerFailure',
  'powerSwitchFailure',
  'internalError',
] as const;

export type FaultKind = (typeof faultKinds)[number];

export interface FaultSpec {
  /** A charger-wide fault takes every connector down; a connector fault only its own. */
  scope: 'charger' | 'connector';
  /** OCPP 1.6 ChargePointErrorCode. */
  errorCode: string;
  /** The manufacturer's code and text, as Chinese piles report them (vendorErrorCode / info, ≤ 50 chars). */
  vendorErrorCode: string;
  info: string;
  /** OCPP 2.0.1 component that reports the problem (with the EVSE for connector faults). */
  component: string;
  /** 1.6 StopTransaction reason for a session the fault interrupts. */
  stopReason: string;
  /** 2.0.1 stoppedReason for a session the fault interrupts. */
  stoppedReason: string;
}

export const faultCatalogue: Record<FaultKind, FaultSpec> = {
  emergencyStop: {
    scope: 'charger',
    errorCode: 'OtherError',
    vendorErrorCode: 'E01',
    info: '急停按钮被按下',
    component: 'EmergencyStopSensor',
    stopReason: 'EmergencyStop',
    stoppedReason: 'EmergencyStop',
  },
  insulationFault: {
    scope: 'connector',
    errorCode: 'OtherError',
    vendorErrorCode: 'E05',
    info: '绝缘故障',
    component: 'InsulationMonitor',
    stopReason: 'Other',
    stoppedReason: 'GroundFault',
  },
  gunOverTemperature: {
    scope: 'connector',
    errorCode: 'HighTemperature',
    vendorErrorCode: 'E09',
    info: '充电枪过温',
    component: 'Connector',
    stopReason: 'Other',
    stoppedReason: 'Other',
  },
  cabinetOverTemperature: {
    scope: 'charger',
    errorCode: 'HighTemperature',
    vendorErrorCode: 'E08',
    info: '柜体过温',
    component: 'TemperatureSensor',
    stopReason: 'Other',
    stoppedReason: 'Other',
  },
  groundFailure: {
    scope: 'connector',
    errorCode: 'GroundFailure',
    vendorErrorCode: 'E12',
    info: '接地故障',
    component: 'EVSE',
    stopReason: 'Other',
    stoppedReason: 'GroundFault',
  },
  overCurrent: {
    scope: 'connector',
    errorCode: 'OverCurrentFailure',
    vendorErrorCode: 'E14',
    info: '输出过流',
    component: 'EVSE',
    stopReason: 'Other',
    stoppedReason: 'OvercurrentFault',
  },
  overVoltage: {
    scope: 'charger',
    errorCode: 'OverVoltage',
    vendorErrorCode: 'E21',
    info: '输入过压',
    component: 'ElectricalFeed',
    stopReason: 'Other',
    stoppedReason: 'PowerQuality',
  },
  underVoltage: {
    scope: 'charger',
    errorCode: 'UnderVoltage',
    vendorErrorCode: 'E22',
    info: '输入欠压',
    component: 'ElectricalFeed',
    stopReason: 'Other',
    stoppedReason: 'PowerQuality',
  },
  powerMeterFailure: {
    scope: 'connector',
    errorCode: 'PowerMeterFailure',
    vendorErrorCode: 'E31',
    info: '电表通信故障',
    component: 'PowerMeter',
    stopReason: 'Other',
    stoppedReason: 'Other',
  },
  connectorLockFailure: {
    scope: 'connector',
    errorCode: 'ConnectorLockFailure',
    vendorErrorCode: 'E33',
    info: '电子锁故障',
    component: 'ConnectorLock',
    stopReason: 'Other',
    stoppedReason: 'Other',
  },
  evCommunicationError: {
    scope: 'connector',
    errorCode: 'EVCommunicationError',
    vendorErrorCode: 'E41',
    info: 'BMS通信超时',
    component: 'EVSE',
    stopReason: 'Other',
    stoppedReason: 'Other',
  },
  readerFailure: {
    scope: 'charger',
    errorCode: 'ReaderFailure',
    vendorErrorCode: 'E51',
    info: '读卡器故障',
    component: 'TokenReader',
    stopReason: 'Other',
    stoppedReason: 'Other',
  },
  powerSwitchFailure: {
    scope: 'connector',
    errorCode: 'PowerSwitchFailure',
    vendorErrorCode: 'E16',
    info: '直流接触器粘连',
    component: 'EVSE',
    stopReason: 'Other',
    stoppedReason: 'Other',
  },
  internalError: {
    scope: 'charger',
    errorCode: 'InternalError',
    vendorErrorCode: 'E99',
    info: '控制板内部错误',
    component: 'Controller',
    stopReason: 'Other',
    stoppedReason: 'Other',
  },
};

/** Default mix of random faults: the common ones are the ones field engineers see most. */
export const defaultFaultMix: Record<FaultKind, number> = {
  emergencyStop: 3,
  insulationFault: 2,
  gunOverTemperature: 2,
  cabinetOverTemperature: 1,
  groundFailure: 1,
  overCurrent: 1,
  overVoltage: 1,
  underVoltage: 1,
  powerMeterFailure: 1,
  connectorLockFailure: 1,
  evCommunicationError: 3,
  readerFailure: 1,
  powerSwitchFailure: 0.5,
  internalError: 0.5,
};

/** Temperatures (°C) at which a gun and a cabinet trip; a rising temperature crosses these. */
export const tripTemperature = { gun: 90, cabinet: 75 } as const;
