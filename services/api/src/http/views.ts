/**
 * Response schemas for the OpenAPI document. Each is tied to the store's view type by `matches<T>()`:
 * the schema's output and the type's JSON form must be assignable both ways, so neither can drift
 * without the compiler saying so. The API tests also parse real answers with them.
 */
import { z } from 'zod';
import type {
  ChargerEventView,
  ChargerSummary,
  ChargerView,
  CommandAuditView,
  ConnectivityEventView,
  ConnectorStatusView,
  JournalView,
  MeterBucketView,
  OperatorView,
  StationView,
  StatusEventView,
  StatusOverview,
  TransactionView,
} from '@pilewatch/store';
import { effectiveStatuses } from '@pilewatch/store';
import type { CommandResult } from '@pilewatch/ocpp';
import type { TokenRecord } from '../auth/tokens.js';
import { roles } from '../auth/roles.js';
import { timestamp } from './schemas.js';

/** What a value looks like after JSON.stringify: dates become strings. */
export type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends Map<unknown, unknown>
      ? never
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Checks at compile time that `schema` describes exactly `Json<T>`. */
export function matches<T>() {
  return <S extends z.ZodType>(schema: S, ..._check: Same<z.output<S>, Json<T>> extends true ? [] : [mismatch: Json<T>]) => schema;
}

const text = z.string().nullable();
const int = z.number().int();
const num = z.number().nullable();
const when = timestamp.nullable();
const registrationStatus = z.enum(['Accepted', 'Pending', 'Rejected']);

export const operatorView = matches<OperatorView>()(
  z.object({
    id: z.string(),
    name: z.string(),
    creditCode: text,
    orgCode: text,
    contactName: text,
    contactPhone: text,
    contactEmail: text,
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const stationView = matches<StationView>()(
  z.object({
    id: z.string(),
    operatorId: z.string(),
    name: z.string(),
    address: text,
    countyCode: text,
    township: text,
    village: text,
    category: z.string(),
    isPublic: z.boolean(),
    lat: num,
    lon: num,
    parkingSpaces: int.nullable(),
    openingHours: text,
    serviceTel: text,
    chargers: int,
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

const chargerSummaryShape = {
  id: z.string(),
  operatorId: text,
  stationId: text,
  registrationStatus,
  protocol: text,
  vendor: text,
  model: text,
  online: z.boolean(),
  lastSeenAt: when,
};

export const chargerSummary = matches<ChargerSummary>()(z.object(chargerSummaryShape));

const connectorView = z.object({
  evseId: int,
  connectorId: int,
  connectorType: text,
  currentType: z.enum(['AC', 'DC']).nullable(),
  maxPowerKw: num,
  status: text,
  errorCode: text,
  vendorErrorCode: text,
  info: text,
  statusAt: when,
  transactionRef: text,
});

export const chargerView = matches<ChargerView>()(
  z.object({
    ...chargerSummaryShape,
    securityProfile: int,
    hasPassword: z.boolean(),
    serialNumber: text,
    firmwareVersion: text,
    iccid: text,
    imsi: text,
    meterType: text,
    meterSerialNumber: text,
    lastBootAt: when,
    connectedAt: when,
    disconnectedAt: when,
    heartbeatIntervalS: int.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    chargerStatus: connectorView.nullable(),
    connectors: z.array(connectorView),
    activeTransactions: z.array(
      z.object({
        id: int,
        transactionRef: z.string(),
        evseId: int.nullable(),
        connectorId: int.nullable(),
        idTag: text,
        startedAt: when,
        meterStartWh: num,
        chargingState: text,
      }),
    ),
  }),
);

const effectiveStatus = z.enum(effectiveStatuses);

export const connectorStatusView = matches<ConnectorStatusView>()(
  z.object({
    chargerId: z.string(),
    evseId: int,
    connectorId: int,
    operatorId: text,
    stationId: text,
    countyCode: text,
    category: text,
    online: z.boolean(),
    effectiveStatus,
    status: text,
    errorCode: text,
    vendorErrorCode: text,
    statusAt: when,
    lastSeenAt: when,
    transactionRef: text,
    currentType: z.enum(['AC', 'DC']).nullable(),
    maxPowerKw: num,
  }),
);

const statusCounts = {
  chargers: z.object({ total: int, online: int, offline: int, charging: int, faulted: int }),
  connectors: z.object({ total: int, ...Object.fromEntries(effectiveStatuses.map((s) => [s, int])) } as Record<
    'total' | (typeof effectiveStatuses)[number],
    typeof int
  >),
};

export const statusOverview = matches<StatusOverview>()(
  z.object({
    city: z.object(statusCounts),
    counties: z.array(z.object({ countyCode: text, ...statusCounts })),
    operators: z.array(z.object({ operatorId: text, name: text, ...statusCounts })),
  }),
);

export const statusEventView = matches<StatusEventView>()(
  z.object({
    time: timestamp,
    receivedAt: timestamp,
    evseId: int,
    connectorId: int,
    status: z.string(),
    errorCode: text,
    vendorErrorCode: text,
    vendorId: text,
    info: text,
  }),
);

export const connectivityEventView = matches<ConnectivityEventView>()(
  z.object({
    time: timestamp,
    event: z.string(),
    protocol: text,
    nodeId: text,
    remoteAddress: text,
    detail: z.unknown(),
  }),
);

export const chargerEventView = matches<ChargerEventView>()(
  z.object({
    time: timestamp,
    receivedAt: timestamp,
    kind: z.string(),
    evseId: int.nullable(),
    connectorId: int.nullable(),
    payload: z.unknown(),
  }),
);

export const meterBucketView = matches<MeterBucketView>()(
  z.object({
    bucket: timestamp,
    evseId: int,
    connectorId: int,
    energyWh: num,
    energyMaxWh: num,
    energyMinWh: num,
    powerAvgW: num,
    powerMaxW: num,
    samples: int,
  }),
);

export const journalView = matches<JournalView>()(
  z.object({
    time: timestamp,
    direction: z.enum(['in', 'out']),
    messageType: int,
    messageId: text,
    action: text,
    protocol: text,
    frame: z.string(),
  }),
);

export const transactionView = matches<TransactionView>()(
  z.object({
    id: int,
    chargerId: z.string(),
    transactionRef: z.string(),
    operatorId: text,
    stationId: text,
    evseId: int.nullable(),
    connectorId: int.nullable(),
    idTag: text.describe('null for the regulator role: an id token identifies a driver'),
    startedAt: when,
    stoppedAt: when,
    meterStartWh: num,
    meterStopWh: num,
    energyWh: num,
    durationS: num,
    stopReason: text,
    chargingState: text,
  }),
);

export const commandAuditView = matches<CommandAuditView>()(
  z.object({
    id: int,
    chargerId: z.string(),
    command: z.unknown(),
    tokenId: text,
    principalName: z.string(),
    role: z.string(),
    requestedAt: timestamp,
    answeredAt: when,
    outcome: z.enum(['pending', 'accepted', 'refused', 'failed']),
    status: text,
    errorCode: text,
    result: z.unknown(),
  }),
);

export const tokenView = matches<TokenRecord>()(
  z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(roles),
    operatorId: text,
    createdBy: text,
    createdAt: timestamp,
    revokedAt: when,
  }),
);

export const commandResultView = matches<CommandResult>()(
  z.object({ status: z.string(), accepted: z.boolean(), data: z.unknown().optional() }),
);
