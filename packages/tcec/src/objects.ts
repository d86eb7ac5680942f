/**
 * The business objects of T/CEC 102 part 3, as zod schemas with the types inferred from them, and the
 * numeric code lists they use. Field names are the standard's spelling (PascalCase, `BusineHours`
 * included); a partner that spells differently gets a spelling table, not a second schema.
 *
 * Partners check number formats strictly, so the schemas do too: Power has at most one decimal,
 * coordinates at most six, and codes are the listed numbers only.
 */
import { z } from 'zod';
import { parseDate } from './china-time.js';
import { operatorIdSchema } from './envelope.js';

export const StationType = {
  Public: 1,
  Personal: 50,
  Bus: 100,
  Sanitation: 101,
  Logistics: 102,
  Taxi: 103,
  Other: 255,
} as const;

export const StationStatus = {
  Unknown: 0,
  UnderConstruction: 1,
  Closed: 5,
  UnderMaintenance: 6,
  InUse: 50,
} as const;

/** Construction (建设场所): the kind of site a station is built at. */
export const Construction = {
  Residential: 1,
  PublicInstitution: 2,
  Enterprise: 3,
  OfficeBuilding: 4,
  IndustrialPark: 5,
  TransportHub: 6,
  CultureSportsVenue: 7,
  UrbanGreenSpace: 8,
  BuildingParking: 9,
  RoadsideParking: 10,
  HighwayServiceArea: 11,
  Other: 255,
} as const;

export const EquipmentType = { DC: 1, AC: 2, ACDC: 3, Wireless: 4, Other: 5 } as const;

export const ConnectorType = {
  HouseholdSocket: 1,
  ACSocket: 2,
  ACPlug: 3,
  DCGun: 4,
  Wireless: 5,
  Other: 6,
} as const;

/** Connector Status (接口状态) as T/CEC reports it. */
export const TcecStatus = {
  Offline: 0,
  Idle: 1,
  OccupiedNotCharging: 2,
  Charging: 3,
  Reserved: 4,
  Fault: 255,
} as const;

export const ParkStatus = { Unknown: 0, Free: 10, Occupied: 50 } as const;
export const LockStatus = { Unknown: 0, Locked: 10, Unlocked: 50 } as const;
export const NationalStandard = { GBT2011: 1, GBT2015: 2 } as const;

type CodeList = Readonly<Record<string, number>>;
const oneOf = <C extends CodeList>(codes: C) => {
  const values = Object.values(codes) as Array<C[keyof C]>;
  return z.custom<C[keyof C]>((v) => values.includes(v as C[keyof C]), `must be one of ${values.join(', ')}`);
};

/** A number written with at most `places` decimals (1.5 yes, 1.55 no for places = 1). */
const decimal = (places: number) =>
  z.number().refine((v) => Number.isFinite(v) && Number(v.toFixed(places)) === v, `must have at most ${places} decimal(s)`);

/** `yyyy-MM-dd`, a real calendar day. */
export const dateSchema = z.string().refine((d) => parseDate(d) !== undefined, 'must be a yyyy-MM-dd date');

export const connectorInfoSchema = z.object({
  ConnectorID: z.string().min(1).max(26),
  ConnectorName: z.string().optional(),
  ConnectorType: oneOf(ConnectorType),
  VoltageUpperLimits: z.number().int().nonnegative(),
  VoltageLowerLimits: z.number().int().nonnegative(),
  Current: z.number().int().nonnegative(),
  Power: decimal(1).pipe(z.number().nonnegative()),
  ParkNo: z.string().optional(),
  NationalStandard: oneOf(NationalStandard),
});

export const equipmentInfoSchema = z.object({
  EquipmentID: z.string().min(1).max(23),
  ManufacturerID: operatorIdSchema.optional(),
  ManufacturerName: z.string().optional(),
  EquipmentModel: z.string().optional(),
  ProductionDate: dateSchema.optional(),
  EquipmentType: oneOf(EquipmentType),
  EquipmentLng: decimal(6).optional(),
  EquipmentLat: decimal(6).optional(),
  Power: decimal(1).pipe(z.number().nonnegative()),
  EquipmentName: z.string().optional(),
  ConnectorInfos: z.array(connectorInfoSchema).min(1),
});

export const stationInfoSchema = z.object({
  StationID: z.string().min(1).max(20),
  OperatorID: operatorIdSchema,
  EquipmentOwnerID: operatorIdSchema,
  StationName: z.string().min(1).max(50),
  CountryCode: z.string().regex(/^[A-Z]{2}$/, 'must be a 2-letter country code'),
  AreaCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 area code'),
  Address: z.string().min(1),
  StationTel: z.string().optional(),
  ServiceTel: z.string().min(1),
  StationType: oneOf(StationType),
  StationStatus: oneOf(StationStatus),
  ParkNums: z.number().int().nonnegative(),
  StationLng: decimal(6).pipe(z.number().min(-180).max(180)),
  StationLat: decimal(6).pipe(z.number().min(-90).max(90)),
  SiteGuide: z.string().optional(),
  Construction: oneOf(Construction),
  Pictures: z.array(z.string()).optional(),
  MatchCars: z.string().optional(),
  ParkInfo: z.string().optional(),
  BusineHours: z.string().optional(),
  ElectricityFee: z.string().optional(),
  ServiceFee: z.string().optional(),
  ParkFee: z.string().optional(),
  Payment: z.string().optional(),
  SupportOrder: z.union([z.literal(0), z.literal(1)]).optional(),
  Remark: z.string().optional(),
  EquipmentInfos: z.array(equipmentInfoSchema).optional(),
});

export const connectorStatusInfoSchema = z.object({
  ConnectorID: z.string().min(1).max(26),
  Status: oneOf(TcecStatus),
  ParkStatus: oneOf(ParkStatus).optional(),
  LockStatus: oneOf(LockStatus).optional(),
});

export const stationStatusInfoSchema = z.object({
  StationID: z.string().min(1).max(20),
  ConnectorStatusInfos: z.array(connectorStatusInfoSchema),
});

export const connectorStatsInfoSchema = z.object({
  ConnectorID: z.string().min(1).max(26),
  ConnectorElectricity: z.number().nonnegative(),
});

export const equipmentStatsInfoSchema = z.object({
  EquipmentID: z.string().min(1).max(23),
  EquipmentElectricity: z.number().nonnegative(),
  ConnectorStatsInfos: z.array(connectorStatsInfoSchema),
});

export const stationStatsSchema = z.object({
  StationID: z.string().min(1).max(20),
  StartTime: dateSchema,
  EndTime: dateSchema,
  StationElectricity: z.number().nonnegative(),
  EquipmentStatsInfos: z.array(equipmentStatsInfoSchema),
});

/** OperatorInfo (运营商信息), served to supervision platforms by `supervise_query_operator_info`. */
export const operatorInfoSchema = z.object({
  OperatorID: operatorIdSchema,
  OperatorName: z.string().min(1),
  OperatorTel1: z.string().min(1),
  OperatorTel2: z.string().optional(),
  OperatorRegAddress: z.string().optional(),
  OperatorNote: z.string().optional(),
});

export type ConnectorInfo = z.infer<typeof connectorInfoSchema>;
export type EquipmentInfo = z.infer<typeof equipmentInfoSchema>;
export type StationInfo = z.infer<typeof stationInfoSchema>;
export type ConnectorStatusInfo = z.infer<typeof connectorStatusInfoSchema>;
export type StationStatusInfo = z.infer<typeof stationStatusInfoSchema>;
export type ConnectorStatsInfo = z.infer<typeof connectorStatsInfoSchema>;
export type EquipmentStatsInfo = z.infer<typeof equipmentStatsInfoSchema>;
export type StationStats = z.infer<typeof stationStatsSchema>;
export type OperatorInfo = z.infer<typeof operatorInfoSchema>;
