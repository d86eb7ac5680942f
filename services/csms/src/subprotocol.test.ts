import { describe, expect, it } from 'vitest';
import { negotiateProtocol, parseOfferedProtocols } from './subprotocol.js';

describe('negotiateProtocol', () => {
  it('speaks 1.6, without echoing, to a charger that offers no subprotocol', () => {
    expect(negotiateProtocol(new Set())).toEqual({ ok: true, protocol: 'ocpp1.6', echoed: false });
  });

  it('picks the version the charger offers', () => {
    expect(negotiateProtocol(new Set(['ocpp1.6']))).toEqual({ ok: true, protocol: 'ocpp1.6', echoed: true });
    expect(negotiateProtocol(new Set(['ocpp2.0.1']))).toEqual({ ok: true, protocol: 'ocpp2.0.1', echoed: true });
  });

  it('prefers 2.0.1 when both are offered, whatever their order', () => {
    expect(negotiateProtocol(new Set(['ocpp1.6', 'ocpp2.0.1']))).toMatchObject({ protocol: 'ocpp2.0.1' });
  });

  it('ignores versions it does not serve when one it serves is offered', () => {
    expect(negotiateProtocol(new Set(['ocpp2.1', 'ocpp1.6']))).toMatchObject({ ok: true, protocol: 'ocpp1.6' });
  });

  it('refuses a charger that offers only versions it does not serve', () => {
    expect(negotiateProtocol(new Set(['ocpp1.5', 'ocpp2.1']))).toMatchObject({ ok: false });
  });
});

describe('parseOfferedProtocols', () => {
  it('reads a comma-separated token list', () => {
    expect(parseOfferedProtocols('ocpp2.0.1, ocpp1.6')).toEqual(new Set(['ocpp2.0.1', 'ocpp1.6']));
    expect(parseOfferedProtocols(undefined)).toEqual(new Set());
  });

  it.each([['ocpp1.6,,ocpp2.0.1'], ['ocpp1.6, ocpp1.6'], ['ocpp 1.6'], ['']])('rejects %j', (header) => {
    expect(parseOfferedProtocols(header)).toBeNull();
  });
});
