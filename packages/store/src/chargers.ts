/** The charger registry: adding chargers with their credentials, registration status, and listing. */
import type pg from 'pg';
import { checkIdentity } from './charger-identity.js';
import type { Database } from './database.js';
import { StoreError, databaseError } from './errors.js';
import { checkPassword, generatePassword, hashPassword } from './passwords.js';

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';
export const registrationStatuses: readonly RegistrationStatus[] = ['Accepted', 'Pending', 'Rejected'];

export interface NewCharger {
  id: string;
  /** Generated (and returned) when absent. */
  password?: string;
  operatorId?: string;
  stationId?: string;
  registrationStatus?: RegistrationStatus;
  /** OCPP security profile: 1 Basic over ws, 2 TLS + Basic, 3 mutual TLS. */
  securityProfile?: 1 | 2 | 3;
}

export async function addCharger(db: Database, charger: NewCharger): Promise<{ password: string }> {
  checkIdentity(charger.id);
  const password = charger.password === undefined ? generatePassword() : checkPassword(charger.password);
  const passwordHash = await hashPassword(password);
  try {
    await db.pool.query(
      `INSERT INTO charge_points (id, operator_id, station_id, registration_status, password_hash, security_profile)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        charger.id,
        charger.operatorId ?? null,
        charger.stationId ?? null,
        charger.registrationStatus ?? 'Accepted',
        passwordHash,
        charger.securityProfile ?? 1,
      ],
    );
  } catch (err) {
    throw registryError(err, `adding charger ${charger.id}`);
  }
  return { password };
}

export interface ChargerAuth {
  id: string;
  /** null for a charger registered without credentials (auto-registered, or mutual TLS only). */
  passwordHash: string | null;
  registrationStatus: RegistrationStatus;
  securityProfile: number;
  operatorId: string | null;
}

export async function getChargerAuth(db: Database, id: string): Promise<ChargerAuth | null> {
  const { rows } = await db.pool.query<ChargerAuth>(
    `SELECT id, password_hash AS "passwordHash", registration_status AS "registrationStatus",
            security_profile AS "securityProfile", operator_id AS "operatorId"
       FROM charge_points WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * Auto-registration: an unknown charger that connects is recorded as Pending, without credentials,
 * until an operator accepts it. An already registered charger is left as it is.
 */
export async function registerPendingCharger(db: Database, id: string): Promise<{ created: boolean }> {
  checkIdentity(id);
  const { rowCount } = await db.pool.query(
    `INSERT INTO charge_points (id, registration_status) VALUES ($1, 'Pending') ON CONFLICT (id) DO NOTHING`,
    [id],
  );
  return { created: rowCount === 1 };
}

export async function setRegistrationStatus(db: Database, id: string, status: RegistrationStatus): Promise<void> {
  if (!registrationStatuses.includes(status)) {
    throw new StoreError('PW_STORE_INVALID_RECORD', `registration status must be one of ${registrationStatuses.join(', ')}, got ${JSON.stringify(status)}`);
  }
  const { rowCount } = await db.pool.query(
    `UPDATE charge_points SET registration_status = $2, updated_at = now() WHERE id = $1`,
    [id, status],
  );
  if (rowCount === 0) throw new StoreError('PW_STORE_UNKNOWN_CHARGER', `no charger ${JSON.stringify(id)} is registered`);
}

export interface ChargerFilter {
  operatorId?: string;
  stationId?: string;
  registrationStatus?: RegistrationStatus;
  online?: boolean;
}

export interface ChargerListing {
  id: string;
  operatorId: string | null;
  operatorName: string | null;
  stationId: string | null;
  stationName: string | null;
  registrationStatus: RegistrationStatus;
  protocol: string | null;
  vendor: string | null;
  model: string | null;
  online: boolean;
  lastSeenAt: Date | null;
}

export async function listChargers(db: Database, filter: ChargerFilter = {}): Promise<ChargerListing[]> {
  const { rows } = await db.pool.query<ChargerListing>(
    `SELECT cp.id, cp.operator_id AS "operatorId", o.name AS "operatorName",
            cp.station_id AS "stationId", s.name AS "stationName",
            cp.registration_status AS "registrationStatus",
            coalesce(cs.protocol, cp.protocol) AS protocol, cp.vendor, cp.model,
            coalesce(cs.online, false) AS online, cs.last_seen_at AS "lastSeenAt"
       FROM charge_points cp
       LEFT JOIN operators o ON o.id = cp.operator_id
       LEFT JOIN stations s ON s.id = cp.station_id
       LEFT JOIN charger_state cs ON cs.charger_id = cp.id
      WHERE ($1::text IS NULL OR cp.operator_id = $1)
        AND ($2::text IS NULL OR cp.station_id = $2)
        AND ($3::text IS NULL OR cp.registration_status = $3)
        AND ($4::boolean IS NULL OR coalesce(cs.online, false) = $4)
      ORDER BY cp.id`,
    [filter.operatorId ?? null, filter.stationId ?? null, filter.registrationStatus ?? null, filter.online ?? null],
  );
  return rows;
}

/** Turns constraint violations on registry tables into coded errors naming what was wrong. */
export function registryError(err: unknown, what: string): StoreError {
  const e = err as pg.DatabaseError;
  if (e?.code === '23505' && e.table === 'charge_points' && e.constraint === 'charge_points_pkey') {
    return new StoreError('PW_STORE_CHARGER_EXISTS', `${what}: a charger with this identity is already registered`, { cause: err });
  }
  if (e?.code === '23503') {
    if (e.constraint?.endsWith('operator_id_fkey')) {
      return new StoreError('PW_STORE_UNKNOWN_OPERATOR', `${what}: the operator does not exist (${e.detail ?? e.message})`, { cause: err });
    }
    if (e.constraint?.endsWith('station_id_fkey')) {
      return new StoreError('PW_STORE_UNKNOWN_STATION', `${what}: the station does not exist (${e.detail ?? e.message})`, { cause: err });
    }
    if (e.constraint?.endsWith('charger_id_fkey')) {
      return new StoreError('PW_STORE_UNKNOWN_CHARGER', `${what}: the charger is not registered (${e.detail ?? e.message})`, { cause: err });
    }
  }
  if (e?.code && /^(23|22)/.test(e.code)) {
    return new StoreError('PW_STORE_INVALID_RECORD', `${what}: ${e.detail ?? e.message}`, { cause: err });
  }
  return databaseError(err, what);
}
