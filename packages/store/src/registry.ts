/**
 * Registry writes: operators, stations and connectors. An upsert replaces the record: optional fields
 * left out become empty (NULL), so re-importing a corrected file corrects the rows.
 * The bulk forms take any client so the fleet import can run them inside its transaction.
 */
import type pg from 'pg';
import { registryError } from './chargers.js';
import type { Database } from './database.js';

export type Queryable = Pick<pg.ClientBase, 'query'>;

export interface OperatorRecord {
  id: string;
  name: string;
  /** Unified social credit code (统一社会信用代码, 18 characters). */
  creditCode?: string;
  /** Organisation code (组织机构代码, 9 characters), the T/CEC 102 OperatorID. */
  orgCode?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
}

export interface StationRecord {
  id: string;
  operatorId: string;
  name: string;
  address?: string;
  /** GB/T 2260 county-level code, e.g. 140902. */
  countyCode?: string;
  township?: string;
  village?: string;
  category: string;
  isPublic: boolean;
  lat?: number;
  lon?: number;
  parkingSpaces?: number;
  openingHours?: string;
  serviceTel?: string;
}

export interface ConnectorRecord {
  evseId: number;
  connectorId: number;
  connectorType?: string;
  currentType?: 'AC' | 'DC';
  maxPowerKw?: number;
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export async function upsertOperator(db: Database, operator: OperatorRecord): Promise<void> {
  try {
    await upsertOperators(db.pool, [operator]);
  } catch (err) {
    throw registryError(err, `saving operator ${operator.id}`);
  }
}

export async function upsertStation(db: Database, station: StationRecord): Promise<void> {
  try {
    await upsertStations(db.pool, [station]);
  } catch (err) {
    throw registryError(err, `saving station ${station.id}`);
  }
}

export async function upsertConnectors(db: Database, chargerId: string, connectors: ConnectorRecord[]): Promise<void> {
  try {
    await upsertConnectorRows(db.pool, connectors.map((c) => ({ ...c, chargerId })));
  } catch (err) {
    throw registryError(err, `saving connectors of charger ${chargerId}`);
  }
}

export async function upsertOperators(q: Queryable, operators: OperatorRecord[]): Promise<void> {
  if (!operators.length) return;
  await q.query(
    `INSERT INTO operators (id, name, credit_code, org_code, contact_name, contact_phone, contact_email)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, credit_code = EXCLUDED.credit_code, org_code = EXCLUDED.org_code,
       contact_name = EXCLUDED.contact_name, contact_phone = EXCLUDED.contact_phone,
       contact_email = EXCLUDED.contact_email, updated_at = now()`,
    [
      operators.map((o) => o.id),
      operators.map((o) => o.name),
      operators.map((o) => orNull(o.creditCode)),
      operators.map((o) => orNull(o.orgCode)),
      operators.map((o) => orNull(o.contactName)),
      operators.map((o) => orNull(o.contactPhone)),
      operators.map((o) => orNull(o.contactEmail)),
    ],
  );
}

export async function upsertStations(q: Queryable, stations: StationRecord[]): Promise<void> {
  if (!stations.length) return;
  await q.query(
    `INSERT INTO stations (id, operator_id, name, address, county_code, township, village, category, is_public,
                           lat, lon, parking_spaces, opening_hours, service_tel)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::boolean[], $10::float8[], $11::float8[], $12::int[], $13::text[], $14::text[])
     ON CONFLICT (id) DO UPDATE SET
       operator_id = EXCLUDED.operator_id, name = EXCLUDED.name, address = EXCLUDED.address,
       county_code = EXCLUDED.county_code, township = EXCLUDED.township, village = EXCLUDED.village,
       category = EXCLUDED.category, is_public = EXCLUDED.is_public, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
       parking_spaces = EXCLUDED.parking_spaces, opening_hours = EXCLUDED.opening_hours,
       service_tel = EXCLUDED.service_tel, updated_at = now()`,
    [
      stations.map((s) => s.id),
      stations.map((s) => s.operatorId),
      stations.map((s) => s.name),
      stations.map((s) => orNull(s.address)),
      stations.map((s) => orNull(s.countyCode)),
      stations.map((s) => orNull(s.township)),
      stations.map((s) => orNull(s.village)),
      stations.map((s) => s.category),
      stations.map((s) => s.isPublic),
      stations.map((s) => orNull(s.lat)),
      stations.map((s) => orNull(s.lon)),
      stations.map((s) => orNull(s.parkingSpaces)),
      stations.map((s) => orNull(s.openingHours)),
      stations.map((s) => orNull(s.serviceTel)),
    ],
  );
}

/** Adds or updates connectors; connectors not listed are kept (status reports may have created them). */
export async function upsertConnectorRows(q: Queryable, connectors: Array<ConnectorRecord & { chargerId: string }>): Promise<void> {
  if (!connectors.length) return;
  await q.query(
    `INSERT INTO connectors (charger_id, evse_id, connector_id, connector_type, current_type, max_power_kw)
     SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::float8[])
     ON CONFLICT (charger_id, evse_id, connector_id) DO UPDATE SET
       connector_type = EXCLUDED.connector_type, current_type = EXCLUDED.current_type,
       max_power_kw = EXCLUDED.max_power_kw`,
    [
      connectors.map((c) => c.chargerId),
      connectors.map((c) => c.evseId),
      connectors.map((c) => c.connectorId),
      connectors.map((c) => orNull(c.connectorType)),
      connectors.map((c) => orNull(c.currentType)),
      connectors.map((c) => orNull(c.maxPowerKw)),
    ],
  );
}
