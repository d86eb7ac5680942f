import { describe, expect, it } from 'vitest';
import { openRequest, openResponse, sealRequest, sealResponse, type SecretsLookup } from './codec.js';
import { decryptData, encryptData, hmacMd5, requestSignature, responseSignature } from './crypto.js';
import { Ret, TcecError } from './errors.js';
import { queryStationStatusRequestSchema, queryTokenRequestSchema, queryTokenResponseSchema } from './interfaces.js';
import { createMemoryReplayGuard } from './replay-guard.js';
import { requestVector, requestVectorInstant, responseVector, vectorSecrets } from './testing/published-vectors.js';

const lookup: SecretsLookup = (id) => (id === '123456789' ? vectorSecrets : undefined);
const published = {
  OperatorID: requestVector.OperatorID,
  Data: requestVector.Data,
  TimeStamp: requestVector.TimeStamp,
  Seq: requestVector.Seq,
  Sig: requestVector.Sig,
};
const open = (body: unknown, extra: { now?: Date; maxSkewS?: number } = {}) =>
  openRequest(body, lookup, { replayGuard: createMemoryReplayGuard(), now: requestVectorInstant, ...extra });

/** A correctly signed request from operator 123456789 carrying `plain` as Data. */
function signed(plain: string, overrides: Partial<typeof published> = {}) {
  const fields = { ...published, Data: encryptData(plain, vectorSecrets), ...overrides };
  return { ...fields, Sig: requestSignature(fields, vectorSecrets.sigSecret) };
}

describe('openRequest', () => {
  it('opens the published request: checks, then decrypts the token request', async () => {
    const opened = await open(published, {});
    expect(opened).toMatchObject({
      ok: true,
      operatorId: '123456789',
      timeStamp: '20180120165755',
      seq: '0001',
      data: { OperatorID: '123456789', OperatorSecret: '1234567890abcdef' },
    });
    if (opened.ok) expect(opened.sentAt).toEqual(requestVectorInstant);
  });

  it('accepts the raw body text as well as the parsed object', async () => {
    expect((await open(JSON.stringify(published))).ok).toBe(true);
  });

  it('validates Data against the interface schema when given one', async () => {
    const opened = await openRequest(published, lookup, {
      replayGuard: createMemoryReplayGuard(),
      now: requestVectorInstant,
      schema: queryTokenRequestSchema,
    });
    expect(opened.ok).toBe(true);
  });

  describe('refuses with 4003 (bad POST parameters)', () => {
    it.each(['OperatorID', 'Data', 'TimeStamp', 'Seq', 'Sig'] as const)('when %s is missing', async (field) => {
      const body: Record<string, unknown> = { ...published };
      delete body[field];
      const refused = await open(body);
      expect(refused).toMatchObject({ ok: false, ret: Ret.BadRequest, code: 'PW_TCEC_ENVELOPE_INVALID' });
      if (!refused.ok) expect(refused.msg).toContain(field);
    });

    it.each([
      ['OperatorID', '12345678'],
      ['OperatorID', 123456789],
      ['TimeStamp', '2018-01-20 16:57:55'],
      ['TimeStamp', '20180132165755'],
      ['Seq', '0000'],
      ['Seq', 1],
      ['Sig', 'D2D584A14F3F284445DF85D0E8C0697'],
      ['Data', ''],
    ])('when %s is %j', async (field, value) => {
      expect(await open({ ...published, [field]: value })).toMatchObject({ ok: false, ret: 4003, code: 'PW_TCEC_ENVELOPE_INVALID' });
    });

    it('when the body is not a JSON object', async () => {
      for (const body of ['{not json', '[]', null, 42]) {
        expect(await open(body)).toMatchObject({ ok: false, ret: 4003, code: 'PW_TCEC_ENVELOPE_INVALID' });
      }
    });

    it('when the OperatorID is not a partner, without secrets to sign the answer with', async () => {
      const refused = await open({ ...published, OperatorID: '987654321' });
      expect(refused).toMatchObject({ ok: false, ret: 4003, code: 'PW_TCEC_UNKNOWN_OPERATOR' });
      expect(refused).not.toHaveProperty('secrets');
    });
  });

  describe('refuses with 4001 (bad signature)', () => {
    it.each([
      ['a changed Seq', { Seq: '0002' }],
      ['a changed Data', { Data: encryptData('{"OperatorID":"123456789"}', vectorSecrets) }],
      ['a lowercase Sig', { Sig: requestVector.Sig.toLowerCase() }],
      ['a Sig made with another secret', { Sig: hmacMd5('123456789' + requestVector.Data + requestVector.TimeStamp + '0001', 'x') }],
    ])('for %s', async (_, change) => {
      const refused = await open({ ...published, ...change });
      expect(refused).toMatchObject({ ok: false, ret: Ret.BadSignature, code: 'PW_TCEC_SIGNATURE_INVALID', operatorId: '123456789' });
      if (!refused.ok) expect(refused.secrets).toEqual(vectorSecrets);
    });

    it('before looking at the timestamp or the replay guard', async () => {
      const guard = createMemoryReplayGuard();
      const badSig = { ...published, Sig: '0'.repeat(32) };
      const refused = await openRequest(badSig, lookup, { replayGuard: guard, now: new Date('2030-01-01T00:00:00Z') });
      expect(refused).toMatchObject({ ret: 4001 });
      expect(guard.size).toBe(0);
    });
  });

  describe('refuses a TimeStamp far from our clock with 4003', () => {
    it('five minutes and one second late, by default', async () => {
      const late = new Date(requestVectorInstant.getTime() + 301_000);
      expect(await open(published, { now: late })).toMatchObject({ ok: false, ret: 4003, code: 'PW_TCEC_TIMESTAMP_SKEW' });
      expect((await open(published, { now: new Date(requestVectorInstant.getTime() + 300_000) })).ok).toBe(true);
    });

    it('from the future too', async () => {
      const early = new Date(requestVectorInstant.getTime() - 301_000);
      expect(await open(published, { now: early })).toMatchObject({ ret: 4003, code: 'PW_TCEC_TIMESTAMP_SKEW' });
    });

    it('with a configurable limit', async () => {
      const later = new Date(requestVectorInstant.getTime() + 60_000);
      expect(await open(published, { now: later, maxSkewS: 30 })).toMatchObject({ ret: 4003, code: 'PW_TCEC_TIMESTAMP_SKEW' });
      expect((await open(published, { now: later, maxSkewS: 90 })).ok).toBe(true);
    });
  });

  describe('refuses a replay with 4003', () => {
    it('the same OperatorID + TimeStamp + Seq a second time', async () => {
      const guard = createMemoryReplayGuard();
      const options = { replayGuard: guard, now: requestVectorInstant };
      expect((await openRequest(published, lookup, options)).ok).toBe(true);
      expect(await openRequest(published, lookup, options)).toMatchObject({ ok: false, ret: 4003, code: 'PW_TCEC_REPLAYED' });
    });

    it('but not the next Seq in the same second', async () => {
      const guard = createMemoryReplayGuard();
      const options = { replayGuard: guard, now: requestVectorInstant };
      expect((await openRequest(signed(requestVector.plain), lookup, options)).ok).toBe(true);
      expect((await openRequest(signed(requestVector.plain, { Seq: '0002' }), lookup, options)).ok).toBe(true);
    });

    it('through an asynchronous guard (the shape a Redis guard has)', async () => {
      const keys = new Set<string>();
      const replayGuard = {
        firstSeen: async (key: string) => (keys.has(key) ? false : (keys.add(key), true)),
      };
      await openRequest(published, lookup, { replayGuard, now: requestVectorInstant });
      expect([...keys]).toEqual(['123456789:20180120165755:0001']);
      expect(await openRequest(published, lookup, { replayGuard, now: requestVectorInstant })).toMatchObject({ ret: 4003 });
    });
  });

  describe('refuses with 4004 (bad business parameters)', () => {
    it('Data that is correctly signed but encrypted under another key', async () => {
      const fields = { ...published, Data: encryptData('{}', { ...vectorSecrets, dataSecret: 'fedcba0987654321' }) };
      const body = { ...fields, Sig: requestSignature(fields, vectorSecrets.sigSecret) };
      expect(await open(body)).toMatchObject({ ok: false, ret: Ret.BadData, code: 'PW_TCEC_DATA_UNDECRYPTABLE' });
    });

    it('Data that decrypts to something that is not JSON', async () => {
      expect(await open(signed('OperatorID=123456789'))).toMatchObject({ ret: 4004, code: 'PW_TCEC_DATA_INVALID' });
    });

    it('Data that does not match the interface, naming the field', async () => {
      const refused = await openRequest(signed(JSON.stringify({ StationIDs: [] })), lookup, {
        replayGuard: createMemoryReplayGuard(),
        now: requestVectorInstant,
        schema: queryStationStatusRequestSchema,
      });
      expect(refused).toMatchObject({ ok: false, ret: 4004, code: 'PW_TCEC_DATA_INVALID' });
      if (!refused.ok) expect(refused.msg).toContain('StationIDs');
    });
  });

  it("uses the partner's own skew limit and spellings from its channel", async () => {
    const strict: SecretsLookup = (id) => (id === '123456789' ? { ...vectorSecrets, maxSkewS: 10, spelling: { ServicePrice: 'SevicePrice' } } : undefined);
    const options = { replayGuard: createMemoryReplayGuard(), maxSkewS: 3600 };
    const late = new Date(requestVectorInstant.getTime() + 11_000);
    expect(await openRequest(published, strict, { ...options, now: late })).toMatchObject({ ret: 4003, code: 'PW_TCEC_TIMESTAMP_SKEW' });
    const opened = await openRequest(signed(JSON.stringify({ SevicePrice: '0.8' })), strict, { ...options, now: requestVectorInstant });
    expect(opened).toMatchObject({ ok: true, data: { ServicePrice: '0.8' } });
    if (opened.ok) {
      const sealed = sealResponse(0, '', { ServicePrice: '0.9' }, opened.secrets);
      expect(JSON.parse(decryptData(sealed.Data, vectorSecrets))).toEqual({ SevicePrice: '0.9' });
    }
  });

  it("reads a partner's own spelling back into ours", async () => {
    const opened = await openRequest(signed(JSON.stringify({ SevicePrice: '0.8' })), lookup, {
      replayGuard: createMemoryReplayGuard(),
      now: requestVectorInstant,
      spelling: { ServicePrice: 'SevicePrice' },
    });
    expect(opened).toMatchObject({ ok: true, data: { ServicePrice: '0.8' } });
  });
});

describe('sealResponse', () => {
  it('encrypts and signs Data on success', () => {
    const sealed = sealResponse(0, '', { Status: 0 }, vectorSecrets);
    expect(decryptData(sealed.Data, vectorSecrets)).toBe('{"Status":0}');
    expect(sealed.Sig).toBe(responseSignature({ Ret: 0, Msg: '', Data: sealed.Data }, vectorSecrets.sigSecret));
  });

  it('sends Data "" with a signed error, whatever data it is given', () => {
    const sealed = sealResponse(4001, 'Sig does not match', { leaked: true }, vectorSecrets);
    expect(sealed).toEqual({ Ret: 4001, Msg: 'Sig does not match', Data: '', Sig: hmacMd5('4001Sig does not match', vectorSecrets.sigSecret) });
  });

  it('leaves the answer unsigned when the caller could not be identified', () => {
    expect(sealResponse(4003, 'unknown OperatorID 987654321', null, undefined)).toEqual({
      Ret: 4003,
      Msg: 'unknown OperatorID 987654321',
      Data: '',
      Sig: '',
    });
  });

  it("writes fields in the partner's spelling", () => {
    const sealed = sealResponse(0, '', { Items: [{ ServicePrice: '0.8' }] }, vectorSecrets, { spelling: { ServicePrice: 'SevicePrice' } });
    expect(JSON.parse(decryptData(sealed.Data, vectorSecrets))).toEqual({ Items: [{ SevicePrice: '0.8' }] });
  });
});

describe('sealRequest and openResponse (the calling side)', () => {
  it('seals a request the serving side opens', async () => {
    const envelope = sealRequest('123456789', { StationIDs: ['S1'] }, vectorSecrets, { timeStamp: '20180120165755', seq: '0042' });
    expect(envelope).toMatchObject({ OperatorID: '123456789', TimeStamp: '20180120165755', Seq: '0042' });
    expect(await open(envelope)).toMatchObject({ ok: true, data: { StationIDs: ['S1'] } });
  });

  it('opens the published response into a token answer', () => {
    const opened = openResponse(responseVector, vectorSecrets, { schema: queryTokenResponseSchema });
    expect(opened).toMatchObject({ ok: true, data: { OperatorID: '123456789', SuccStat: 0, TokenAvailableTime: 7200, FailReason: 0 } });
  });

  it('returns a Ret other than 0 as a value', () => {
    expect(openResponse(sealResponse(4002, 'token expired', null, vectorSecrets), vectorSecrets)).toEqual({
      ok: false,
      ret: 4002,
      msg: 'token expired',
    });
  });

  it('throws on an answer whose signature does not match, keeping its Ret for the log', () => {
    let err: unknown;
    try {
      openResponse({ ...responseVector, Msg: 'tampered' }, vectorSecrets);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TcecError);
    expect(err).toMatchObject({ code: 'PW_TCEC_RESPONSE_SIGNATURE_INVALID', details: { ret: 0, msg: 'tampered' } });
  });

  it('throws on something that is not a response envelope', () => {
    expect(() => openResponse('<html>502 Bad Gateway</html>', vectorSecrets)).toThrow(/not a T\/CEC response envelope/);
    expect(() => openResponse({ Ret: 0, Data: '' }, vectorSecrets)).toThrow(TcecError);
  });

  it('throws when successful Data does not match the interface', () => {
    const sealed = sealResponse(0, '', { OperatorID: '123456789', SuccStat: 0 }, vectorSecrets);
    expect(() => openResponse(sealed, vectorSecrets, { schema: queryTokenResponseSchema })).toThrow(/AccessToken/);
  });
});
