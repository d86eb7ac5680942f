/**
 * What the API answers, as the page receives it: the store's and the plan core's own types (type-only
 * imports: nothing of those packages is bundled) in their JSON form, where dates are ISO strings.
 */
import type {
  AlertView,
  ChargerSummary,
  ChargerView,
  ConnectorStatusView,
  DivisionImportCounts,
  MonthlyReportSummary,
  MonthlyReport as StoredMonthlyReport,
  MonthlyReportRow,
  OperatorView,
  Paged,
  RegisteredEvsView,
  StationView,
  StatusEventView,
  StatusOverview,
  MeterBucketView,
  TransactionView,
  UncoveredDivision,
} from '@pilewatch/store';
import type { PlanProgress } from '@pilewatch/supervision';

/** What a value looks like after JSON.stringify: dates become strings. */
export type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type Role = 'admin' | 'operator' | 'regulator' | 'province';

export interface Me {
  tokenId: string;
  name: string;
  role: Role;
  operatorId: string | null;
}

export type PagedJson<T> = Json<Paged<T>>;
export type Station = Json<StationView>;
export type Operator = Json<OperatorView>;
export type ChargerRow = Json<ChargerSummary>;
export type Charger = Json<ChargerView>;
export type ConnectorStatus = Json<ConnectorStatusView>;
export type Overview = Json<StatusOverview>;
export type StatusEvent = Json<StatusEventView>;
export type MeterBucket = Json<MeterBucketView>;
export type Transaction = Json<TransactionView>;
export type Alert = Json<AlertView>;
export type Progress = Json<PlanProgress>;
export type RegisteredEvs = Json<RegisteredEvsView>;
export type ReportSummary = Json<MonthlyReportSummary>;
export type Uncovered = UncoveredDivision;
export type ImportCounts = DivisionImportCounts;

export interface PlanAnswer {
  progress: Progress;
  registeredEvs: RegisteredEvs[];
  divisions: { townships: number; villages: number; withCoordinates: number };
}

export interface County {
  areaId: string;
  code: string | null;
  nameZh: string;
  nameEn: string;
  seat: { lat: number; lon: number };
  townships: number;
  villages: number;
}

/** The worker's monthly report, as stored and served. */
export type MonthlyReport = Json<StoredMonthlyReport>;
export type ReportRow = Json<MonthlyReportRow>;

/** A uptime figure for a group, as the uptime routes (issue #5) answer it; only what the page shows. */
export interface UptimeFigure {
  key: string | null;
  uptimePercent: number | null;
  onlineRatePercent: number | null;
}
