import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const dataTransfer = action('ocpp1.6', 'DataTransfer');
const base = { kind: 'data.transfer', chargerId: 'XZ-0001', at: receivedAt, receivedAt };

describe('1.6 DataTransfer', () => {
  it.each([
    {
      name: 'keeps vendor, message id and data',
      frame: { vendorId: 'com.xjpower', messageId: 'GunTemp', data: '{"gun":1,"t":61}' },
      event: { ...base, vendorId: 'com.xjpower', messageId: 'GunTemp', data: '{"gun":1,"t":61}' },
    },
    { name: 'needs only the vendor', frame: { vendorId: 'com.xjpower' }, event: { ...base, vendorId: 'com.xjpower' } },
  ])('$name', ({ frame, event }) => {
    expect(dataTransfer.decode(frame)).toEqual([event]);
  });

  it('answers UnknownVendorId: we implement no vendor extension', () => {
    expect(dataTransfer.respond({ vendorId: 'com.xjpower' })).toEqual({ status: 'UnknownVendorId' });
  });
});
