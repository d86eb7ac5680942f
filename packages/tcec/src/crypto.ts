/**
 * The cryptography of T/CEC 102 part 4: AES-128-CBC (PKCS#7) with Base64 output for `Data`, and
 * HMAC-MD5 as 32 uppercase hex digits for `Sig`. Secrets are UTF-8 strings used literally as bytes —
 * no hashing or derivation — which is what makes the published test vectors reproduce.
 */
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { TcecError } from './errors.js';

/** The three secrets that protect one direction of one partner link. */
export interface ChannelSecrets {
  /** AES key, exactly 16 UTF-8 bytes. */
  dataSecret: string;
  /** AES IV, exactly 16 UTF-8 bytes. */
  dataSecretIv: string;
  /** HMAC-MD5 key. */
  sigSecret: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function aesBytes(value: string, name: 'DataSecret' | 'DataSecretIV'): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length !== 16) {
    throw new TcecError('PW_TCEC_SECRET_INVALID', `${name} must be exactly 16 bytes, it is ${bytes.length}`, {
      field: name,
    });
  }
  return bytes;
}

/** Encrypts the business JSON text into the envelope's `Data`. */
export function encryptData(plain: string, secrets: Pick<ChannelSecrets, 'dataSecret' | 'dataSecretIv'>): string {
  const cipher = createCipheriv(
    'aes-128-cbc',
    aesBytes(secrets.dataSecret, 'DataSecret'),
    aesBytes(secrets.dataSecretIv, 'DataSecretIV'),
  );
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/**
 * Decrypts an envelope's `Data` back to the business JSON text.
 * Throws `PW_TCEC_DATA_UNDECRYPTABLE` for text that is not strict Base64, not whole AES blocks, or
 * whose padding is wrong (the usual sign of a key mismatch).
 */
export function decryptData(data: string, secrets: Pick<ChannelSecrets, 'dataSecret' | 'dataSecretIv'>): string {
  const key = aesBytes(secrets.dataSecret, 'DataSecret');
  const iv = aesBytes(secrets.dataSecretIv, 'DataSecretIV');
  // Node's Base64 decoder skips characters it does not know; a strict check keeps garbage from "decrypting".
  if (!BASE64.test(data)) {
    throw new TcecError('PW_TCEC_DATA_UNDECRYPTABLE', 'Data is not standard Base64');
  }
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length === 0 || bytes.length % 16 !== 0) {
    throw new TcecError('PW_TCEC_DATA_UNDECRYPTABLE', `Data is ${bytes.length} bytes, not a whole number of AES blocks`);
  }
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    return Buffer.concat([decipher.update(bytes), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new TcecError('PW_TCEC_DATA_UNDECRYPTABLE', 'Data does not decrypt under the agreed DataSecret/DataSecretIV', {}, { cause });
  }
}

/** HMAC-MD5 of `message` keyed with `sigSecret`, as 32 uppercase hex digits. */
export function hmacMd5(message: string, sigSecret: string): string {
  return createHmac('md5', Buffer.from(sigSecret, 'utf8')).update(message, 'utf8').digest('hex').toUpperCase();
}

/** The four request fields that are signed, in T/CEC spelling. */
export interface SignedRequestFields {
  OperatorID: string;
  Data: string;
  TimeStamp: string;
  Seq: string;
}

/** The three response fields that are signed, in T/CEC spelling. */
export interface SignedResponseFields {
  Ret: number;
  Msg: string;
  Data: string;
}

/** `Sig` of a request: over OperatorID + Data (encrypted) + TimeStamp + Seq, no separators. */
export function requestSignature(fields: SignedRequestFields, sigSecret: string): string {
  return hmacMd5(fields.OperatorID + fields.Data + fields.TimeStamp + fields.Seq, sigSecret);
}

/** `Sig` of a response: over String(Ret) + Msg + Data (encrypted, `""` on error). */
export function responseSignature(fields: SignedResponseFields, sigSecret: string): string {
  return hmacMd5(String(fields.Ret) + fields.Msg + fields.Data, sigSecret);
}

/**
 * Exact comparison (the standard compares the uppercase hex text as is), in constant time so a
 * caller cannot learn a valid Sig one character at a time.
 */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function verifyRequestSignature(fields: SignedRequestFields & { Sig: string }, sigSecret: string): boolean {
  return signatureMatches(requestSignature(fields, sigSecret), fields.Sig);
}

export function verifyResponseSignature(fields: SignedResponseFields & { Sig: string }, sigSecret: string): boolean {
  return signatureMatches(responseSignature(fields, sigSecret), fields.Sig);
}
