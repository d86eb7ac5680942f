/** 1.6 DataTransfer: a vendor extension; recorded, answered UnknownVendorId since we implement none. */
import type { DataTransferReceived } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { DataTransferRequest, DataTransferResponse } from '../generated/ocpp16.js';

export const dataTransfer: ActionModule<DataTransferRequest, DataTransferResponse> = {
  decode(p, ctx) {
    const event: DataTransferReceived = { kind: 'data.transfer', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt, vendorId: p.vendorId };
    if (p.messageId !== undefined) event.messageId = p.messageId;
    if (p.data !== undefined) event.data = p.data;
    return [event];
  },
  respond: () => ({ status: 'UnknownVendorId' }),
};
