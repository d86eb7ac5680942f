/**
 * What a virtual OCPP 1.6J pile sends: BootNotification, Heartbeat, StatusNotification (faults ride on it
 * with their error code and the vendor's code and text), Authorize, StartTransaction, MeterValues and
 * StopTransaction. Transaction ids are the central system's integers, filled in just before sending so
 * that messages queued offline before the start was answered still carry the right one.
 */
import type { BootAnswer, ChargerView, Dialect } from '../charger/dialect.js';
import { faultCatalogue } from '../charger/faults.js';
import type { Sample } from '../charger/meter.js';
import type { Outgoing } from '../charger/outbox.js';
import type { ConnectorState, Session, StopCause } from '../charger/session.js';

type Messages = Omit<Dialect, 'protocol' | 'installCommands'>;

function meterValue(c: ChargerView, at: number, samples: Sample[]) {
  return {
    timestamp: c.toIso(at),
    sampledValue: samples.map((s) => ({
      value: String(s.value),
      context: s.context,
      format: 'Raw',
      measurand: s.measurand,
      ...(s.location ? { location: s.location } : {}),
      unit: s.unit,
    })),
  };
}

/** Binds `transactionId` at send time; a start the central system never answered leaves nothing to bind. */
function withTransactionId(payload: Record<string, unknown>, s: Session): () => string | undefined {
  return () => {
    if (s.txRef === undefined) return 'the transaction start was never acknowledged, so it has no transaction id';
    payload.transactionId = Number(s.txRef);
    return undefined;
  };
}

export function stopReason(cause: StopCause): string {
  switch (cause.kind) {
    case 'Reset':
      return cause.hard ? 'HardReset' : 'SoftReset';
    case 'Fault':
      return faultCatalogue[cause.fault].stopReason;
    default:
      return cause.kind;
  }
}

function connectorStatus(c: ChargerView, conn: ConnectorState, at: number): Record<string, unknown> {
  const fault = conn.status === 'Faulted' ? conn.fault : undefined;
  const spec = fault ? faultCatalogue[fault.kind] : undefined;
  return {
    connectorId: conn.spec.evseId,
    errorCode: spec?.errorCode ?? 'NoError',
    status: conn.status,
    timestamp: c.toIso(at),
    ...(spec ? { info: spec.info, vendorId: c.spec.vendor, vendorErrorCode: spec.vendorErrorCode } : {}),
  };
}

export const ocpp16Messages: Messages = {
  boot(c) {
    return {
      action: 'BootNotification',
      transactional: false,
      payload: {
        chargePointVendor: c.spec.vendor,
        chargePointModel: c.spec.model,
        chargePointSerialNumber: c.spec.serialNumber,
        chargeBoxSerialNumber: c.spec.serialNumber,
        firmwareVersion: c.spec.firmwareVersion,
        meterType: c.spec.connectors[0]!.currentType === 'DC' ? 'DC energy meter' : 'AC energy meter',
      },
    };
  },

  bootAnswer(response): BootAnswer {
    const r = response as { status: BootAnswer['status']; interval: number };
    return { status: r.status, intervalS: r.interval };
  },

  heartbeat: () => ({ action: 'Heartbeat', transactional: false, payload: {} }),

  status(c, conn, at, force) {
    const payload = connectorStatus(c, conn, at);
    const key = `${payload.status}/${payload.errorCode}`;
    if (!force && conn.reported === key) return undefined;
    conn.reported = key;
    return { action: 'StatusNotification', transactional: false, timestamp: at, payload };
  },

  chargerStatus(c, at) {
    const fault = c.chargerFault();
    const spec = fault ? faultCatalogue[fault.kind] : undefined;
    const status = fault ? 'Faulted' : c.connectors.every((k) => !k.operative) ? 'Unavailable' : 'Available';
    return {
      action: 'StatusNotification',
      transactional: false,
      timestamp: at,
      payload: {
        connectorId: 0,
        errorCode: spec?.errorCode ?? 'NoError',
        status,
        timestamp: c.toIso(at),
        ...(spec ? { info: spec.info, vendorId: c.spec.vendor, vendorErrorCode: spec.vendorErrorCode } : {}),
      },
    };
  },

  authorize: (idTag) => ({ action: 'Authorize', transactional: false, payload: { idTag } }),

  authorizeAnswer: (response) => (response as { idTagInfo: { status: string } }).idTagInfo.status === 'Accepted',

  transactionStarted(c, conn, s, at): Outgoing {
    return {
      action: 'StartTransaction',
      transactional: true,
      timestamp: at,
      payload: { connectorId: conn.spec.evseId, idTag: s.idTag, meterStart: Math.round(s.meterStartWh), timestamp: c.toIso(at) },
    };
  },

  startAnswer(response) {
    const r = response as { transactionId: number; idTagInfo: { status: string } };
    return { txRef: String(r.transactionId), accepted: r.idTagInfo.status === 'Accepted' };
  },

  transactionSample(c, conn, s, at, samples) {
    const payload: Record<string, unknown> = { connectorId: conn.spec.evseId, meterValue: [meterValue(c, at, samples)] };
    return { action: 'MeterValues', transactional: true, timestamp: at, payload, prepare: withTransactionId(payload, s) };
  },

  chargingStateChanged: () => undefined,

  transactionEnded(c, conn, s, at, cause, samples) {
    const payload: Record<string, unknown> = {
      idTag: s.idTag,
      meterStop: Math.round(conn.registerWh),
      timestamp: c.toIso(at),
      reason: stopReason(cause),
      ...(samples.length ? { transactionData: [meterValue(c, at, samples)] } : {}),
    };
    return { action: 'StopTransaction', transactional: true, timestamp: at, payload, prepare: withTransactionId(payload, s) };
  },

  triggeredMeterValues(c, conn, at, samples) {
    const s = conn.session;
    return {
      action: 'MeterValues',
      transactional: false,
      timestamp: at,
      payload: {
        connectorId: conn.spec.evseId,
        ...(s?.txRef !== undefined ? { transactionId: Number(s.txRef) } : {}),
        meterValue: [meterValue(c, at, samples)],
      },
    };
  },

  triggeredTransactionEvent: () => undefined,

  fault: () => undefined,

  firmwareStatus: () => ({ action: 'FirmwareStatusNotification', transactional: false, payload: { status: 'Idle' } }),

  diagnosticsStatus: () => ({ action: 'DiagnosticsStatusNotification', transactional: false, payload: { status: 'Idle' } }),
};
