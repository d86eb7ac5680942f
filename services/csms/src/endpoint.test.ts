import { describe, expect, it } from 'vitest';
import { endpointUrl, matchEndpoint } from './endpoint.js';

describe('matchEndpoint', () => {
  it.each([
    ['/ocpp/XZ-0001', 'XZ-0001'],
    ['/ocpp/XZ-0001?x=1', 'XZ-0001'],
    ['/ocpp/CP%20one', 'CP one'],
  ])('takes the identity from %s', (url, identity) => {
    expect(matchEndpoint(url, '/ocpp')).toEqual({ ok: true, identity });
  });

  it.each([
    ['/', 404],
    ['/ocpp', 404],
    ['/ocpp/', 404],
    ['/other/XZ-0001', 404],
    ['/ocppx/XZ-0001', 404],
    ['/ocpp/a/b', 404],
    ['/ocpp/%E0%A4%A', 400],
    ['/ocpp/a%2Fb', 400],
    ['/ocpp/user%3Aname', 400],
    ['/ocpp/tab%09', 400],
    ['/ocpp/%E5%BF%BB%E5%B7%9E-01', 400],
    [`/ocpp/${'x'.repeat(49)}`, 400],
  ])('refuses %s with %i', (url, status) => {
    expect(matchEndpoint(url, '/ocpp')).toMatchObject({ ok: false, status });
  });

  it('accepts a 48-character identity', () => {
    expect(matchEndpoint(`/ocpp/${'x'.repeat(48)}`, '/ocpp')).toEqual({ ok: true, identity: 'x'.repeat(48) });
  });

  it('honours a nested prefix', () => {
    expect(matchEndpoint('/cs/ocpp/A1', '/cs/ocpp')).toEqual({ ok: true, identity: 'A1' });
    expect(matchEndpoint('/ocpp/A1', '/cs/ocpp')).toMatchObject({ ok: false, status: 404 });
  });
});

describe('endpointUrl', () => {
  it('names a reachable address for wildcard binds', () => {
    expect(endpointUrl('0.0.0.0', 9000, '/ocpp')).toBe('ws://127.0.0.1:9000/ocpp');
    expect(endpointUrl('::', 9000, '/ocpp')).toBe('ws://[::1]:9000/ocpp');
    expect(endpointUrl('fe80::1', 9000, '/ocpp')).toBe('ws://[fe80::1]:9000/ocpp');
    expect(endpointUrl('10.0.0.5', 9100, '/cs')).toBe('ws://10.0.0.5:9100/cs');
  });
});
