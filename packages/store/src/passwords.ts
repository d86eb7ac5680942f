/**
 * Charger passwords (OCPP security profiles 1 and 2, HTTP Basic): scrypt hashes in a self-describing
 * string `scrypt$N$r$p$salt$hash` (salt and hash base64url), so parameters can change without
 * invalidating stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { StoreError } from './errors.js';

/**
 * N=2^13, r=8 (8 MiB per hash): about 24 ms on one core of the reference 2-core machine, 12 ms amortised
 * when hashing in parallel, so importing 10,000 chargers takes about two minutes, and every charger
 * (re)connection costs one verification. Generated passwords carry 144 random bits; the memory-hard
 * cost protects the weaker, hand-chosen ones.
 */
const defaults = { N: 2 ** 13, r: 8, p: 1 };
const saltBytes = 16;
const keyBytes = 32;
/** OCPP 1.6 security and 2.0.1 carry Basic-auth passwords of at most 40 characters. */
export const maxPasswordLength = 40;

function derive(plain: string, salt: Buffer, opts: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  const options: ScryptOptions = { ...opts, maxmem: 256 * opts.N * opts.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(plain, salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const hash = await derive(plain, salt, defaults, keyBytes);
  return ['scrypt', defaults.N, defaults.r, defaults.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison of the derived key; a stored value in another format is an error, not a mismatch. */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  const actual = await derive(plain, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash);
}

/** 18 random bytes as base64url: 24 URL-safe characters, within OCPP's 40 and above its 16 minimum. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Rejects passwords OCPP cannot carry; returns the password for chaining. */
export function checkPassword(plain: string): string {
  if (plain.length < 1 || plain.length > maxPasswordLength) {
    throw new StoreError(
      'PW_STORE_INVALID_PASSWORD',
      `a charger password must be 1 to ${maxPasswordLength} characters (OCPP Basic authentication), got ${plain.length}`,
    );
  }
  return plain;
}

function parseHash(stored: string): { N: number; r: number; p: number; salt: Buffer; hash: Buffer } {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  const valid =
    parts.length === 6 &&
    scheme === 'scrypt' &&
    Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0 &&
    Number.isInteger(R) && R > 0 &&
    Number.isInteger(P) && P > 0 &&
    !!salt && !!hash;
  if (!valid) {
    throw new StoreError('PW_STORE_INVALID_HASH', 'the stored password hash is not in the scrypt$N$r$p$salt$hash format');
  }
  return { N, r: R, p: P, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}
