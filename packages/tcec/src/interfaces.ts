/**
 * The interfaces pilewatch serves or calls, each with the schema of its request Data and response Data.
 * `pull` interfaces are served by the data holder and called by the supervisor; `push` interfaces are
 * served by the supervisor and called by the data holder on every change.
 */
import { z } from 'zod';
import { parseDate, parseDateTime } from './china-time.js';
import { operatorIdSchema } from './envelope.js';
import {
  connectorStatusInfoSchema,
  dateSchema,
  operatorInfoSchema,
  stationInfoSchema,
  stationStatsSchema,
  stationStatusInfoSchema,
} from './objects.js';

/** query_token SuccStat and FailReason. */
export const SuccStat = { Succeeded: 0, Failed: 1 } as const;
export const FailReason = { None: 0, UnknownOperator: 1, WrongSecret: 2 } as const;

/** Push answer Status. */
export const PushStatus = { Accepted: 0, Ignored: 1 } as const;

const dateTimeSchema = z.string().refine((t) => parseDateTime(t) !== undefined, 'must be yyyy-MM-dd HH:mm:ss');

const pageRequest = z.object({
  LastQueryTime: dateTimeSchema.optional(),
  PageNo: z.number().int().positive().default(1),
  PageSize: z.number().int().positive().default(10),
});

const page = {
  PageNo: z.number().int().positive(),
  PageCount: z.number().int().nonnegative(),
  ItemSize: z.number().int().nonnegative(),
};

export const queryTokenRequestSchema = z.object({
  OperatorID: operatorIdSchema,
  OperatorSecret: z.string().min(1),
});

export const queryTokenResponseSchema = z.object({
  OperatorID: operatorIdSchema,
  SuccStat: z.union([z.literal(SuccStat.Succeeded), z.literal(SuccStat.Failed)]),
  AccessToken: z.string(),
  /** Seconds the token stays valid. */
  TokenAvailableTime: z.number().int().nonnegative(),
  FailReason: z.union([z.literal(FailReason.None), z.literal(FailReason.UnknownOperator), z.literal(FailReason.WrongSecret)]),
});

export const queryStationsInfoRequestSchema = pageRequest;
export const queryStationsInfoResponseSchema = z.object({ ...page, StationInfos: z.array(stationInfoSchema) });

export const queryStationStatusRequestSchema = z.object({
  StationIDs: z.array(z.string().min(1).max(20)).min(1).max(50),
});
export const queryStationStatusResponseSchema = z.object({
  Total: z.number().int().nonnegative().optional(),
  StationStatusInfos: z.array(stationStatusInfoSchema),
});

export const queryStationStatsRequestSchema = z
  .object({ StationID: z.string().min(1).max(20), StartTime: dateSchema, EndTime: dateSchema })
  .refine((r) => parseDate(r.StartTime)! <= parseDate(r.EndTime)!, {
    message: 'must not be before StartTime',
    path: ['EndTime'],
  });
export const queryStationStatsResponseSchema = z.object({ StationStats: stationStatsSchema });

const pushResponse = z.object({
  Status: z.union([z.literal(PushStatus.Accepted), z.literal(PushStatus.Ignored)]),
});

export const notificationStationStatusRequestSchema = z.object({ ConnectorStatusInfo: connectorStatusInfoSchema });
export const notificationStationInfoRequestSchema = z.object({ StationInfo: stationInfoSchema });

export const superviseQueryOperatorInfoRequestSchema = pageRequest;
export const superviseQueryOperatorInfoResponseSchema = z.object({ ...page, OperatorInfos: z.array(operatorInfoSchema) });

interface InterfaceSpec {
  kind: 'token' | 'pull' | 'push';
  request: z.ZodType;
  response: z.ZodType;
}

export const tcecInterfaces = {
  query_token: { kind: 'token', request: queryTokenRequestSchema, response: queryTokenResponseSchema },
  query_stations_info: { kind: 'pull', request: queryStationsInfoRequestSchema, response: queryStationsInfoResponseSchema },
  query_station_status: { kind: 'pull', request: queryStationStatusRequestSchema, response: queryStationStatusResponseSchema },
  query_station_stats: { kind: 'pull', request: queryStationStatsRequestSchema, response: queryStationStatsResponseSchema },
  supervise_query_operator_info: {
    kind: 'pull',
    request: superviseQueryOperatorInfoRequestSchema,
    response: superviseQueryOperatorInfoResponseSchema,
  },
  notification_stationStatus: { kind: 'push', request: notificationStationStatusRequestSchema, response: pushResponse },
  notification_stationInfo: { kind: 'push', request: notificationStationInfoRequestSchema, response: pushResponse },
} as const satisfies Record<string, InterfaceSpec>;

export type InterfaceName = keyof typeof tcecInterfaces;
export const interfaceNames = Object.keys(tcecInterfaces) as InterfaceName[];

export function isInterfaceName(name: string): name is InterfaceName {
  return Object.hasOwn(tcecInterfaces, name);
}

/** The request Data schema of an interface, typed for any of them (what `openRequest` takes). */
export function requestSchemaOf<N extends InterfaceName>(name: N): z.ZodType<ParsedInterfaceRequest<N>> {
  // TypeScript cannot narrow the table by a generic key; the table itself is what makes this true.
  return tcecInterfaces[name].request as unknown as z.ZodType<ParsedInterfaceRequest<N>>;
}

export function responseSchemaOf<N extends InterfaceName>(name: N): z.ZodType<InterfaceResponse<N>> {
  return tcecInterfaces[name].response as unknown as z.ZodType<InterfaceResponse<N>>;
}

/** What a caller writes as request Data (defaults may be left out). */
export type InterfaceRequest<N extends InterfaceName> = z.input<(typeof tcecInterfaces)[N]['request']>;
/** Request Data as the server sees it after validation (defaults filled in). */
export type ParsedInterfaceRequest<N extends InterfaceName> = z.output<(typeof tcecInterfaces)[N]['request']>;
export type InterfaceResponse<N extends InterfaceName> = z.output<(typeof tcecInterfaces)[N]['response']>;

export type QueryTokenRequest = z.infer<typeof queryTokenRequestSchema>;
export type QueryTokenResponse = z.infer<typeof queryTokenResponseSchema>;
export type QueryStationsInfoRequest = z.output<typeof queryStationsInfoRequestSchema>;
export type QueryStationsInfoResponse = z.infer<typeof queryStationsInfoResponseSchema>;
export type QueryStationStatusRequest = z.infer<typeof queryStationStatusRequestSchema>;
export type QueryStationStatusResponse = z.infer<typeof queryStationStatusResponseSchema>;
export type QueryStationStatsRequest = z.infer<typeof queryStationStatsRequestSchema>;
export type QueryStationStatsResponse = z.infer<typeof queryStationStatsResponseSchema>;
export type NotificationStationStatusRequest = z.infer<typeof notificationStationStatusRequestSchema>;
export type NotificationStationInfoRequest = z.infer<typeof notificationStationInfoRequestSchema>;
export type PushResponse = z.infer<typeof pushResponse>;
export type SuperviseQueryOperatorInfoRequest = z.output<typeof superviseQueryOperatorInfoRequestSchema>;
export type SuperviseQueryOperatorInfoResponse = z.infer<typeof superviseQueryOperatorInfoResponseSchema>;
