/**
 * Who may open an OCPP connection (security profile 1: HTTP Basic over ws). The decision is a plain
 * function over the charger registry, so every refusal reason is testable without a socket.
 *
 * Auto-registration: an unknown identity presenting Basic credentials is registered Pending *without*
 * its password. Storing a first-seen password would let whoever connects first own the identity; instead
 * an operator sets the password (`pilewatch charger add`) and accepts the charger. Until then the identity
 * may connect as Pending — which only allows BootNotification — and never as Accepted.
 */
import { parseBasicAuth } from './basic-auth.js';

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface ChargerCredentialRecord {
  passwordHash: string | null;
  registrationStatus: RegistrationStatus;
  securityProfile: number;
}

/** The registry as admission needs it; the central system adapts `@pilewatch/store` to this. */
export interface ChargerDirectory {
  find(identity: string): Promise<ChargerCredentialRecord | null>;
  verifyPassword(plain: string, hash: string): Promise<boolean>;
  registerPending(identity: string): Promise<void>;
}

export type Admission =
  | { admitted: true; registrationStatus: RegistrationStatus; autoRegistered: boolean }
  | { admitted: false; reason: string };

export interface AdmissionRequest {
  identity: string;
  authorization: string | string[] | undefined;
  autoRegister: boolean;
}

/** The highest OCPP security profile this plain-WebSocket endpoint can honour. */
export const servedSecurityProfile = 1;

export async function admitCharger(directory: ChargerDirectory, request: AdmissionRequest): Promise<Admission> {
  const { identity, autoRegister } = request;
  const credentials = parseBasicAuth(request.authorization);
  if (credentials.kind === 'none') return refuse('no credentials');
  if (credentials.kind === 'malformed') return refuse('malformed Authorization header');
  if (credentials.user !== identity) return refuse('Basic user name does not match the identity');

  const record = await directory.find(identity);
  if (!record) {
    if (!autoRegister) return refuse('unknown identity');
    await directory.registerPending(identity);
    return { admitted: true, registrationStatus: 'Pending', autoRegistered: true };
  }
  if (record.securityProfile > servedSecurityProfile) {
    return refuse(`security profile ${record.securityProfile} needs TLS, which this endpoint does not serve`);
  }
  if (record.passwordHash === null) {
    if (autoRegister && record.registrationStatus === 'Pending') {
      return { admitted: true, registrationStatus: 'Pending', autoRegistered: false };
    }
    return refuse('no password is set for this charger');
  }
  if (!(await directory.verifyPassword(credentials.password, record.passwordHash))) return refuse('wrong password');
  return { admitted: true, registrationStatus: record.registrationStatus, autoRegistered: false };
}

function refuse(reason: string): Admission {
  return { admitted: false, reason };
}
