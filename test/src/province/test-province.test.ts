/**
 * The test province's own codec checked against the standard's published vectors (province-interface.md),
 * so the tests that use it to judge pilewatch stand on an independently verified reading of T/CEC 102.
 */
import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDateTime, chinaTimeStamp, decrypt, encrypt, gcj02, sign } from './test-province.js';

const secrets = { dataSecret: '1234567890abcdef', dataSecretIv: '1234567890abcdef', sigSecret: '1234567890abcdef' };
const request = {
  OperatorID: '123456789',
  TimeStamp: '20180120165755',
  Seq: '0001',
  Data: 'mYvffpNoFf4E/ZTC1tOw41TC5OlkEobfAYCm5N8hEusaLUaUIqOrXtdbMrSck0DSmfM7mRuOGMoCQzH0nWPGuw==',
  Sig: 'D2D584A14F3F284445DF85D0E8C0697C',
};
const response = {
  Ret: 0,
  Msg: '',
  Data:
    'uxeKP0ezR5yL8xSg4/ZCDh/N91/u86NXFxd2DrwZVW8zCPYcpl59Twz/yQZ3RaO4rDDrGmkvQignmNEJ+k4PGxdmIC+4fpJ8rU6osSobY+AeA0uueuQ5+eQiWBL6p6v5XMMm91brtK8yfFELYUWQzVcxABnAwK/+dyxtUhqLIxUpkwTEU/4ktN40df9IzzlLO5uvUknPGYu9yL0pp5w9vdRxmA1RiiTDNCysz6klr9bunGV3VJa2qpLcgeZMf/oG',
  Sig: '58E52010C7DEE87FE183B0AFA5B2BE30',
};

describe('the test province’s codec', () => {
  it('reproduces the published request byte for byte: Data both ways, and its Sig', () => {
    const plain = '{"OperatorID":"123456789",\n"OperatorSecret":"1234567890abcdef"}';
    expect(decrypt(request.Data, secrets)).toBe(plain);
    expect(encrypt(plain, secrets)).toBe(request.Data);
    expect(sign(request.OperatorID + request.Data + request.TimeStamp + request.Seq, secrets.sigSecret)).toBe(request.Sig);
  });

  it('reproduces the published response: its Sig, and Data that is the token object', () => {
    expect(sign(String(response.Ret) + response.Msg + response.Data, secrets.sigSecret)).toBe(response.Sig);
    expect(JSON.parse(decrypt(response.Data, secrets))).toMatchObject({ SuccStat: 0, TokenAvailableTime: 7200, FailReason: 0 });
    expect(encrypt(decrypt(response.Data, secrets), secrets)).toBe(response.Data);
  });

  it('writes China time whatever the machine’s zone', () => {
    const at = new Date('2018-01-20T08:57:55Z');
    expect([chinaTimeStamp(at), chinaDateTime(at), chinaDate(new Date('2025-03-01T16:30:00Z'))]).toEqual(['20180120165755', '2018-01-20 16:57:55', '2025-03-02']);
  });

  it('moves Xinzhou WGS-84 coordinates the few hundred metres GCJ-02 does', () => {
    const p = gcj02(112.733, 38.416);
    expect(p.lng - 112.733).toBeGreaterThan(0.006);
    expect(p.lng - 112.733).toBeLessThan(0.007);
    expect(p.lat - 38.416).toBeGreaterThan(0.0003);
    expect(p.lat - 38.416).toBeLessThan(0.001);
  });
});
