import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const dataTransfer = action('ocpp2.0.1', 'DataTransfer');
const base = { kind: 'data.transfer', chargerId: 'XZ-0001', at: receivedAt, receivedAt };

describe('2.0.1 DataTransfer', () => {
  it.each([
    { name: 'keeps text data as it is', frame: { vendorId: 'com.xjpower', messageId: 'Note', data: 'hello' }, event: { ...base, vendorId: 'com.xjpower', messageId: 'Note', data: 'hello' } },
    { name: 'keeps structured data as JSON text', frame: { vendorId: 'com.xjpower', data: { gun: 1, t: 61 } }, event: { ...base, vendorId: 'com.xjpower', data: '{"gun":1,"t":61}' } },
    { name: 'needs only the vendor', frame: { vendorId: 'com.xjpower' }, event: { ...base, vendorId: 'com.xjpower' } },
  ])('$name', ({ frame, event }) => {
    expect(dataTransfer.decode(frame)).toEqual([event]);
  });

  it('answers UnknownVendorId: we implement no vendor extension', () => {
    expect(dataTransfer.respond({ vendorId: 'com.xjpower' })).toEqual({ status: 'UnknownVendorId' });
  });
});
