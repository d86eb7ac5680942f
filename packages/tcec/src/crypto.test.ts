import { describe, expect, it } from 'vitest';
import {
  decryptData,
  encryptData,
  hmacMd5,
  requestSignature,
  responseSignature,
  signatureMatches,
  verifyRequestSignature,
  verifyResponseSignature,
} from './crypto.js';
import { TcecError } from './errors.js';
import { requestVector, responseVector, vectorSecrets } from './testing/published-vectors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof TcecError ? e.code : `not a TcecError: ${String(e)}`;
  }
  return undefined;
}

describe('the published request vector', () => {
  it('encrypts the token request to the published Data, byte for byte', () => {
    expect(encryptData(requestVector.plain, vectorSecrets)).toBe(requestVector.Data);
  });

  it('decrypts the published Data to the token request, newline included', () => {
    expect(decryptData(requestVector.Data, vectorSecrets)).toBe(requestVector.plain);
  });

  it('signs OperatorID + Data + TimeStamp + Seq to the published Sig', () => {
    expect(requestSignature(requestVector, vectorSecrets.sigSecret)).toBe(requestVector.Sig);
  });

  it('verifies the published Sig and nothing else', () => {
    expect(verifyRequestSignature(requestVector, vectorSecrets.sigSecret)).toBe(true);
    expect(verifyRequestSignature({ ...requestVector, Seq: '0002' }, vectorSecrets.sigSecret)).toBe(false);
    expect(verifyRequestSignature({ ...requestVector, Sig: requestVector.Sig.toLowerCase() }, vectorSecrets.sigSecret)).toBe(false);
    expect(verifyRequestSignature(requestVector, 'another-secret')).toBe(false);
  });
});

describe('the published response vector', () => {
  const plain = decryptData(responseVector.Data, vectorSecrets);

  it('decrypts to a successful token answer', () => {
    expect(JSON.parse(plain)).toMatchObject({ OperatorID: '123456789', SuccStat: 0, TokenAvailableTime: 7200, FailReason: 0 });
  });

  it('re-encrypts the decrypted text to the published Data, byte for byte', () => {
    expect(encryptData(plain, vectorSecrets)).toBe(responseVector.Data);
  });

  it('signs String(Ret) + Msg + Data to the published Sig, and verifies it', () => {
    expect(responseSignature(responseVector, vectorSecrets.sigSecret)).toBe(responseVector.Sig);
    expect(verifyResponseSignature(responseVector, vectorSecrets.sigSecret)).toBe(true);
    expect(verifyResponseSignature({ ...responseVector, Ret: 500 }, vectorSecrets.sigSecret)).toBe(false);
  });
});

describe('HMAC-MD5 signatures', () => {
  it('are 32 uppercase hex digits', () => {
    expect(hmacMd5('anything', 'key')).toMatch(/^[0-9A-F]{32}$/);
  });

  it('are compared exactly', () => {
    expect(signatureMatches('ABC', 'ABC')).toBe(true);
    expect(signatureMatches('ABC', 'abc')).toBe(false);
    expect(signatureMatches('ABC', 'ABCD')).toBe(false);
  });
});

describe('AES-128-CBC Data', () => {
  it('round-trips Chinese text', () => {
    const text = JSON.stringify({ StationName: '忻州市五台山风景区充电站' });
    expect(decryptData(encryptData(text, vectorSecrets), vectorSecrets)).toBe(text);
  });

  it('refuses a key or IV that is not exactly 16 bytes', () => {
    expect(codeOf(() => encryptData('{}', { ...vectorSecrets, dataSecret: 'short' }))).toBe('PW_TCEC_SECRET_INVALID');
    // 16 characters but 18 bytes in UTF-8: the secret is used as bytes, so this is wrong too.
    expect(codeOf(() => decryptData(requestVector.Data, { ...vectorSecrets, dataSecretIv: '忻234567890abcdef' }))).toBe(
      'PW_TCEC_SECRET_INVALID',
    );
  });

  it('reports Data that is not Base64, not whole blocks, or under another key as undecryptable', () => {
    expect(codeOf(() => decryptData('not base64!', vectorSecrets))).toBe('PW_TCEC_DATA_UNDECRYPTABLE');
    expect(codeOf(() => decryptData('', vectorSecrets))).toBe('PW_TCEC_DATA_UNDECRYPTABLE');
    expect(codeOf(() => decryptData('QUJD', vectorSecrets))).toBe('PW_TCEC_DATA_UNDECRYPTABLE');
    expect(codeOf(() => decryptData(requestVector.Data, { ...vectorSecrets, dataSecret: 'fedcba0987654321' }))).toBe(
      'PW_TCEC_DATA_UNDECRYPTABLE',
    );
  });
});
