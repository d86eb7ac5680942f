/**
 * Our registry and live rows → T/CEC 102 objects. Pure. The code tables (OCPP status, station
 * category, connector type) are data with defaults that can be overridden per deployment, because
 * they are conventions, not facts of the standard.
 *
 * Coordinates: the registry stores WGS-84 (`stations.lat/lon`); T/CEC wants GCJ-02, so they are
 * converted here and nowhere else.
 *
 * Everything a partner receives is checked against the object's schema before it leaves: a row that
 * cannot make a valid object (no coordinates, an id too long for T/CEC) throws
 * `PW_TCEC_MAPPING_INCOMPLETE` naming the row and the problem, rather than sending something a strict
 * platform would reject or misread.
 */
import type { ConnectorStatus } from '@pilewatch/ocpp';
import type { z } from 'zod';
import { describeIssues } from './codec.js';
import { TcecError } from './errors.js';
import { wgs84ToGcj02 } from './gcj02.js';
import {
  type ConnectorInfo,
  type ConnectorStatusInfo,
  ConnectorType,
  Construction,
  type EquipmentInfo,
  EquipmentType,
  NationalStandard,
  type OperatorInfo,
  type StationInfo,
  type StationStats,
  type StationStatusInfo,
  StationStatus,
  StationType,
  TcecStatus,
  connectorInfoSchema,
  connectorStatusInfoSchema,
  equipmentInfoSchema,
  operatorInfoSchema,
  stationInfoSchema,
  stationStatsSchema,
} from './objects.js';

type Code<C> = C[keyof C];
export type TcecStatusCode = Code<typeof TcecStatus>;
export type StationTypeCode = Code<typeof StationType>;
export type ConstructionCode = Code<typeof Construction>;
export type ConnectorTypeCode = Code<typeof ConnectorType>;
export type EquipmentTypeCode = Code<typeof EquipmentType>;
export type StationStatusCode = Code<typeof StationStatus>;
export type NationalStandardCode = Code<typeof NationalStandard>;

// ---- the tables -------------------------------------------------------------------------------

/** Our convention (province-interface.md); a charger that is offline is 0 whatever its last status. */
export const defaultStatusTable: Readonly<Record<ConnectorStatus, TcecStatusCode>> = {
  Available: TcecStatus.Idle,
  Preparing: TcecStatus.OccupiedNotCharging,
  Finishing: TcecStatus.OccupiedNotCharging,
  Occupied: TcecStatus.OccupiedNotCharging,
  Charging: TcecStatus.Charging,
  SuspendedEV: TcecStatus.Charging,
  SuspendedEVSE: TcecStatus.Charging,
  Reserved: TcecStatus.Reserved,
  Faulted: TcecStatus.Fault,
  Unavailable: TcecStatus.Fault,
};

export interface CategoryCodes {
  construction: ConstructionCode;
  /** Fixed station type (a bus depot is 100 whoever may use it); absent = 1 if public, else 255. */
  stationType?: StationTypeCode;
}

/**
 * Station categories (`stations.category`) → StationType and Construction. The names follow the
 * places the action plan counts; a category not listed maps to Construction 255 (other).
 */
export const defaultCategoryTable: Readonly<Record<string, CategoryCodes>> = {
  central_public: { construction: Construction.Other },
  urban_public: { construction: Construction.Other },
  residential: { construction: Construction.Residential },
  personal: { construction: Construction.Residential, stationType: StationType.Personal },
  public_institution: { construction: Construction.PublicInstitution },
  institution: { construction: Construction.PublicInstitution },
  enterprise: { construction: Construction.Enterprise },
  office_building: { construction: Construction.OfficeBuilding },
  industrial_park: { construction: Construction.IndustrialPark },
  transport_hub: { construction: Construction.TransportHub },
  culture_sports_venue: { construction: Construction.CultureSportsVenue },
  urban_green_space: { construction: Construction.UrbanGreenSpace },
  building_parking: { construction: Construction.BuildingParking },
  roadside_parking: { construction: Construction.RoadsideParking },
  highway_service_area: { construction: Construction.HighwayServiceArea },
  trunk_road_parking: { construction: Construction.Other },
  scenic_area: { construction: Construction.Other },
  tourist_road_post: { construction: Construction.Other },
  rv_camp: { construction: Construction.Other },
  township: { construction: Construction.Other },
  village: { construction: Construction.Other },
  bus_depot: { construction: Construction.TransportHub, stationType: StationType.Bus },
  sanitation: { construction: Construction.Enterprise, stationType: StationType.Sanitation },
  logistics: { construction: Construction.IndustrialPark, stationType: StationType.Logistics },
  taxi: { construction: Construction.TransportHub, stationType: StationType.Taxi },
};

/**
 * Connector types (`connectors.connector_type`, compared case-insensitively) → ConnectorType: the GB/T
 * names we register Chinese connectors under, and the OCPP 2.0.1 ConnectorEnumType values. A type not
 * listed falls back on the current type: DC → DC gun, AC → AC plug with cable (the usual public AC pile).
 */
export const defaultConnectorTypeTable: Readonly<Record<string, ConnectorTypeCode>> = {
  gbt_dc: ConnectorType.DCGun,
  // Public GB/T AC piles in China almost always have the cable attached.
  gbt_ac: ConnectorType.ACPlug,
  gbt_ac_socket: ConnectorType.ACSocket,
  gbt_ac_cable: ConnectorType.ACPlug,
  household: ConnectorType.HouseholdSocket,
  wireless: ConnectorType.Wireless,
  // OCPP 2.0.1 ConnectorEnumType: c = cable attached, s = socket on the pile, w = wireless.
  ccss1: ConnectorType.DCGun,
  ccss2: ConnectorType.DCGun,
  cg105: ConnectorType.DCGun,
  ctype1: ConnectorType.ACPlug,
  ctype2: ConnectorType.ACPlug,
  stype2: ConnectorType.ACSocket,
  stype3: ConnectorType.ACSocket,
  's309-1p-16a': ConnectorType.ACSocket,
  's309-1p-32a': ConnectorType.ACSocket,
  's309-3p-16a': ConnectorType.ACSocket,
  's309-3p-32a': ConnectorType.ACSocket,
  'scee-7-7': ConnectorType.HouseholdSocket,
  sbs1361: ConnectorType.HouseholdSocket,
  other1phmax16a: ConnectorType.HouseholdSocket,
  winductive: ConnectorType.Wireless,
  wresonant: ConnectorType.Wireless,
};

export interface MappingTables {
  status: Readonly<Record<ConnectorStatus, TcecStatusCode>>;
  categories: Readonly<Record<string, CategoryCodes>>;
  connectorTypes: Readonly<Record<string, ConnectorTypeCode>>;
  /** The GB/T edition our connectors follow; piles built since 2016 are GB/T 2015. */
  nationalStandard: NationalStandardCode;
}

export const defaultMappingTables: MappingTables = {
  status: defaultStatusTable,
  categories: defaultCategoryTable,
  connectorTypes: defaultConnectorTypeTable,
  nationalStandard: NationalStandard.GBT2015,
};

/** The default tables with some entries replaced (entries, not whole tables). */
export function mappingTables(overrides: {
  status?: Partial<Record<ConnectorStatus, TcecStatusCode>>;
  categories?: Record<string, CategoryCodes>;
  connectorTypes?: Record<string, ConnectorTypeCode>;
  nationalStandard?: NationalStandardCode;
}): MappingTables {
  const lower = (t: Record<string, ConnectorTypeCode> = {}) =>
    Object.fromEntries(Object.entries(t).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status: { ...defaultStatusTable, ...overrides.status },
    categories: { ...defaultCategoryTable, ...overrides.categories },
    connectorTypes: { ...defaultConnectorTypeTable, ...lower(overrides.connectorTypes) },
    nationalStandard: overrides.nationalStandard ?? NationalStandard.GBT2015,
  };
}

// ---- the rows we map from ---------------------------------------------------------------------

/** A `stations` row joined with its operator (`operators.org_code`, `contact_phone`). */
export interface StationRow {
  id: string;
  name: string;
  address: string | null;
  countyCode: string | null;
  category: string;
  isPublic: boolean;
  /** WGS-84. */
  lat: number | null;
  /** WGS-84. */
  lon: number | null;
  parkingSpaces: number | null;
  openingHours: string | null;
  serviceTel: string | null;
  /** The operator's 9-character organisation code (`operators.org_code`). */
  operatorOrgCode: string | null;
  /** Used as ServiceTel when the station has none. */
  operatorPhone?: string | null;
  /** The owner's organisation code when it is not the operator. */
  ownerOrgCode?: string | null;
  /** Defaults to 50 (in use). */
  status?: StationStatusCode;
}

/** A `connectors` row. Voltage and current limits are optional: nominal values are used without them. */
export interface ConnectorRow {
  evseId: number;
  connectorId: number;
  connectorType: string | null;
  currentType: 'AC' | 'DC' | null;
  maxPowerKw: number | null;
  maxVoltageV?: number | null;
  minVoltageV?: number | null;
  maxCurrentA?: number | null;
}

/** A `charge_points` row with its connectors. */
export interface PileRow {
  id: string;
  vendor: string | null;
  model: string | null;
  connectors: ConnectorRow[];
}

/**
 * A `connector_state` row joined with `charger_state.online` — the shape of the store's
 * `ConnectorStatusView`, which can be passed as it is.
 */
export interface ConnectorLiveRow {
  chargerId: string;
  evseId: number;
  connectorId: number;
  /** Last reported OCPP status; null when the connector never reported one. */
  status: string | null;
  /** Whether the charger is connected now. */
  online: boolean;
}

// ---- ids --------------------------------------------------------------------------------------

function incomplete(what: string, problem: string, details: Record<string, unknown> = {}): TcecError {
  return new TcecError('PW_TCEC_MAPPING_INCOMPLETE', `${what}: ${problem}`, details);
}

/** Our station id as a T/CEC StationID (at most 20 characters; ids are never shortened, which could collide). */
export function tcecStationId(id: string): string {
  if (id.length === 0 || id.length > 20) {
    throw incomplete(`station ${id}`, `id has ${id.length} characters, T/CEC StationID allows 1-20`, { stationId: id });
  }
  return id;
}

/** A charger's OCPP identity as a T/CEC EquipmentID (at most 23 characters). */
export function tcecEquipmentId(chargerId: string): string {
  if (chargerId.length === 0 || chargerId.length > 23) {
    throw incomplete(`charger ${chargerId}`, `identity has ${chargerId.length} characters, T/CEC EquipmentID allows 1-23`, {
      chargerId,
    });
  }
  return chargerId;
}

/**
 * ConnectorID = EquipmentID + EVSE as two digits + connector as one digit ("CP0001" EVSE 1 connector
 * 1 → "CP0001011"). The fixed-width suffix keeps ids of different chargers from colliding and fits
 * T/CEC's 26 characters with the longest EquipmentID.
 */
export function tcecConnectorId(chargerId: string, evseId: number, connectorId: number): string {
  const equipmentId = tcecEquipmentId(chargerId);
  if (!Number.isInteger(evseId) || evseId < 1 || evseId > 99 || !Number.isInteger(connectorId) || connectorId < 1 || connectorId > 9) {
    throw incomplete(`charger ${chargerId}`, `EVSE ${evseId} connector ${connectorId} has no T/CEC ConnectorID (EVSE 1-99, connector 1-9)`, {
      chargerId,
      evseId,
      connectorId,
    });
  }
  return `${equipmentId}${String(evseId).padStart(2, '0')}${connectorId}`;
}

// ---- numbers ----------------------------------------------------------------------------------

/** kW with one decimal, as partners require. */
export function roundPower(kw: number): number {
  return Math.round(kw * 10) / 10;
}

/** kWh with one decimal. */
export function roundEnergy(kwh: number): number {
  return Math.round(kwh * 10) / 10;
}

const round6 = (deg: number) => Math.round(deg * 1e6) / 1e6;

// ---- codes ------------------------------------------------------------------------------------

/**
 * T/CEC Status of a connector: 0 whenever the charger is offline, and for a status that is unknown
 * or not in the table — there is no "unknown" in T/CEC, and we cannot vouch for such a connector.
 */
export function tcecStatus(
  status: string | null,
  online: boolean,
  tables: MappingTables = defaultMappingTables,
): TcecStatusCode {
  if (!online || status === null || !Object.hasOwn(tables.status, status)) return TcecStatus.Offline;
  return tables.status[status as ConnectorStatus];
}

export function stationTypeOf(station: Pick<StationRow, 'category' | 'isPublic'>, tables = defaultMappingTables): StationTypeCode {
  return tables.categories[station.category]?.stationType ?? (station.isPublic ? StationType.Public : StationType.Other);
}

export function constructionOf(station: Pick<StationRow, 'category'>, tables = defaultMappingTables): ConstructionCode {
  return tables.categories[station.category]?.construction ?? Construction.Other;
}

export function connectorTypeOf(
  connector: Pick<ConnectorRow, 'connectorType' | 'currentType'>,
  tables = defaultMappingTables,
): ConnectorTypeCode {
  const listed = connector.connectorType ? tables.connectorTypes[connector.connectorType.toLowerCase()] : undefined;
  if (listed !== undefined) return listed;
  if (connector.currentType === 'DC') return ConnectorType.DCGun;
  if (connector.currentType === 'AC') return ConnectorType.ACPlug;
  return ConnectorType.Other;
}

/** EquipmentType of a pile from its connectors: all DC 1, all AC 2, both 3, wireless 4, unknown 5. */
export function equipmentTypeOf(connectors: readonly ConnectorRow[], tables = defaultMappingTables): EquipmentTypeCode {
  if (connectors.length > 0 && connectors.every((c) => connectorTypeOf(c, tables) === ConnectorType.Wireless)) {
    return EquipmentType.Wireless;
  }
  const kinds = new Set(connectors.map((c) => c.currentType));
  if (kinds.has(null) || kinds.size === 0) return EquipmentType.Other;
  if (kinds.size === 2) return EquipmentType.ACDC;
  return kinds.has('DC') ? EquipmentType.DC : EquipmentType.AC;
}

// GB/T 20234.3 DC connectors are rated up to 250 A; single-phase AC supply is 220 V up to 7.4 kW
// (32 A), above that AC piles are three-phase 380 V; GB/T DC piles commonly declare 200-750 V.
const DC_MAX_CURRENT_A = 250;

/** Voltage range and rated current of a connector: the registry's values, else nominal ones for its kind. */
export function electricalLimits(c: ConnectorRow): { upperV: number; lowerV: number; currentA: number } | undefined {
  const powerW = (c.maxPowerKw ?? 0) * 1000;
  let nominal: { upperV: number; lowerV: number; currentA: number } | undefined;
  if (c.currentType === 'DC') {
    nominal = { upperV: 750, lowerV: 200, currentA: Math.min(DC_MAX_CURRENT_A, Math.ceil(powerW / 200)) };
  } else if (c.currentType === 'AC') {
    nominal =
      powerW <= 7400
        ? { upperV: 220, lowerV: 220, currentA: Math.ceil(powerW / 220) }
        : { upperV: 380, lowerV: 380, currentA: Math.ceil(powerW / (Math.sqrt(3) * 380)) };
  }
  const upperV = c.maxVoltageV ?? nominal?.upperV;
  const lowerV = c.minVoltageV ?? nominal?.lowerV;
  const currentA = c.maxCurrentA ?? nominal?.currentA;
  if (upperV === undefined || lowerV === undefined || currentA === undefined) return undefined;
  return { upperV: Math.round(upperV), lowerV: Math.round(lowerV), currentA: Math.round(currentA) };
}

// ---- objects ----------------------------------------------------------------------------------

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string, details: Record<string, unknown>): T {
  const result = schema.safeParse(value);
  if (!result.success) throw incomplete(what, describeIssues(result.error), details);
  return result.data;
}

export function toConnectorInfo(chargerId: string, c: ConnectorRow, tables = defaultMappingTables): ConnectorInfo {
  const what = `charger ${chargerId} EVSE ${c.evseId} connector ${c.connectorId}`;
  const details = { chargerId, evseId: c.evseId, connectorId: c.connectorId };
  if (c.maxPowerKw === null) throw incomplete(what, 'max power is unknown', details);
  const limits = electricalLimits(c);
  if (!limits) throw incomplete(what, 'voltage and current are unknown and AC/DC is not recorded', details);
  return checked(
    connectorInfoSchema,
    {
      ConnectorID: tcecConnectorId(chargerId, c.evseId, c.connectorId),
      ConnectorType: connectorTypeOf(c, tables),
      VoltageUpperLimits: limits.upperV,
      VoltageLowerLimits: limits.lowerV,
      Current: limits.currentA,
      Power: roundPower(c.maxPowerKw),
      NationalStandard: tables.nationalStandard,
    },
    what,
    details,
  );
}

/** A pile as EquipmentInfo; its Power is the sum of its connectors' maximum power. */
export function toEquipmentInfo(pile: PileRow, tables = defaultMappingTables): EquipmentInfo {
  const connectors = pile.connectors.filter((c) => c.evseId > 0);
  const info = {
    EquipmentID: tcecEquipmentId(pile.id),
    ...(pile.vendor ? { ManufacturerName: pile.vendor } : {}),
    ...(pile.model ? { EquipmentModel: pile.model } : {}),
    EquipmentType: equipmentTypeOf(connectors, tables),
    Power: roundPower(connectors.reduce((sum, c) => sum + (c.maxPowerKw ?? 0), 0)),
    ConnectorInfos: connectors.map((c) => toConnectorInfo(pile.id, c, tables)),
  };
  return checked(equipmentInfoSchema, info, `charger ${pile.id}`, { chargerId: pile.id });
}

export function toStationInfo(station: StationRow, piles: readonly PileRow[], tables = defaultMappingTables): StationInfo {
  const what = `station ${station.id}`;
  const details = { stationId: station.id };
  const need = <T>(value: T | null | undefined, field: string): T => {
    if (value === null || value === undefined || value === '') throw incomplete(what, `${field} is not recorded`, details);
    return value;
  };
  const operatorId = need(station.operatorOrgCode, "the operator's organisation code");
  const position = wgs84ToGcj02({ lng: need(station.lon, 'longitude'), lat: need(station.lat, 'latitude') });
  const info = {
    StationID: tcecStationId(station.id),
    OperatorID: operatorId,
    EquipmentOwnerID: station.ownerOrgCode ?? operatorId,
    StationName: station.name,
    CountryCode: 'CN',
    AreaCode: need(station.countyCode, 'county code'),
    Address: need(station.address, 'address'),
    ServiceTel: need(station.serviceTel || station.operatorPhone, 'service telephone'),
    StationType: stationTypeOf(station, tables),
    StationStatus: station.status ?? StationStatus.InUse,
    // 0 is the standard's "unknown".
    ParkNums: station.parkingSpaces ?? 0,
    StationLng: round6(position.lng),
    StationLat: round6(position.lat),
    Construction: constructionOf(station, tables),
    ...(station.openingHours ? { BusineHours: station.openingHours } : {}),
    EquipmentInfos: piles.map((p) => toEquipmentInfo(p, tables)),
  };
  return checked(stationInfoSchema, info, what, details);
}

export function toConnectorStatusInfo(live: ConnectorLiveRow, tables = defaultMappingTables): ConnectorStatusInfo {
  return checked(
    connectorStatusInfoSchema,
    {
      ConnectorID: tcecConnectorId(live.chargerId, live.evseId, live.connectorId),
      Status: tcecStatus(live.status, live.online, tables),
    },
    `charger ${live.chargerId} EVSE ${live.evseId} connector ${live.connectorId}`,
    { chargerId: live.chargerId },
  );
}

/** A station's connectors as StationStatusInfo (whole-charger rows, EVSE 0, are not connectors and are left out). */
export function toStationStatusInfo(
  stationId: string,
  connectors: readonly ConnectorLiveRow[],
  tables = defaultMappingTables,
): StationStatusInfo {
  return {
    StationID: tcecStationId(stationId),
    ConnectorStatusInfos: connectors.filter((c) => c.evseId > 0).map((c) => toConnectorStatusInfo(c, tables)),
  };
}

/** Energy one connector delivered in the period, in kWh. */
export interface ConnectorEnergyRow {
  chargerId: string;
  evseId: number;
  connectorId: number;
  energyKwh: number;
}

/**
 * StationStats for `startDate`..`endDate` (yyyy-MM-dd, Shanghai days). Totals are summed from the
 * unrounded connector figures, then each figure is rounded to 0.1 kWh.
 */
export function toStationStats(
  stationId: string,
  startDate: string,
  endDate: string,
  rows: readonly ConnectorEnergyRow[],
): StationStats {
  const byPile = new Map<string, ConnectorEnergyRow[]>();
  for (const row of rows) {
    if (row.evseId < 1) continue;
    byPile.set(row.chargerId, [...(byPile.get(row.chargerId) ?? []), row]);
  }
  const sum = (rs: readonly ConnectorEnergyRow[]) => rs.reduce((s, r) => s + r.energyKwh, 0);
  const stats = {
    StationID: tcecStationId(stationId),
    StartTime: startDate,
    EndTime: endDate,
    StationElectricity: roundEnergy(sum([...byPile.values()].flat())),
    EquipmentStatsInfos: [...byPile].map(([chargerId, pileRows]) => ({
      EquipmentID: tcecEquipmentId(chargerId),
      EquipmentElectricity: roundEnergy(sum(pileRows)),
      ConnectorStatsInfos: pileRows.map((r) => ({
        ConnectorID: tcecConnectorId(r.chargerId, r.evseId, r.connectorId),
        ConnectorElectricity: roundEnergy(r.energyKwh),
      })),
    })),
  };
  return checked(stationStatsSchema, stats, `station ${stationId} statistics`, { stationId });
}

/** An `operators` row. */
export interface OperatorRow {
  name: string;
  orgCode: string | null;
  contactPhone: string | null;
  address?: string | null;
}

export function toOperatorInfo(operator: OperatorRow): OperatorInfo {
  const what = `operator ${operator.name}`;
  if (!operator.orgCode) throw incomplete(what, 'organisation code is not recorded');
  if (!operator.contactPhone) throw incomplete(what, 'contact telephone is not recorded');
  return checked(
    operatorInfoSchema,
    {
      OperatorID: operator.orgCode,
      OperatorName: operator.name,
      OperatorTel1: operator.contactPhone,
      ...(operator.address ? { OperatorRegAddress: operator.address } : {}),
    },
    what,
    {},
  );
}
