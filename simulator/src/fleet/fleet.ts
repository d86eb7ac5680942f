/**
 * The fleet file: operators, stations and chargers (with their passwords), exactly what pilewatch's
 * `importFleet` registers, so simulated chargers authenticate like real ones. Written by
 * `simulate fleet --out fleet.json` and read back by `simulate --fleet fleet.json`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SimulatorError } from '../errors.js';
import { stationCategories } from './station-categories.js';

export const operatorSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** 统一社会信用代码, 18 characters (GB 32100-2015). */
  creditCode: z.string().length(18),
  /** 组织机构代码, 9 characters (GB 11714); the T/CEC OperatorID. */
  orgCode: z.string().length(9),
  contactName: z.string(),
  contactPhone: z.string(),
});

export const stationSchema = z.object({
  id: z.string().min(1).max(20),
  operatorId: z.string().min(1),
  name: z.string().min(1),
  address: z.string(),
  /** GB/T 2260 county code (the Mount Wutai Scenic Area's stations carry Wutai County's, 140922). */
  countyCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 county code'),
  township: z.string(),
  village: z.string().optional(),
  category: z.enum(stationCategories),
  isPublic: z.boolean(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  parkingSpaces: z.number().int().nonnegative(),
  openingHours: z.string(),
});

export const connectorSpecSchema = z.object({
  evseId: z.number().int().positive(),
  connectorId: z.number().int().positive(),
  connectorType: z.string().min(1),
  currentType: z.enum(['AC', 'DC']),
  maxPowerKw: z.number().positive(),
});

export const chargerSpecSchema = z.object({
  id: z.string().min(1).max(48),
  password: z.string().min(16).max(40),
  operatorId: z.string().min(1),
  stationId: z.string().min(1),
  vendor: z.string().min(1).max(20),
  model: z.string().min(1).max(20),
  serialNumber: z.string().min(1).max(25),
  firmwareVersion: z.string().min(1).max(50),
  protocol: z.enum(['ocpp1.6', 'ocpp2.0.1']),
  connectors: z.array(connectorSpecSchema).min(1),
});

export const fleetSchema = z
  .object({
    seed: z.union([z.number(), z.string()]),
    generatedAt: z.string().optional(),
    operators: z.array(operatorSchema),
    stations: z.array(stationSchema),
    chargers: z.array(chargerSpecSchema),
  })
  .superRefine((fleet, ctx) => {
    const operators = new Set(fleet.operators.map((o) => o.id));
    const stations = new Set(fleet.stations.map((s) => s.id));
    fleet.stations.forEach((s, i) => {
      if (!operators.has(s.operatorId))
        ctx.addIssue({ code: 'custom', path: ['stations', i, 'operatorId'], message: `unknown operator ${s.operatorId}` });
    });
    const ids = new Set<string>();
    fleet.chargers.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['chargers', i, 'id'], message: `duplicate charger ${c.id}` });
      ids.add(c.id);
      if (!stations.has(c.stationId))
        ctx.addIssue({ code: 'custom', path: ['chargers', i, 'stationId'], message: `unknown station ${c.stationId}` });
      if (!operators.has(c.operatorId))
        ctx.addIssue({ code: 'custom', path: ['chargers', i, 'operatorId'], message: `unknown operator ${c.operatorId}` });
      const evses = new Set<string>();
      c.connectors.forEach((k, j) => {
        const key = `${k.evseId}/${k.connectorId}`;
        if (evses.has(key))
          ctx.addIssue({ code: 'custom', path: ['chargers', i, 'connectors', j], message: `duplicate connector ${key}` });
        evses.add(key);
      });
      if (c.protocol === 'ocpp1.6' && c.connectors.some((k) => k.connectorId !== 1))
        ctx.addIssue({
          code: 'custom',
          path: ['chargers', i, 'connectors'],
          message: 'an OCPP 1.6 charger has one connector per EVSE (connectorId 1)',
        });
    });
  });

export type Operator = z.infer<typeof operatorSchema>;
export type Station = z.infer<typeof stationSchema>;
export type ConnectorSpec = z.infer<typeof connectorSpecSchema>;
export type ChargerSpec = z.infer<typeof chargerSpecSchema>;
export type Fleet = z.infer<typeof fleetSchema>;

/** Validates a parsed fleet; the error names the first bad field. */
export function parseFleet(raw: unknown, source = 'fleet'): Fleet {
  const parsed = fleetSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
  throw new SimulatorError('PW_SIM_FLEET_INVALID', `${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}${more}`);
}

export function readFleetFile(path: string): Fleet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SimulatorError('PW_SIM_FLEET_UNREADABLE', `cannot read fleet file ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new SimulatorError('PW_SIM_FLEET_INVALID', `fleet file ${path} is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  return parseFleet(raw, `fleet file ${path}`);
}
