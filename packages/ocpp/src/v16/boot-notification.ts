/** 1.6 BootNotification: the charger introduces itself; we register it and set its heartbeat. */
import { eventBase } from '../charger-time.js';
import type { ChargerBooted } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { BootNotificationRequest, BootNotificationResponse } from '../generated/ocpp16.js';
import { bootAnswer } from '../boot-answer.js';

export const bootNotification: ActionModule<BootNotificationRequest, BootNotificationResponse> = {
  decode(p, ctx) {
    const event: ChargerBooted = {
      kind: 'charger.booted',
      ...eventBase(ctx),
      vendor: p.chargePointVendor,
      model: p.chargePointModel,
    };
    // chargeBoxSerialNumber is the deprecated spelling of the same fact.
    const serialNumber = p.chargePointSerialNumber ?? p.chargeBoxSerialNumber;
    if (serialNumber !== undefined) event.serialNumber = serialNumber;
    if (p.firmwareVersion !== undefined) event.firmwareVersion = p.firmwareVersion;
    if (p.iccid !== undefined) event.iccid = p.iccid;
    if (p.imsi !== undefined) event.imsi = p.imsi;
    if (p.meterType !== undefined) event.meterType = p.meterType;
    if (p.meterSerialNumber !== undefined) event.meterSerialNumber = p.meterSerialNumber;
    return [event];
  },
  respond: (_p, outcome) => bootAnswer(outcome),
};
