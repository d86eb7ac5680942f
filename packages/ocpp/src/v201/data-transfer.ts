/** 2.0.1 DataTransfer: a vendor extension; recorded, answered UnknownVendorId since we implement none. */
import type { DataTransferReceived } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { DataTransferRequest, DataTransferResponse } from '../generated/ocpp201.js';

export const dataTransfer: ActionModule<DataTransferRequest, DataTransferResponse> = {
  decode(p, ctx) {
    const event: DataTransferReceived = { kind: 'data.transfer', chargerId: ctx.chargerId, at: ctx.receivedAt, receivedAt: ctx.receivedAt, vendorId: p.vendorId };
    if (p.messageId !== undefined) event.messageId = p.messageId;
    // 2.0.1 data may be any JSON value; events carry text, so non-strings keep their JSON form.
    if (p.data !== undefined) event.data = typeof p.data === 'string' ? p.data : JSON.stringify(p.data);
    return [event];
  },
  respond: () => ({ status: 'UnknownVendorId' }),
};
