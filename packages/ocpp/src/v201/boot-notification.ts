/** 2.0.1 BootNotification: the station introduces itself and says why it (re)booted. */
import { bootAnswer } from '../boot-answer.js';
import { eventBase } from '../charger-time.js';
import type { ChargerBooted } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { BootNotificationRequest, BootNotificationResponse } from '../generated/ocpp201.js';

export const bootNotification: ActionModule<BootNotificationRequest, BootNotificationResponse> = {
  decode(p, ctx) {
    const station = p.chargingStation;
    const event: ChargerBooted = {
      kind: 'charger.booted',
      ...eventBase(ctx),
      vendor: station.vendorName,
      model: station.model,
      reason: p.reason,
    };
    if (station.serialNumber !== undefined) event.serialNumber = station.serialNumber;
    if (station.firmwareVersion !== undefined) event.firmwareVersion = station.firmwareVersion;
    if (station.modem?.iccid !== undefined) event.iccid = station.modem.iccid;
    if (station.modem?.imsi !== undefined) event.imsi = station.modem.imsi;
    return [event];
  },
  respond: (_p, outcome) => bootAnswer(outcome),
};
