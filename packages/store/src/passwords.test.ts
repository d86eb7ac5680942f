import { describe, expect, it } from 'vitest';
import { isStoreError } from './errors.js';
import { generatePassword, hashPassword, maxPasswordLength, verifyPassword } from './passwords.js';

describe('charger passwords', () => {
  it('hash to a self-describing scrypt string that verifies the password', async () => {
    const stored = await hashPassword('correct-horse-battery');
    expect(stored).toMatch(/^scrypt\$8192\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct-horse-battery', stored)).toBe(true);
  });

  it('do not verify a wrong password', async () => {
    const stored = await hashPassword('correct-horse-battery');
    expect(await verifyPassword('correct-horse-batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salt every hash, so equal passwords hash differently', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('verify hashes made with other parameters, read from the stored string', async () => {
    // scrypt("secret", salt "c2FsdHNhbHRzYWx0c2FsdA" = "saltsaltsaltsalt", N=1024, r=8, p=1, 32 bytes)
    const { scryptSync } = await import('node:crypto');
    const hash = scryptSync('secret', 'saltsaltsaltsalt', 32, { N: 1024, r: 8, p: 1 }).toString('base64url');
    const stored = `scrypt$1024$8$1$${Buffer.from('saltsaltsaltsalt').toString('base64url')}$${hash}`;
    expect(await verifyPassword('secret', stored)).toBe(true);
    expect(await verifyPassword('Secret', stored)).toBe(false);
  });

  it.each(['', 'plain-text', 'bcrypt$2b$10$abc', 'scrypt$1000$8$1$c2FsdA$aGFzaA', 'scrypt$1024$8$1$$aGFzaA'])(
    'refuse to compare against a stored value that is not a scrypt hash: %j',
    async (stored) => {
      const err = await verifyPassword('x', stored).catch((e: unknown) => e);
      expect(isStoreError(err, 'PW_STORE_INVALID_HASH')).toBe(true);
    },
  );

  it('are generated strong, URL-safe and within what OCPP carries', () => {
    const generated = Array.from({ length: 50 }, generatePassword);
    for (const p of generated) {
      expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(p.length).toBeGreaterThanOrEqual(20);
      expect(p.length).toBeLessThanOrEqual(maxPasswordLength);
    }
    expect(new Set(generated).size).toBe(50);
  });
});
