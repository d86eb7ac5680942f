/** Every 2.0.1 action a charging station may send us, by its OCPP name. */
import type { ActionModule } from '../handler.js';
import type { Action, Requests, Responses } from '../generated/ocpp201.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { dataTransfer } from './data-transfer.js';
import { firmwareStatusNotification } from './firmware-status-notification.js';
import { heartbeat } from './heartbeat.js';
import { logStatusNotification } from './log-status-notification.js';
import { meterValues } from './meter-values.js';
import { notifyEvent } from './notify-event.js';
import { notifyReport } from './notify-report.js';
import { securityEventNotification } from './security-event-notification.js';
import { statusNotification } from './status-notification.js';
import { transactionEvent } from './transaction-event.js';

export const actions201 = {
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
  StatusNotification: statusNotification,
  MeterValues: meterValues,
  TransactionEvent: transactionEvent,
  Authorize: authorize,
  NotifyEvent: notifyEvent,
  SecurityEventNotification: securityEventNotification,
  FirmwareStatusNotification: firmwareStatusNotification,
  LogStatusNotification: logStatusNotification,
  NotifyReport: notifyReport,
  DataTransfer: dataTransfer,
} satisfies { [A in Action]?: ActionModule<Requests[A], Responses[A]> };
