/**
 * Importing a fleet: operators, stations and chargers (with passwords and connectors) from one document,
 * validated first, then written in one transaction. Re-importing updates every row and re-hashes every
 * password, so the document is the truth for what it lists; nothing it does not list is deleted.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { identityProblem } from './charger-identity.js';
import type { Database } from './database.js';
import { StoreError, databaseError } from './errors.js';
import { hashPassword, maxPasswordLength } from './passwords.js';
import { upsertConnectorRows, upsertOperators, upsertStations, type Queryable } from './registry.js';
import { registryError } from './chargers.js';

const optionalText = z.string().trim().min(1).optional();

const connectorSchema = z.strictObject({
  evseId: z.number().int().min(1),
  connectorId: z.number().int().min(1),
  connectorType: optionalText,
  currentType: z.enum(['AC', 'DC']).optional(),
  maxPowerKw: z.number().positive().optional(),
});

const operatorSchema = z.strictObject({
  id: z.string().trim().min(1),
  name: z.string().trim().min(1),
  creditCode: z.string().regex(/^[0-9A-Z]{18}$/, 'must be an 18-character unified social credit code').optional(),
  orgCode: z.string().regex(/^[0-9A-Z]{9}$/, 'must be a 9-character organisation code').optional(),
  contactName: optionalText,
  contactPhone: optionalText,
  contactEmail: z.email().optional(),
});

const stationSchema = z.strictObject({
  id: z.string().trim().min(1),
  operatorId: z.string().trim().min(1),
  name: z.string().trim().min(1),
  address: optionalText,
  countyCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code').optional(),
  township: optionalText,
  village: optionalText,
  category: z.string().trim().min(1),
  isPublic: z.boolean(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  parkingSpaces: z.number().int().min(0).optional(),
  openingHours: optionalText,
  serviceTel: optionalText,
});

const chargerSchema = z.strictObject({
  id: z.string().superRefine((id, ctx) => {
    const problem = identityProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a valid OCPP identity: ${problem}` });
  }),
  password: z.string().min(1).max(maxPasswordLength),
  operatorId: z.string().trim().min(1),
  stationId: z.string().trim().min(1),
  vendor: optionalText,
  model: optionalText,
  serialNumber: optionalText,
  firmwareVersion: optionalText,
  protocol: z.enum(['ocpp1.6', 'ocpp2.0.1']).optional(),
  connectors: z.array(connectorSchema),
});

export const fleetSchema = z.strictObject({
  // Metadata of a generated fleet file (the simulator writes both); kept out of the database.
  seed: z.union([z.string(), z.number()]).optional(),
  generatedAt: z.string().optional(),
  operators: z.array(operatorSchema).default([]),
  stations: z.array(stationSchema).default([]),
  chargers: z.array(chargerSchema).default([]),
});

export type Fleet = z.input<typeof fleetSchema>;
export type FleetCharger = z.output<typeof chargerSchema>;

export interface FleetImportCounts {
  operators: number;
  stations: number;
  chargers: number;
  connectors: number;
}

/**
 * Hashes run on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise); more at once
 * only queue there, and fewer leave cores idle. Bounded so file and DNS work on the pool is not starved.
 */
const hashConcurrency = Math.max(4, availableParallelism());

export async function importFleet(db: Database, fleet: unknown): Promise<FleetImportCounts> {
  const parsed = parseFleet(fleet);
  const hashes = await mapConcurrently(parsed.chargers, hashConcurrency, (c) => hashPassword(c.password));

  let client;
  try {
    client = await db.pool.connect();
  } catch (err) {
    throw databaseError(err, 'importing the fleet');
  }
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await checkReferences(client, parsed);
    await upsertOperators(client, parsed.operators);
    await upsertStations(client, parsed.stations);
    await upsertChargers(client, parsed.chargers, hashes);
    const connectors = parsed.chargers.flatMap((c) => c.connectors.map((k) => ({ ...k, chargerId: c.id })));
    await upsertConnectorRows(client, connectors);
    await client.query('COMMIT');
    return { operators: parsed.operators.length, stations: parsed.stations.length, chargers: parsed.chargers.length, connectors: connectors.length };
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
    if (err instanceof StoreError) throw err;
    throw registryError(err, 'importing the fleet');
  } finally {
    client.release(broken);
  }
}

/** Validates the whole document, naming the first bad entries by list, position and id. */
export function parseFleet(fleet: unknown): z.output<typeof fleetSchema> {
  const result = fleetSchema.safeParse(fleet);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 10).map((issue) => `${describePath(fleet, issue.path)}: ${issue.message}`);
    const more = result.error.issues.length > 10 ? `\n  ... and ${result.error.issues.length - 10} more` : '';
    throw new StoreError('PW_STORE_INVALID_FLEET', `the fleet document is invalid:\n  ${problems.join('\n  ')}${more}`);
  }
  const data = result.data;
  const duplicates = [
    ...duplicateIds('operators', data.operators.map((o) => o.id)),
    ...duplicateIds('stations', data.stations.map((s) => s.id)),
    ...duplicateIds('chargers', data.chargers.map((c) => c.id)),
    ...data.chargers.flatMap((c) =>
      duplicateIds(`chargers ${c.id} connectors`, c.connectors.map((k) => `${k.evseId}/${k.connectorId}`)),
    ),
  ];
  if (duplicates.length) {
    throw new StoreError('PW_STORE_INVALID_FLEET', `the fleet document is invalid:\n  ${duplicates.slice(0, 10).join('\n  ')}`);
  }
  return data;
}

/** `chargers[3] (CP-0004).password` rather than a bare index path. */
function describePath(fleet: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = fleet;
  let text = '';
  for (const key of path) {
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      text += `[${key}]${typeof id === 'string' ? ` (${id})` : ''}`;
    } else text += `${text ? '.' : ''}${String(key)}`;
  }
  return text || '(document)';
}

function duplicateIds(list: string, ids: string[]): string[] {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const id of ids) {
    if (seen.has(id) && !reported.has(id)) reported.add(id);
    seen.add(id);
  }
  return [...reported].map((id) => `${list}: ${id} is listed more than once`);
}

/** Every operator and station referred to is in the document or already in the database. */
async function checkReferences(q: Queryable, fleet: z.output<typeof fleetSchema>): Promise<void> {
  const operators = new Set(fleet.operators.map((o) => o.id));
  const stations = new Set(fleet.stations.map((s) => s.id));
  const wantedOperators = [...new Set([...fleet.stations.map((s) => s.operatorId), ...fleet.chargers.map((c) => c.operatorId)])].filter((id) => !operators.has(id));
  const wantedStations = [...new Set(fleet.chargers.map((c) => c.stationId))].filter((id) => !stations.has(id));
  const existing = async (table: 'operators' | 'stations', ids: string[]) =>
    ids.length ? new Set((await q.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::text[])`, [ids])).rows.map((r) => r.id)) : new Set<string>();
  for (const id of await existing('operators', wantedOperators)) operators.add(id);
  for (const id of await existing('stations', wantedStations)) stations.add(id);
  const problems = [
    ...fleet.stations.filter((s) => !operators.has(s.operatorId)).map((s) => `stations ${s.id}: operator ${s.operatorId} is neither listed nor registered`),
    ...fleet.chargers.filter((c) => !operators.has(c.operatorId)).map((c) => `chargers ${c.id}: operator ${c.operatorId} is neither listed nor registered`),
    ...fleet.chargers.filter((c) => !stations.has(c.stationId)).map((c) => `chargers ${c.id}: station ${c.stationId} is neither listed nor registered`),
  ];
  if (problems.length) {
    throw new StoreError('PW_STORE_INVALID_FLEET', `the fleet document refers to missing records:\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
}

async function upsertChargers(q: Queryable, chargers: FleetCharger[], hashes: string[]): Promise<void> {
  if (!chargers.length) return;
  // Registration status and security profile are left as they are on re-import: operators change them.
  await q.query(
    `INSERT INTO charge_points (id, operator_id, station_id, password_hash, vendor, model, protocol, serial_number, firmware_version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
     ON CONFLICT (id) DO UPDATE SET
       operator_id = EXCLUDED.operator_id, station_id = EXCLUDED.station_id, password_hash = EXCLUDED.password_hash,
       vendor = coalesce(EXCLUDED.vendor, charge_points.vendor), model = coalesce(EXCLUDED.model, charge_points.model),
       protocol = coalesce(EXCLUDED.protocol, charge_points.protocol),
       serial_number = coalesce(EXCLUDED.serial_number, charge_points.serial_number),
       firmware_version = coalesce(EXCLUDED.firmware_version, charge_points.firmware_version), updated_at = now()`,
    [
      chargers.map((c) => c.id),
      chargers.map((c) => c.operatorId),
      chargers.map((c) => c.stationId),
      hashes,
      chargers.map((c) => c.vendor ?? null),
      chargers.map((c) => c.model ?? null),
      chargers.map((c) => c.protocol ?? null),
      chargers.map((c) => c.serialNumber ?? null),
      chargers.map((c) => c.firmwareVersion ?? null),
    ],
  );
}

async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
