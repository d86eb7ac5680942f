/**
 * What a virtual OCPP 2.0.1 charging station sends: BootNotification with its reason, StatusNotification
 * per connector (in-use states fold into Occupied), Authorize, the TransactionEvent flow (Started, Updated
 * with periodic meter values and charging-state changes, Ended with the stopped reason), and NotifyEvent
 * for each problem raised and cleared. Transaction ids are the station's own, so nothing waits for an
 * answer: events created offline are marked `offline` and keep their sequence numbers.
 */
import type { BootAnswer, ChargerView, Dialect } from '../charger/dialect.js';
import { faultCatalogue } from '../charger/faults.js';
import type { Sample } from '../charger/meter.js';
import type { Outgoing } from '../charger/outbox.js';
import type { ConnectorState, ConnectorStatus, Session, StopCause } from '../charger/session.js';

type Messages = Omit<Dialect, 'protocol' | 'installCommands'>;

export function ocpp201Status(status: ConnectorStatus): 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted' {
  switch (status) {
    case 'Available':
    case 'Reserved':
    case 'Unavailable':
    case 'Faulted':
      return status;
    default:
      return 'Occupied';
  }
}

function meterValue(c: ChargerView, at: number, samples: Sample[]) {
  return {
    timestamp: c.toIso(at),
    // 2.0.1 has no Temperature measurand; temperature problems are reported through NotifyEvent.
    sampledValue: samples
      .filter((s) => s.measurand !== 'Temperature')
      .map((s) => ({
        value: s.value,
        context: s.context,
        measurand: s.measurand,
        ...(s.location ? { location: s.location } : {}),
        unitOfMeasure: { unit: s.unit },
      })),
  };
}

function chargingState(s: Session): string {
  return s.phase === 'full' ? 'SuspendedEV' : s.phase === 'charging' ? 'Charging' : 'EVConnected';
}

export function stopReasons(cause: StopCause): { triggerReason: string; stoppedReason: string } {
  switch (cause.kind) {
    case 'Local':
      return { triggerReason: 'StopAuthorized', stoppedReason: 'Local' };
    case 'EVDisconnected':
      return { triggerReason: 'EVCommunicationLost', stoppedReason: 'EVDisconnected' };
    case 'Remote':
      return { triggerReason: 'RemoteStop', stoppedReason: 'Remote' };
    case 'PowerLoss':
      return { triggerReason: 'AbnormalCondition', stoppedReason: 'PowerLoss' };
    case 'Reset':
      return { triggerReason: 'ResetCommand', stoppedReason: 'ImmediateReset' };
    case 'UnlockCommand':
      return { triggerReason: 'UnlockCommand', stoppedReason: 'Other' };
    case 'DeAuthorized':
      return { triggerReason: 'Deauthorized', stoppedReason: 'DeAuthorized' };
    case 'Fault':
      return { triggerReason: 'AbnormalCondition', stoppedReason: faultCatalogue[cause.fault].stoppedReason };
  }
}

function transactionEvent(
  c: ChargerView,
  conn: ConnectorState,
  s: Session,
  at: number,
  eventType: 'Started' | 'Updated' | 'Ended',
  triggerReason: string,
  extra: { info?: Record<string, unknown>; samples?: Sample[]; idToken?: boolean },
): Outgoing {
  const values = extra.samples ? meterValue(c, at, extra.samples) : undefined;
  return {
    action: 'TransactionEvent',
    transactional: true,
    timestamp: at,
    payload: {
      eventType,
      timestamp: c.toIso(at),
      triggerReason,
      seqNo: s.seqNo++,
      ...(c.isOnline() ? {} : { offline: true }),
      transactionInfo: { transactionId: s.txRef!, ...extra.info },
      ...(extra.idToken ? { idToken: { idToken: s.idTag, type: s.remoteStartId !== undefined ? 'Central' : 'ISO14443' } } : {}),
      evse: { id: conn.spec.evseId, connectorId: conn.spec.connectorId },
      ...(values && values.sampledValue.length ? { meterValue: [values] } : {}),
    },
  };
}

export const ocpp201Messages: Messages = {
  boot(c, reason) {
    return {
      action: 'BootNotification',
      transactional: false,
      payload: {
        reason,
        chargingStation: {
          model: c.spec.model,
          vendorName: c.spec.vendor,
          serialNumber: c.spec.serialNumber,
          firmwareVersion: c.spec.firmwareVersion,
        },
      },
    };
  },

  bootAnswer(response): BootAnswer {
    const r = response as { status: BootAnswer['status']; interval: number };
    return { status: r.status, intervalS: r.interval };
  },

  heartbeat: () => ({ action: 'Heartbeat', transactional: false, payload: {} }),

  status(c, conn, at, force) {
    const connectorStatus = ocpp201Status(conn.status);
    if (!force && conn.reported === connectorStatus) return undefined;
    conn.reported = connectorStatus;
    return {
      action: 'StatusNotification',
      transactional: false,
      timestamp: at,
      payload: { timestamp: c.toIso(at), connectorStatus, evseId: conn.spec.evseId, connectorId: conn.spec.connectorId },
    };
  },

  chargerStatus: () => undefined,

  authorize: (idTag) => ({ action: 'Authorize', transactional: false, payload: { idToken: { idToken: idTag, type: 'ISO14443' } } }),

  authorizeAnswer: (response) => (response as { idTokenInfo: { status: string } }).idTokenInfo.status === 'Accepted',

  transactionStarted(c, conn, s, at, samples) {
    return transactionEvent(c, conn, s, at, 'Started', s.remoteStartId !== undefined ? 'RemoteStart' : 'Authorized', {
      info: { chargingState: 'Charging', ...(s.remoteStartId !== undefined ? { remoteStartId: s.remoteStartId } : {}) },
      samples,
      idToken: true,
    });
  },

  startAnswer(response) {
    const r = response as { idTokenInfo?: { status: string } };
    return { accepted: !r.idTokenInfo || r.idTokenInfo.status === 'Accepted' };
  },

  transactionSample(c, conn, s, at, samples) {
    return transactionEvent(c, conn, s, at, 'Updated', 'MeterValuePeriodic', { info: { chargingState: chargingState(s) }, samples });
  },

  chargingStateChanged(c, conn, s, at) {
    return transactionEvent(c, conn, s, at, 'Updated', 'ChargingStateChanged', { info: { chargingState: chargingState(s) } });
  },

  transactionEnded(c, conn, s, at, cause, samples) {
    const { triggerReason, stoppedReason } = stopReasons(cause);
    return transactionEvent(c, conn, s, at, 'Ended', triggerReason, {
      info: { stoppedReason, chargingState: cause.kind === 'EVDisconnected' ? 'Idle' : 'EVConnected' },
      samples,
      idToken: cause.kind === 'Local',
    });
  },

  triggeredMeterValues(c, conn, at, samples) {
    const value = meterValue(c, at, samples);
    return { action: 'MeterValues', transactional: false, timestamp: at, payload: { evseId: conn.spec.evseId, meterValue: [value] } };
  },

  triggeredTransactionEvent(c, conn, at, samples) {
    const s = conn.session;
    if (!s || s.txRef === undefined) return undefined;
    return transactionEvent(c, conn, s, at, 'Updated', 'Trigger', { info: { chargingState: chargingState(s) }, samples });
  },

  fault(c, conn, fault, at, cleared) {
    const spec = faultCatalogue[fault.kind];
    return {
      action: 'NotifyEvent',
      transactional: false,
      timestamp: at,
      payload: {
        generatedAt: c.toIso(at),
        seqNo: c.nextNotifySeq(),
        eventData: [
          {
            eventId: cleared ? c.nextEventId() : fault.eventId,
            ...(cleared ? { cause: fault.eventId } : {}),
            timestamp: c.toIso(at),
            trigger: 'Alerting',
            actualValue: cleared ? 'false' : 'true',
            cleared,
            techCode: spec.vendorErrorCode,
            techInfo: `${spec.info} (${spec.errorCode})`,
            eventNotificationType: 'HardWiredNotification',
            component: {
              name: spec.component,
              ...(conn ? { evse: { id: conn.spec.evseId, connectorId: conn.spec.connectorId } } : {}),
            },
            variable: { name: 'Problem' },
          },
        ],
      },
    };
  },

  firmwareStatus: () => ({ action: 'FirmwareStatusNotification', transactional: false, payload: { status: 'Idle' } }),

  diagnosticsStatus: () => ({ action: 'LogStatusNotification', transactional: false, payload: { status: 'Idle' } }),
};
