import { describe, expect, it } from 'vitest';
import { admitCharger, type ChargerCredentialRecord, type ChargerDirectory } from './admission.js';

/** A registry of plain records; passwords "hashed" as `hash:<plain>` so the table stays readable. */
function registry(records: Record<string, ChargerCredentialRecord>) {
  const registered: string[] = [];
  const directory: ChargerDirectory = {
    find: async (id) => records[id] ?? null,
    verifyPassword: async (plain, hash) => hash === `hash:${plain}`,
    registerPending: async (id) => void registered.push(id),
  };
  return { directory, registered };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const accepted: ChargerCredentialRecord = { passwordHash: 'hash:s3cret', registrationStatus: 'Accepted', securityProfile: 1 };

describe('admitCharger', () => {
  const { directory } = registry({
    'XZ-1': accepted,
    'XZ-PENDING': { ...accepted, registrationStatus: 'Pending' },
    'XZ-REJECTED': { ...accepted, registrationStatus: 'Rejected' },
    'XZ-TLS': { ...accepted, securityProfile: 2 },
    'XZ-NOPW': { passwordHash: null, registrationStatus: 'Accepted', securityProfile: 1 },
    'XZ-AUTO': { passwordHash: null, registrationStatus: 'Pending', securityProfile: 1 },
  });
  const admit = (identity: string, authorization: string | undefined, autoRegister = false) =>
    admitCharger(directory, { identity, authorization, autoRegister });

  it('admits a registered charger with its password, carrying its registration status', async () => {
    expect(await admit('XZ-1', basic('XZ-1', 's3cret'))).toEqual({ admitted: true, registrationStatus: 'Accepted', autoRegistered: false });
    expect(await admit('XZ-PENDING', basic('XZ-PENDING', 's3cret'))).toMatchObject({ registrationStatus: 'Pending' });
    expect(await admit('XZ-REJECTED', basic('XZ-REJECTED', 's3cret'))).toMatchObject({ registrationStatus: 'Rejected' });
  });

  it.each([
    ['no credentials', 'XZ-1', undefined],
    ['malformed Authorization header', 'XZ-1', 'Bearer x'],
    ['Basic user name does not match the identity', 'XZ-1', basic('XZ-2', 's3cret')],
    ['unknown identity', 'XZ-404', basic('XZ-404', 's3cret')],
    ['wrong password', 'XZ-1', basic('XZ-1', 'guess')],
    ['no password is set for this charger', 'XZ-NOPW', basic('XZ-NOPW', '')],
    ['security profile 2 needs TLS, which this endpoint does not serve', 'XZ-TLS', basic('XZ-TLS', 's3cret')],
  ])('refuses (%s)', async (reason, identity, authorization) => {
    expect(await admit(identity, authorization)).toEqual({ admitted: false, reason });
  });

  it('registers an unknown identity as Pending when auto-registration is on, without its password', async () => {
    const { directory: fresh, registered } = registry({});
    const result = await admitCharger(fresh, { identity: 'NEW-1', authorization: basic('NEW-1', 'anything'), autoRegister: true });
    expect(result).toEqual({ admitted: true, registrationStatus: 'Pending', autoRegistered: true });
    expect(registered).toEqual(['NEW-1']);
  });

  it('still wants credentials naming the identity when auto-registration is on', async () => {
    const { directory: fresh, registered } = registry({});
    expect(await admitCharger(fresh, { identity: 'NEW-1', authorization: undefined, autoRegister: true })).toMatchObject({ admitted: false });
    expect(await admitCharger(fresh, { identity: 'NEW-1', authorization: basic('OTHER', 'x'), autoRegister: true })).toMatchObject({ admitted: false });
    expect(registered).toEqual([]);
  });

  it('lets an auto-registered charger without a password back in as Pending only', async () => {
    expect(await admit('XZ-AUTO', basic('XZ-AUTO', 'whatever'), true)).toEqual({ admitted: true, registrationStatus: 'Pending', autoRegistered: false });
    expect(await admit('XZ-AUTO', basic('XZ-AUTO', 'whatever'), false)).toMatchObject({ admitted: false });
    expect(await admit('XZ-NOPW', basic('XZ-NOPW', 'whatever'), true)).toMatchObject({ admitted: false });
  });
});
