/** Every 1.6 action a charger may send us, by its OCPP name. */
import type { ActionModule } from '../handler.js';
import type { Action, Requests, Responses } from '../generated/ocpp16.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { dataTransfer } from './data-transfer.js';
import { diagnosticsStatusNotification } from './diagnostics-status-notification.js';
import { firmwareStatusNotification } from './firmware-status-notification.js';
import { heartbeat } from './heartbeat.js';
import { logStatusNotification } from './log-status-notification.js';
import { meterValues } from './meter-values.js';
import { securityEventNotification } from './security-event-notification.js';
import { signedFirmwareStatusNotification } from './signed-firmware-status-notification.js';
import { startTransaction } from './start-transaction.js';
import { statusNotification } from './status-notification.js';
import { stopTransaction } from './stop-transaction.js';

export const actions16 = {
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
  StatusNotification: statusNotification,
  MeterValues: meterValues,
  StartTransaction: startTransaction,
  StopTransaction: stopTransaction,
  Authorize: authorize,
  DataTransfer: dataTransfer,
  FirmwareStatusNotification: firmwareStatusNotification,
  DiagnosticsStatusNotification: diagnosticsStatusNotification,
  SecurityEventNotification: securityEventNotification,
  LogStatusNotification: logStatusNotification,
  SignedFirmwareStatusNotification: signedFirmwareStatusNotification,
} satisfies { [A in Action]?: ActionModule<Requests[A], Responses[A]> };
