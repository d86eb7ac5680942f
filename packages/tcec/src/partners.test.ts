import { describe, expect, it } from 'vitest';
import { createTcecClient } from './client.js';
import { TcecError } from './errors.js';
import { findPartner, inboundSecrets, mayCall, mayRead, outboundLink, type PartnerInput, parsePartners, redact } from './partners.js';

const province: PartnerInput = {
  name: 'Shanxi energy supervision platform',
  operatorId: 'MA0SX0001',
  inbound: {
    operatorSecret: 'province-operator-secret',
    dataSecret: 'a1b2c3d4e5f6g7h8',
    dataSecretIv: 'h8g7f6e5d4c3b2a1',
    sigSecret: 'province-sig-secret',
    counties: ['140902', '140922'],
  },
  outbound: {
    baseUrl: 'https://province.example/evcs/v1',
    operatorId: 'MA0XZ0001',
    operatorSecret: 'our-operator-secret',
    dataSecret: '1234567890abcdef',
    dataSecretIv: 'fedcba0987654321',
    sigSecret: 'their-sig-secret',
    pushes: ['notification_stationStatus'],
  },
  spelling: { ServicePrice: 'SevicePrice' },
};

function problemsOf(input: unknown): string[] {
  try {
    parsePartners(input);
  } catch (e) {
    if (e instanceof TcecError && e.code === 'PW_TCEC_PARTNER_CONFIG_INVALID') return e.details.problems as string[];
    throw e;
  }
  return [];
}

describe('partner configuration', () => {
  it('fills in the defaults: a 7200 s token, 300 s skew, every pull interface', () => {
    const [p] = parsePartners([province]);
    expect(p!.inbound).toMatchObject({
      tokenLifetimeS: 7200,
      maxSkewS: 300,
      interfaces: ['query_stations_info', 'query_station_status', 'query_station_stats', 'supervise_query_operator_info'],
    });
  });

  it('reports every problem at once, with where it is', () => {
    const problems = problemsOf([
      { ...province, operatorId: 'short', inbound: { ...province.inbound, dataSecret: 'fifteen-bytes!!' }, outbound: { ...province.outbound, baseUrl: 'ftp://x' } },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^0\.operatorId: must be the 9-character organisation code/),
        expect.stringMatching(/^0\.inbound\.dataSecret: must be exactly 16 bytes/),
        expect.stringMatching(/^0\.outbound\.baseUrl: must be an http/),
      ]),
    );
  });

  it('refuses the same OperatorID twice and a spelling table that merges two fields', () => {
    expect(problemsOf([province, { ...province, name: 'copy' }])).toEqual(['1.operatorId: MA0SX0001 is configured twice']);
    expect(problemsOf([{ ...province, spelling: { A: 'X', B: 'X' } }])).toEqual(['0.spelling: maps two fields to the same name']);
  });

  it('refuses an interface a partner cannot be given', () => {
    expect(problemsOf([{ ...province, inbound: { ...province.inbound, interfaces: ['query_everything'] } }])[0]).toMatch(/^0\.inbound\.interfaces\.0/);
  });

  it('gives openRequest the inbound secrets by OperatorID', () => {
    const lookup = inboundSecrets(parsePartners([province]));
    expect(lookup('MA0SX0001')).toEqual({
      dataSecret: 'a1b2c3d4e5f6g7h8',
      dataSecretIv: 'h8g7f6e5d4c3b2a1',
      sigSecret: 'province-sig-secret',
      maxSkewS: 300,
      spelling: { ServicePrice: 'SevicePrice' },
    });
    expect(lookup('MA0XZ0001')).toBeUndefined();
  });

  it('limits what a partner may call and read', () => {
    const [p] = parsePartners([{ ...province, inbound: { ...province.inbound, interfaces: ['query_station_status'] } }]);
    expect(mayCall(p!, 'query_token')).toBe(true);
    expect(mayCall(p!, 'query_station_status')).toBe(true);
    expect(mayCall(p!, 'query_stations_info')).toBe(false);
    expect(mayRead(p!, { operatorId: 'op-1', countyCode: '140922' })).toBe(true);
    expect(mayRead(p!, { operatorId: 'op-1', countyCode: '140981' })).toBe(false);
    expect(mayRead(p!, { operatorId: 'op-1', countyCode: null })).toBe(false);
    const [outOnly] = parsePartners([{ ...province, inbound: undefined }]);
    expect(mayCall(outOnly!, 'query_token')).toBe(false);
  });

  it('gives the client what it needs to call the partner', () => {
    const [p] = parsePartners([province]);
    expect(outboundLink(p!)).toEqual({
      baseUrl: 'https://province.example/evcs/v1',
      ours: { operatorId: 'MA0XZ0001', operatorSecret: 'our-operator-secret' },
      theirs: { dataSecret: '1234567890abcdef', dataSecretIv: 'fedcba0987654321', sigSecret: 'their-sig-secret' },
      spelling: { ServicePrice: 'SevicePrice' },
    });
    expect(findPartner([p!], 'MA0SX0001')).toBe(p);
    expect(typeof createTcecClient(outboundLink(p!)!).call).toBe('function');
  });
});

describe('redact', () => {
  it('keeps every secret of a partner out of what is logged', () => {
    const logged = JSON.stringify(redact(parsePartners([province])));
    for (const secret of ['province-operator-secret', 'a1b2c3d4e5f6g7h8', 'h8g7f6e5d4c3b2a1', 'province-sig-secret', 'our-operator-secret', '1234567890abcdef', 'fedcba0987654321', 'their-sig-secret']) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).toContain('MA0SX0001');
    expect(logged).toContain('https://province.example/evcs/v1');
  });

  it('hides tokens, passwords and Authorization headers at any depth', () => {
    expect(
      redact({ headers: { Authorization: 'Bearer abc' }, data: [{ AccessToken: 'abc', OperatorSecret: 's', TokenAvailableTime: 7200 }], password: 'p' }),
    ).toEqual({
      headers: { Authorization: '[redacted]' },
      data: [{ AccessToken: '[redacted]', OperatorSecret: '[redacted]', TokenAvailableTime: 7200 }],
      password: '[redacted]',
    });
  });
});
